import Detection
import Foundation
import Media
import Testing
import TracklineCore
import Tracking
@testable import Pipeline

/// Finds the bounding box of bright pixels: enough of a detector for a synthetic clip.
struct BrightBlobDetector: Detector {
    mutating func detect(in frame: Frame) throws -> [Detection] {
        var x0 = Int.max, y0 = Int.max, x1 = -1, y1 = -1
        let c = frame.format.channels
        for y in 0..<frame.height {
            for x in 0..<frame.width where frame.pixels[(y * frame.width + x) * c] > 200 {
                x0 = min(x0, x); y0 = min(y0, y); x1 = max(x1, x); y1 = max(y1, y)
            }
        }
        guard x1 >= 0 else { return [] }
        return [Detection(frame: frame.number, box: BoundingBox(x1: Double(x0), y1: Double(y0), x2: Double(x1 + 1), y2: Double(y1 + 1)), score: 0.95)]
    }
}

@Suite(.serialized) struct PipelineTests {
    /// A 40-frame clip of a white square moving right on grey.
    func makeClip(_ path: String) throws {
        let w = try VideoWriter(path: path, width: 96, height: 64, frameRate: 10)
        var f = Frame(width: 96, height: 64)
        for n in 1...40 {
            for i in f.pixels.indices { f.pixels[i] = 60 }
            for y in 20..<44 { for x in (n + 10)..<(n + 26) { for ch in 0..<3 { f.pixels[(y * 96 + x) * 3 + ch] = 250 } } }
            try w.write(f)
        }
        try w.finish()
    }

    @Test func videoToTracksAndOverlayKeepsSourceFrameNumbers() throws {
        let d = NSTemporaryDirectory() + "trackline-pipe-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: d) }
        try makeClip(d + "/clip.mp4")
        let reader = try VideoReader(path: d + "/clip.mp4", options: VideoReaderOptions(format: .rgb24, startFrame: 5, endFrame: 30))
        var session = TrackingSession(tracker: ByteTrack(), frameRate: 10, interpolate: 0,
                                      writers: [try ResultWriter(path: d + "/t.csv", format: .csv)])
        let overlay = try VideoWriter(path: d + "/overlay.mp4", width: 96, height: 64, frameRate: 10)
        var detector: any Detector = BrightBlobDetector()
        var sinks: [any FrameSink] = [OverlaySink(writer: overlay)]
        var job = TrackingJob()
        job.video = d + "/clip.mp4"
        job.detector = .motion
        job.tracker = "bytetrack"
        let runner = JobRunner(try job.resolve())
        let timing = try runner.drive(source: VideoFrameSource(reader: reader, depth: 2, expectedFrames: nil), detector: &detector,
                                      session: &session, sinks: &sinks, observer: LoggingObserver())
        #expect(timing.frames == 26)
        let rows = try TracklineCSV.read(path: d + "/t.csv")
        #expect(rows.map(\.frame) == Array(5...30))
        #expect(Set(rows.map(\.trackID)) == [1])
        #expect(abs(rows[0].box.x - 15) < 1.5)
        let back = try VideoReader(path: d + "/overlay.mp4")
        #expect(try back.countFrames() == 26)
    }

    @Test func overlayDrawsBoxAndLabelInTheTrackColour() {
        var f = Frame(width: 120, height: 100)
        var r = OverlayRenderer()
        let b = TrackedBox(frame: 1, trackID: 7, box: BoundingBox(x: 30, y: 40, width: 40, height: 50), score: 1)
        r.draw([b], on: &f)
        let c = OverlayRenderer.colour(for: 7)
        let i = (60 * 120 + 30) * 3  // left edge of the box
        #expect((f.pixels[i], f.pixels[i + 1], f.pixels[i + 2]) == c)
        #expect(f.pixels[(70 * 120 + 50) * 3] == 0)  // inside stays untouched
        #expect(OverlayRenderer.colour(for: 7) != OverlayRenderer.colour(for: 8))
    }

    @Test func overlaySkipsFarOffBoxesInsteadOfTrapping() {
        var f = Frame(width: 40, height: 30)
        var r = OverlayRenderer()
        for (k, x) in [1e300, -1e300, 5, 1e300].enumerated() {
            let b = TrackedBox(frame: k + 1, trackID: 3, box: BoundingBox(x: x, y: 1e200, width: 1e300, height: 10), score: 1)
            f.number = k + 1
            r.draw([b], on: &f)
        }
        #expect(f.pixels.allSatisfy { $0 == 0 })
    }
}
