import TracklineCore

extension ByteTrack.Configuration: ParameterConfigurable {
    /// Largest `track_buffer` accepted (frames at 30 fps; about 9 hours).
    public static let maxTrackBuffer = 1_000_000

    /// Every parameter `--tracker-option` may set, declared once.
    public static let parameters = ParameterTable<Self>("bytetrack", [
        .init("track_thresh", in: 0...1, doc: "Detections scoring above this take part in the first association.",
              get: { $0.trackThreshold }, set: { $0.trackThreshold = $1 }),
        .init("low_thresh", in: 0...1, doc: "Detections scoring above this (and not above track_thresh) take part in the second association.",
              get: { $0.lowThreshold }, set: { $0.lowThreshold = $1 }),
        .init("new_track_thresh", in: 0...1, doc: "Least score of an unmatched detection that starts a track.",
              get: { $0.newTrackThreshold }, set: { $0.newTrackThreshold = $1 }),
        .init("match_thresh", in: 0...1, doc: "Largest fused cost (1 - IoU x score) accepted in the first association.",
              get: { $0.matchThreshold }, set: { $0.matchThreshold = $1 }),
        .init("low_match_thresh", in: 0...1, doc: "Largest IoU distance (1 - IoU) accepted in the second association.",
              get: { $0.lowMatchThreshold }, set: { $0.lowMatchThreshold = $1 }),
        .init("unconfirmed_match_thresh", in: 0...1, doc: "Largest fused cost accepted when matching tentative tracks.",
              get: { $0.unconfirmedMatchThreshold }, set: { $0.unconfirmedMatchThreshold = $1 }),
        .init("track_buffer", .integer, in: 0...Double(maxTrackBuffer), doc: "Frames a lost track is kept at 30 fps (scaled by frame rate / 30).",
              get: { Double($0.trackBuffer) }, set: { $0.trackBuffer = Int($1) }),
        .init("fuse_score", .flag, in: 0...1, doc: "Multiply IoU by the detection score in the first and tentative associations.",
              get: { $0.fuseScore ? 1 : 0 }, set: { $0.fuseScore = $1 != 0 }),
        .init("appearance_thresh", in: 0...2, doc: "Cosine distance below which appearance counts in the first association.",
              get: { $0.appearanceThreshold }, set: { $0.appearanceThreshold = $1 }),
        .init("proximity_thresh", in: 0...1, doc: "Largest IoU distance at which appearance counts (BoT-SORT's gate).",
              get: { $0.proximityThreshold }, set: { $0.proximityThreshold = $1 }),
        .init("feature_momentum", in: 0...1, doc: "Weight of the old vector in each track's moving average of appearance.",
              get: { Double($0.featureMomentum) }, set: { $0.featureMomentum = Float($1) }),
        .init("appearance_weight", in: 0...1, doc: "Above 0: cost = (1 - w) IoU cost + w cosine distance / 2 instead of their minimum.",
              get: { $0.appearanceWeight }, set: { $0.appearanceWeight = $1 }),
    ])
}
