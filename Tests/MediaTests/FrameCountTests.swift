import Foundation
import Testing
@testable import Media

@Suite struct FrameCountTests {
    @Test func bundledClipsMatchFFprobe() throws {
        let clips = try FileManager.default.contentsOfDirectory(atPath: TestSupport.clipsDirectory)
            .filter { $0.hasSuffix(".mp4") }.sorted()
        #expect(clips.contains("crossing.mp4"))
        for clip in clips {
            let path = TestSupport.clipsDirectory + "/" + clip
            let reader = try VideoReader(path: path)
            let n = try reader.countFrames()
            #expect(n > 0)
            if let declared = reader.metadata.frameCount { #expect(n == declared, "\(clip)") }
            if TestSupport.hasFFmpegCLI {
                #expect(n == (try TestSupport.ffprobeFrameCount(path)), "\(clip)")
            }
        }
    }

    @Test(arguments: [
        ("mp4", ["-c:v", "libx264", "-bf", "3", "-pix_fmt", "yuv420p"]),
        ("mkv", ["-c:v", "libx264", "-bf", "2", "-pix_fmt", "yuv420p"]),
        ("avi", ["-c:v", "mpeg4", "-q:v", "5"]),
    ])
    func ffmpegMadeFilesMatchFFprobe(ext: String, codecArgs: [String]) throws {
        guard TestSupport.hasFFmpegCLI else { print("ffmpeg CLI missing: skipped"); return }
        let dir = try TestSupport.makeTempDirectory("count-\(ext)")
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/clip.\(ext)"
        let r = try TestSupport.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=192x108:rate=24",
                                              "-frames:v", "73"] + codecArgs + [path])
        #expect(r.status == 0)
        let want = try TestSupport.ffprobeFrameCount(path)
        #expect(want == 73)
        let reader = try VideoReader(path: path)
        #expect(reader.metadata.width == 192 && reader.metadata.height == 108)
        var frame = Frame(width: 1, height: 1, format: .gray8)
        var n = 0
        var last = -1.0
        while try reader.read(into: &frame) {
            n += 1
            #expect(frame.number == n)
            // Decode order is display order for these streams once reordered by the decoder.
            #expect(frame.timestamp > last)
            last = frame.timestamp
        }
        #expect(n == want)
        #expect(abs(last - 72.0 / 24.0) < 0.01)
    }
}
