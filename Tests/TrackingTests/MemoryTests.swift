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

/// Memory and time bounds do not hold under a sanitizer (`make sanitize` sets TRACKLINE_SANITIZER),
/// which adds shadow memory and slows every access.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["TRACKLINE_SANITIZER"] == nil))
struct MemoryTests {
    static let childVariable = "TRACKLINE_MEMORY_TEST_CHILD"

    /// RSS is process-wide and other suites run in parallel in this process, so the measurement
    /// runs in a child process that runs only this suite (the same test binary, filtered).
    @Test func thirtyThousandFramesKeepMemoryFlat() throws {
        if ProcessInfo.processInfo.environment[Self.childVariable] != nil || residentKB() == nil {
            try measure(allowedGrowthKB: 4_096)
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        p.arguments = ["--testing-library", "swift-testing", "--filter", "TrackingTests.MemoryTests"]
        var env = ProcessInfo.processInfo.environment
        env[Self.childVariable] = "1"
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do {
            try p.run()
        } catch {
            // Cannot re-run ourselves (unusual runner): measure here with room for the neighbours' noise.
            try measure(allowedGrowthKB: 16_384)
            return
        }
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "memory child failed:\n\(out.suffix(2_000))")
        #expect(out.contains("1 test"), "the child ran no test:\n\(out.suffix(2_000))")
    }

    func measure(allowedGrowthKB: Int) throws {
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
                dets.append(Detection(frame: f, box: BoundingBox(x: x, y: y, width: 40, height: 100), score: 0.95))
            }
            _ = try session.process(frame: f, detections: dets)
            if f == 10_000 { rssAt10k = residentKB() ?? 0 }
        }
        let rssEnd = residentKB() ?? 0
        // State is per live track, not per frame.
        if let bt = session.tracker as? ByteTrack { #expect(bt.tracked.count + bt.lost.count < 40) }
        try session.finish()
        #expect(session.rowsWritten > 200_000)
        // The last 20,000 frames made ~150,000 rows (~10 MB if they were kept in memory).
        #expect(rssEnd - rssAt10k < allowedGrowthKB, "RSS grew from \(rssAt10k) kB to \(rssEnd) kB")
        print("memory: RSS \(rssAt10k) kB at frame 10,000 -> \(rssEnd) kB at frame 30,000")
    }
}
