import TracklineCore

extension SORT {
    /// Every parameter `--tracker-option` may set, declared once (the reference's defaults).
    public static let parameters = ParameterTable<SORT>("sort", [
        .init("max_age", .integer, in: 0...1_000_000, doc: "Frames a track may go unmatched before it is removed.",
              get: { Double($0.maxAge) }, set: { $0.maxAge = Int($1) }),
        .init("min_hits", .integer, in: 0...1_000_000, doc: "Consecutive matches before a track is reported.",
              get: { Double($0.minHits) }, set: { $0.minHits = Int($1) }),
        .init("iou_threshold", in: 0...1, doc: "Least IoU of a detection with a track's prediction to be matched.",
              get: { $0.iouThreshold }, set: { $0.iouThreshold = $1 }),
    ])
}
