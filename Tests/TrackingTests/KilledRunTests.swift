import Foundation
import Testing
import TracklineCore
@testable import Tracking

@Suite(.serialized) struct KilledRunTests {
    static let childVariable = "TRACKLINE_KILL_TEST_TARGET"

    /// A run killed with SIGKILL mid-way leaves no file under the target name. The run happens
    /// in a child process (this test binary, filtered to this suite) that streams rows forever.
    @Test func killedRunLeavesNoPartialCSV() throws {
        if let target = ProcessInfo.processInfo.environment[Self.childVariable] {
            try streamForever(to: target)
            return
        }
        guard FileManager.default.fileExists(atPath: "/proc/self/exe") else { return }
        let dir = NSTemporaryDirectory() + "trackline-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/tracks.csv"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        p.arguments = ["--testing-library", "swift-testing", "--filter", "TrackingTests.KilledRunTests"]
        var env = ProcessInfo.processInfo.environment
        env[Self.childVariable] = target
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the child has written a good part of its temporary file.
        let deadline = Date().addingTimeInterval(60)
        var sawTemporary = false
        while Date() < deadline && !sawTemporary {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for n in names where n.hasSuffix(".tmp") {
                let size = (try? FileManager.default.attributesOfItem(atPath: dir + "/" + n)[.size] as? Int) ?? 0
                if size > 200_000 { sawTemporary = true }
            }
            usleep(20_000)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(sawTemporary, "the child never got going")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    func streamForever(to target: String) throws {
        var session = TrackingSession(tracker: ByteTrack(), frameRate: 30, interpolate: 0,
                                      writers: [try ResultWriter(path: target, format: .csv)])
        var f = 0
        while true {  // until killed
            f += 1
            let dets = (0..<8).map { k in
                Detection(frame: f, box: BoundingBox(x: Double((f + k * 37) % 200) * 5, y: Double(k) * 120, width: 40, height: 100), score: 0.95)
            }
            _ = try session.process(frame: f, detections: dets)
            if f > 10_000_000 { break }
        }
        try session.finish()
    }
}
