import Media
import TracklineCore

/// A source of detections: one frame in, the boxes found in it out.
///
/// Boxes are in original-frame pixels (top-left corner plus size) and carry the frame's 1-based
/// number. A detector may keep state across frames (the motion detector keeps a background model);
/// feed it frames in order.
public protocol Detector {
    /// Detections in `frame`, in no particular order.
    mutating func detect(in frame: Frame) throws -> [Detection]
}
