import Foundation
import Testing

/// Tracking a video holds a fixed number of frames, whatever its length: peak memory of a long
/// run stays within a fixed margin of a short run's.
/// Memory and time bounds do not hold under a sanitizer (`make sanitize` sets TRACKLINE_SANITIZER),
/// which adds shadow memory and slows every access.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["TRACKLINE_SANITIZER"] == nil))
struct VideoMemoryTests {
    /// Peak memory in MB from the summary line `track` prints.
    static func peak(_ stderr: String) -> Double? {
        guard let r = stderr.range(of: "peak memory ") else { return nil }
        return Double(stderr[r.upperBound...].prefix { $0 == "." || $0.isNumber })
    }

    static func peakOfRun(frames: Int, size: String, in dir: String) throws -> Double {
        let video = "\(dir)/v\(size)-\(frames).mp4"
        if !FileManager.default.fileExists(atPath: video) {
            try CLI.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=\(size):rate=30", "-frames:v", "\(frames)", "-c:v", "libx264",
                            "-preset", "ultrafast", "-g", "60", video])
        }
        var det = ""
        for f in 1...frames {
            for k in 0..<4 { det += "\(f),-1,\(20 + (f * 3 + k * 150) % 500),\(40 + k * 30),40,90,0.9,-1,-1,-1\n" }
        }
        try det.write(toFile: dir + "/det.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["track", video, "--detections", "det.txt", "--tracker", "bytetrack", "--appearance",
                             "-o", dir + "/o.csv"], in: dir, timeout: 600)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(peak(r.stderr), "no peak memory in: \(r.stderr)")
    }

    @Test func longVideosKeepMemoryFlat() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try CLI.temporaryDirectory("memory")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let short = try Self.peakOfRun(frames: 300, size: "640x360", in: dir)
        let long = try Self.peakOfRun(frames: 4000, size: "640x360", in: dir)
        print("memory: 640x360, peak \(short) MB after 300 frames, \(long) MB after 4,000")
        // A frame is 0.7 MB; keeping one per decoded frame would add 2.5 GB.
        #expect(long - short < 20, "peak memory grew from \(short) MB to \(long) MB")
    }

    @Test func fullHDVideosKeepMemoryFlat() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try CLI.temporaryDirectory("memory-hd")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let short = try Self.peakOfRun(frames: 100, size: "1920x1080", in: dir)
        let long = try Self.peakOfRun(frames: 1000, size: "1920x1080", in: dir)
        print("memory: 1920x1080, peak \(short) MB after 100 frames, \(long) MB after 1,000")
        // A frame is 6.2 MB; keeping one per decoded frame would add 5.6 GB.
        #expect(long - short < 40, "peak memory grew from \(short) MB to \(long) MB")
    }
}
