import Media
import TracklineCore

/// Two detectors as one: every box of `primary`, plus each box of `secondary` that overlaps no
/// primary box by `maxOverlap` IoU or more, its score multiplied by `secondaryWeight`. With
/// SSDLite as primary and the motion detector as secondary, moving people the CNN misses
/// (small, partly hidden) come in as low-score boxes the tracker may use to continue a track.
public struct FusedDetector<Primary: Detector, Secondary: Detector>: Detector {
    public var primary: Primary
    public var secondary: Secondary
    /// IoU with a primary box at which a secondary box is dropped as a duplicate.
    public var maxOverlap: Double
    /// Factor on a secondary box's score (its scale differs from the primary's).
    public var secondaryWeight: Float

    public init(primary: Primary, secondary: Secondary, maxOverlap: Double = 0.3, secondaryWeight: Float = 0.5) {
        self.primary = primary
        self.secondary = secondary
        self.maxOverlap = maxOverlap
        self.secondaryWeight = secondaryWeight
    }

    public mutating func detect(in frame: Frame) throws -> [Detection] {
        var boxes = try primary.detect(in: frame)
        let first = boxes.count
        for var d in try secondary.detect(in: frame) {
            var covered = false
            for k in 0..<first where boxes[k].box.iou(d.box) >= maxOverlap { covered = true; break }
            guard !covered else { continue }
            d.score *= secondaryWeight
            boxes.append(d)
        }
        return boxes
    }
}
