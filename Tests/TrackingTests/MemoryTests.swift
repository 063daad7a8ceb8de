import Foundation
import Testing
import TracklineCore
@testable import Tracking

/// Resident set size in kB from /proc/self/status (Linux), or nil elsewhere.
func residentKB() -> Int? {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in s.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}

@Suite(.serialized) struct MemoryTests {
    @Test func thirtyThousandFramesKeepMemoryFlat() throws {
        let path = NSTemporaryDirectory() + "trackline-mem-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var session = TrackingSession(tracker: ByteTrack(), frameRate: 30, interpolate: 5,
                                      writers: [try ResultWriter(path: path, format: .csv)])
        // Walkers cross a 1000-px field and are replaced: new ids all the time, ~8 in view.
        var rssAt10k = 0
        var dets: [Detection] = []
        for f in 1...30_000 {
            dets.removeAll(keepingCapacity: true)
            for k in 0..<8 {
                let phase = (f + k * 37) % 200
                if phase % 50 == 17 { continue }  // a missed detection now and then
                let x = Double(phase) * 5, y = Double(k) * 120
                dets.append(Detection(frame: f, box: BoundingBox(x: x, y: y, width: 40, height: 100), score: 0.9))
            }
            _ = try session.process(frame: f, detections: dets)
            if f == 10_000 { rssAt10k = residentKB() ?? 0 }
        }
        let rssEnd = residentKB() ?? 0
        // State is per live track, not per frame.
        if let bt = session.tracker as? ByteTrack { #expect(bt.tracked.count + bt.lost.count < 40) }
        try session.finish()
        #expect(session.rowsWritten > 200_000)
        // The 20,000 frames after the 10,000th produced ~150,000 rows (~10 MB if they were kept);
        // RSS is process-wide and other suites run alongside, so allow 8 MB of noise.
        #expect(rssEnd - rssAt10k < 8_192, "RSS grew from \(rssAt10k) kB to \(rssEnd) kB")
    }
}
