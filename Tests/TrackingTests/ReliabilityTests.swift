import Foundation
import Testing
import TracklineCore
@testable import Tracking

@Suite struct ReliabilityTests {
    /// The queue between the decode and tracking threads keeps no reference to a frame it has
    /// handed out, so a buffer passed back and forth is reused in place (never copied).
    @Test func frameTimesInterpolateLostFrames() {
        var t = FrameTimes(frameRate: 10)
        t.record(frame: 1, time: 0)
        t.record(frame: 2, time: 0.1)
        t.record(frame: 5, time: 0.7)  // frames 3 and 4 were lost
        #expect(t.time(of: 1) == 0)
        #expect(abs(t.time(of: 3) - 0.3) < 1e-12)
        #expect(abs(t.time(of: 4) - 0.5) < 1e-12)
        #expect(t.time(of: 5) == 0.7)
        #expect(abs(t.time(of: 7) - 0.9) < 1e-12)
    }

    /// CSV times are the given presentation times (variable frame rate), not (frame - 1) / fps.
    @Test func sessionWritesGivenTimes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("times-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var s = TrackingSession(tracker: ByteTrack(), frameRate: 10, interpolate: 3,
                                writers: [try ResultWriter(path: path, format: .csv)])
        for f in 1...20 {
            let d = f == 7 ? [] : [Detection(frame: f, box: BoundingBox(x: 10, y: 10, width: 20, height: 40), score: 0.95)]
            _ = try s.process(frame: f, time: f <= 10 ? Double(f - 1) * 0.1 : 0.9 + Double(f - 10) * 0.25, detections: d)
        }
        try s.finish()
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        let times = Dictionary(uniqueKeysWithValues: rows.map { r in
            let f = r.split(separator: ","); return (Int(f[0])!, Double(f[1])!)
        })
        #expect(times[7] == 0.6)
        #expect(times[20] == 3.4)
    }
}
