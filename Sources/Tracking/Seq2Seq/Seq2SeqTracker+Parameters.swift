import TracklineCore

extension Seq2SeqTracker.Configuration: ParameterConfigurable {
    /// Largest `lost_seconds` accepted (the model's `maxAge` caps the frames anyway).
    public static let maxLostSeconds = 3600.0

    /// Every parameter `--tracker-option` may set, declared once.
    public static let parameters = ParameterTable<Self>("seq2seq", [
        .init("low_thresh", in: 0...1, doc: "Detections scoring below this are ignored.",
              get: { $0.lowThreshold }, set: { $0.lowThreshold = $1 }),
        .init("new_track_thresh", in: 0...1, doc: "Least score of an unmatched detection that starts a track.",
              get: { $0.newTrackThreshold }, set: { $0.newTrackThreshold = $1 }),
        .init("min_prob", in: 0...1, doc: "Least model probability of a match.",
              get: { $0.minProbability }, set: { $0.minProbability = $1 }),
        .init("lost_seconds", in: 0...maxLostSeconds, doc: "Seconds a lost track stays matchable (capped by the model's history length).",
              get: { $0.lostSeconds }, set: { $0.lostSeconds = $1 }),
        .init("fallback_iou", in: 0...1, doc: "IoU with its Kalman prediction at which an unmatched track takes a leftover box (0: off).",
              get: { $0.fallbackIoU }, set: { $0.fallbackIoU = $1 }),
        .init("gate_growth", in: 0...100, doc: "Growth of the candidate gate per missed frame, in track heights.",
              automatic: "the model's", get: { $0.gateGrowth }, set: { $0.gateGrowth = $1 }),
        .init("kalman_weight", in: 0...100, doc: "Weight of the Kalman cue, nats per unit of (1 - IoU) with the prediction.",
              get: { $0.kalmanWeight }, set: { $0.kalmanWeight = $1 }),
        .init("miss_cost", in: 0...100, doc: "Nats added to the cost of leaving a track unmatched.",
              get: { $0.missCost }, set: { $0.missCost = $1 }),
        .init("link_min_prob", in: 0...1, doc: "Least two-way link probability that joins an ended track to a later one (0: no linking).",
              get: { $0.linkMinProbability }, set: { $0.linkMinProbability = $1 }),
        .init("link_seconds", in: 0...60, doc: "Longest gap linked, in seconds; the output lags this much.",
              automatic: "lost_seconds", get: { $0.linkSeconds }, set: { $0.linkSeconds = $1 }),
        .init("link_split_iou", in: 0...1, doc: "Cut tracks where they start or stop overlapping another by this IoU, for the linker to rejoin (0: off).",
              get: { $0.linkSplitIoU }, set: { $0.linkSplitIoU = $1 }),
        .init("report_births", .flag, in: 0...1, doc: "Also report the birth box of a track confirmed one frame later.",
              get: { $0.reportBirths ? 1 : 0 }, set: { $0.reportBirths = $1 != 0 }),
        .init("duplicate_iou", in: 0...1, doc: "IoU of a box swap between two tracks that counts towards merging them (0: off).",
              automatic: "0.7 with appearance vectors, else 0", get: { $0.duplicateIoU }, set: { $0.duplicateIoU = $1 }),
        .init("duplicate_swaps", .integer, in: 1...1000, doc: "Swaps between the same two tracks before the younger one ends.",
              get: { Double($0.duplicateSwaps) }, set: { $0.duplicateSwaps = Int($1) }),
    ])
}
