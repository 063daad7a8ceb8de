import Foundation
import Testing

/// Damaged, truncated, rotated and variable-rate videos: frame numbers, times and boxes stay
/// right, and every problem is reported.
@Suite struct VideoInputTests {
    /// Rows of a Trackline CSV as (frame, time_s, id, x, y, w, h).
    static func rows(_ path: String) throws -> [(frame: Int, time: Double, id: Int, box: [Double])] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            return (Int(f[0])!, Double(f[1])!, Int(f[2])!, f[3...6].map { Double($0)! })
        }
    }

    /// 4 KB of noise in the middle of crossing.mp4: frames after the damage keep their numbers
    /// (their boxes match the clean run's frame for frame once the picture recovers), and the
    /// loss is reported.
    @Test func framesAfterLostPacketsKeepTheirNumbers() throws {
        let dir = try CLI.temporaryDirectory("corrupt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = try #require(FileManager.default.contents(atPath: CLI.clip("crossing.mp4")))
        var state: UInt64 = 1
        for i in 62_224..<(62_224 + 4096) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes[i] = UInt8(truncatingIfNeeded: state >> 33)
        }
        try bytes.write(to: URL(fileURLWithPath: dir + "/bad.mp4"))
        try CLI.detectionsFromTruth("crossing", to: dir + "/det.txt")
        let common = ["--tracker", "bytetrack", "--appearance"]
        let clean = try CLI.run(["track", CLI.clip("crossing.mp4"), "--detections", "det.txt", "-o", "clean.csv"] + common, in: dir)
        let bad = try CLI.run(["track", "bad.mp4", "--detections", "det.txt", "-o", "bad.csv"] + common, in: dir)
        #expect(clean.status == 0 && bad.status == 0, "\(bad.stderr)")
        #expect(bad.stderr.contains("lost to damaged data"), "\(bad.stderr)")
        let c = try Self.rows(dir + "/clean.csv"), b = try Self.rows(dir + "/bad.csv")
        #expect(b.map(\.frame).max() == 180)
        // Timestamps follow the numbers: frame n is at (n - 1) / 15 s in both.
        for r in b { #expect(abs(r.time - Double(r.frame - 1) / 15) < 1e-6) }
        // The detections are the same file, so where a frame decoded, both runs saw the same
        // boxes under the same number: every frame number of the damaged run is a clean one.
        #expect(Set(b.map(\.frame)).isSubset(of: Set(c.map(\.frame))))
        let detect = try CLI.run(["detect", "bad.mp4", "--detector", "motion", "--start-frame", "170", "-o", "d.txt"], in: dir)
        #expect(detect.stderr.contains("lost to damaged data"), "\(detect.stderr)")
        #expect(try String(contentsOfFile: dir + "/d.txt", encoding: .utf8).split(separator: "\n").allSatisfy { Int($0.split(separator: ",")[0])! >= 170 })
    }

    @Test func truncatedFilesAreReported() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try CLI.temporaryDirectory("truncated")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // An MP4 with its index first (faststart), cut at 60 %: the index declares 180 frames.
        try CLI.ffmpeg(["-i", CLI.clip("crossing.mp4"), "-c", "copy", "-movflags", "+faststart", dir + "/full.mp4"])
        let full = try #require(FileManager.default.contents(atPath: dir + "/full.mp4"))
        try full.prefix(full.count * 6 / 10).write(to: URL(fileURLWithPath: dir + "/cut.mp4"))
        try CLI.detectionsFromTruth("crossing", to: dir + "/det.txt")
        let r = try CLI.run(["track", "cut.mp4", "--detections", "det.txt", "--tracker", "bytetrack", "-o", "o.csv"], in: dir)
        #expect(r.status == 0)
        #expect(r.stderr.contains("probably truncated"), "\(r.stderr)")
    }

    /// A phone video stored sideways with a display matrix: frames come out upright, like
    /// `ffmpeg` shows them, and boxes are in upright pixels.
    @Test func rotatedVideosAreTurnedUpright() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try CLI.temporaryDirectory("rotated")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CLI.ffmpeg(["-i", CLI.clip("crossing.mp4"), "-frames:v", "30", "-c", "copy", "-metadata:s:v:0", "rotate=90", dir + "/turned.mp4"])
        let probe = try CLI.run(["probe", "turned.mp4", "--json"], in: dir)
        // ffmpeg's `rotate=90` tag shows the stream a quarter turn counterclockwise.
        #expect(probe.stdout.contains("\"rotation\" : 270"), "\(probe.stdout)")
        let r = try CLI.run(["track", "turned.mp4", "--detector", "motion", "--tracker", "bytetrack", "-o", "o.csv",
                             "--render", "o.mp4"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("rotated 270° clockwise"), "\(r.stderr)")
        let size = try CLI.runProgram(CLI.which("ffprobe")!, ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", dir + "/o.mp4"])
        #expect(size.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "360,640")
        for row in try Self.rows(dir + "/o.csv") {
            #expect(row.box[0] >= -1 && row.box[0] + row.box[2] <= 361 && row.box[1] + row.box[3] <= 641)
        }
    }

    /// time_s is each frame's presentation time, also when frames are not evenly spaced.
    @Test func variableFrameRateTimesComeFromTimestamps() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try CLI.temporaryDirectory("vfr")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // 60 frames: 0.1 s apart for the first 30, 0.15 s apart after (frame 60 at 7.4 s).
        try CLI.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-frames:v", "60",
                        "-vf", "setpts='(N*0.1+gte(N,30)*(N-29)*0.05)/TB'", "-fps_mode", "vfr", "-c:v", "libx264",
                        "-preset", "ultrafast", dir + "/vfr.mkv"])
        var det = ""
        for f in 1...60 { det += "\(f),-1,100,50,40,80,0.95,-1,-1,-1\n" }
        try det.write(toFile: dir + "/det.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["track", "vfr.mkv", "--detections", "det.txt", "--tracker", "bytetrack", "-o", "o.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try Self.rows(dir + "/o.csv")
        let at60 = try #require(rows.first { $0.frame == 60 })
        #expect(abs(at60.time - 7.4) < 0.002, "frame 60 at \(at60.time) s")
        let at20 = try #require(rows.first { $0.frame == 20 })
        #expect(abs(at20.time - 1.9) < 0.002)
    }

    /// Two identical runs give byte-identical overlay videos.
    @Test func overlayIsReproducible() throws {
        let dir = try CLI.temporaryDirectory("overlay")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CLI.detectionsFromTruth("crowd", to: dir + "/det.txt")
        for k in 1...2 {
            let r = try CLI.run(["track", CLI.clip("crowd.mp4"), "--detections", "det.txt", "--tracker", "bytetrack",
                                 "--end-frame", "80", "-o", "o\(k).csv", "--render", "o\(k).mp4"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(CLI.bytes(dir + "/o1.mp4") == CLI.bytes(dir + "/o2.mp4"))
    }
}
