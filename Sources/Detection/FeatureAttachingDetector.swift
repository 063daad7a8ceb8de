import Media
import TracklineCore

/// Wraps any detector and gives each of its detections an appearance vector computed from the
/// frame by `extractor` (e.g. SSDLite boxes with colour-histogram features).
public struct FeatureAttachingDetector: Detector {
    public var base: any Detector
    public var extractor: any FeatureExtractor

    public init(_ base: any Detector, extractor: any FeatureExtractor = ColorHistogramExtractor()) {
        self.base = base
        self.extractor = extractor
    }

    public mutating func detect(in frame: Frame) throws -> [Detection] {
        var dets = try base.detect(in: frame)
        try extractor.attach(to: &dets, in: frame)
        return dets
    }
}
