import Detection
import Media
import Tracking
import TracklineCore

/// Detections from a file, served frame by frame (by `Frame.number`): the detector of a run
/// whose boxes come from a file.
public struct FileDetections: Detector {
    public let sequence: DetectionSequence
    public init(_ sequence: DetectionSequence) { self.sequence = sequence }
    public mutating func detect(in frame: Frame) throws -> [Detection] {
        let k = frame.number - sequence.frames.lowerBound
        return k >= 0 && k < sequence.byFrame.count ? sequence.byFrame[k] : []
    }
}
