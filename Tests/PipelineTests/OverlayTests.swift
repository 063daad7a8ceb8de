import Foundation
import Testing
import TracklineCore
@testable import Pipeline

/// Collects the boxes drawn on each overlay frame.
final class DrawnBoxes: RunObserver {
    var frames: [Int: [TrackedBox]] = [:]
    var order: [Int] = []
    func warning(_ message: String) {}
    func note(_ message: String) {}
    func overlayFrame(_ frame: Int, boxes: [TrackedBox]) {
        order.append(frame)
        frames[frame] = boxes
    }
}

@Suite(.serialized) struct OverlayTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The overlay of a video file draws the CSV's rows: the final ids (after seq2seq links
    /// tracklets) and the filtered boxes, frame by frame, on every decoded frame.
    @Test func overlayDrawsTheCSVsIdsAndBoxes() throws {
        let d = NSTemporaryDirectory() + "trackline-overlay-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: d) }
        var job = TrackingJob()
        job.video = Self.repoRoot.appendingPathComponent("Clips/occlusion.mp4").path
        job.detector = .motion
        job.tracker = "seq2seq"
        job.endFrame = 120
        job.output = d + "/tracks.csv"
        job.render = d + "/overlay.mp4"
        let drawn = DrawnBoxes()
        let summaries = try JobRunner(try job.resolve()).run(observer: drawn)
        #expect(drawn.order == Array(1...120), "every decoded frame is drawn once, in order")
        #expect(summaries[0].renderSeconds > 0)
        let rows = try TracklineCSV.read(path: d + "/tracks.csv")
        #expect(!rows.isEmpty)
        var csv: [Int: [TrackedBox]] = [:]
        for r in rows { csv[r.frame, default: []].append(r.trackedBox) }
        for frame in 1...120 {
            let a = (drawn.frames[frame] ?? []).map { [Double($0.trackID), $0.box.x, $0.box.y, $0.box.width, $0.box.height] }
            let b = (csv[frame] ?? []).map { [Double($0.trackID), $0.box.x, $0.box.y, $0.box.width, $0.box.height] }
            #expect(a == b, "frame \(frame): drawn \(a), CSV \(b)")
        }
        // Nothing is left in the temporary folder.
        let spools = (try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()))
            .filter { $0.hasPrefix("trackline-overlay-\(ProcessInfo.processInfo.processIdentifier)-") }
        #expect(spools.isEmpty)
        #expect(FileManager.default.fileExists(atPath: d + "/overlay.mp4"))
    }
}
