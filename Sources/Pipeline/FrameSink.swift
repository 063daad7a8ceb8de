import Media
import Tracking
import TracklineCore

/// Takes every frame of a run with what was found in it: the overlay video and the saved
/// detections. Result rows (CSV, MOT) go through `TrackingSession`'s writers instead, because
/// they follow the tracker's final boxes, which may come later than the frame.
protocol FrameSink {
    /// `boxes` are the tracker's boxes for this frame as `update` reported them.
    mutating func consume(_ frame: inout Frame, detections: [Detection], boxes: [TrackedBox]) throws
    /// Completes the output and moves it into place.
    mutating func finish() throws
    /// Abandons the output; its target is untouched.
    mutating func discard()
    /// Time spent in `consume`, in seconds.
    var seconds: Double { get }
}

/// Draws tracks on each frame and encodes the overlay video.
struct OverlaySink: FrameSink {
    var renderer = OverlayRenderer()
    let writer: VideoWriter
    var seconds = 0.0
    private let clock = ContinuousClock()

    init(writer: VideoWriter) { self.writer = writer }

    mutating func consume(_ frame: inout Frame, detections: [Detection], boxes: [TrackedBox]) throws {
        let t0 = clock.now
        renderer.draw(boxes, on: &frame)
        try writer.write(frame)
        seconds += (clock.now - t0) / .seconds(1)
    }

    mutating func finish() throws { try writer.finish() }
    mutating func discard() {}
}

/// Writes the detector's boxes as a MOTChallenge det.txt (`frame,-1,x,y,w,h,score,-1,-1,-1`),
/// streamed frame by frame.
struct DetectionsSink: FrameSink {
    let writer: ResultWriter
    var seconds: Double { 0 }

    init(path: String) throws { writer = try ResultWriter(path: path, format: .mot, option: "--save-detections") }

    mutating func consume(_ frame: inout Frame, detections: [Detection], boxes: [TrackedBox]) throws {
        try writer.write(detections.map { TrackedBox(frame: $0.frame, trackID: -1, box: $0.box, score: $0.score) }, time: 0)
    }

    mutating func finish() throws { try writer.commit() }
    mutating func discard() { writer.discard() }
}
