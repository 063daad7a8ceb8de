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
        // Walkers cross a 1000-px field and are replaced: new ids all the time, ~6 in view.
        var rssAt5k = 0
        var dets: [Detection] = []
        for f in 1...30_000 {
            dets.removeAll(keepingCapacity: true)
            for k in 0..<6 {
                let phase = (f + k * 37) % 200
                if phase % 50 == 17 { continue }  // a missed detection now and then
                let x = Double(phase) * 5, y = Double(k) * 120
                dets.append(Detection(frame: f, box: BoundingBox(x: x, y: y, width: 40, height: 100), score: 0.9))
            }
            _ = try session.process(frame: f, detections: dets)
            if f == 5_000 { rssAt5k = residentKB() ?? 0 }
        }
        let rssEnd = residentKB() ?? 0
        try session.finish()
        #expect(session.rowsWritten > 150_000)
        // Everything the run holds is per live track; allow 2 MB of allocator noise.
        #expect(rssEnd - rssAt5k < 2_048, "RSS grew from \(rssAt5k) kB to \(rssEnd) kB")
    }
}
