import Foundation
import Media
import Tracking
import TracklineCore

/// Draws the overlay video of a file source after tracking, so that it shows what the result
/// files hold: the final ids (after seq2seq's tracklet linking) and the smoothed, gap-filled
/// boxes. The video is decoded a second time (on its own thread, `depth` frame buffers) and
/// each frame drawn with its rows from the `OverlaySpool`.
struct OverlayPass {
    let reader: VideoReader
    let spool: OverlaySpool
    let writer: VideoWriter
    var depth = 4

    /// Draws and encodes every frame; returns the seconds it took. `observer` is told the boxes
    /// drawn on each frame.
    func run(observer: RunObserver) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var rows = try OverlaySpoolReader(path: spool.path)
        var renderer = OverlayRenderer()
        var boxes: [TrackedBox] = []
        let source = VideoFrameSource(reader: reader, depth: depth, expectedFrames: nil)
        defer { source.stop() }
        while var frame = try source.next() {
            rows.boxes(for: frame.number, into: &boxes)
            observer.overlayFrame(frame.number, boxes: boxes)
            renderer.draw(boxes, on: &frame)
            try writer.write(frame)
            source.recycle(frame)
        }
        try writer.finish()
        return (clock.now - start) / .seconds(1)
    }
}
