import Foundation
import Testing
@testable import Media

@Suite struct ErrorTests {
    private func openError(_ path: String) -> MediaError? {
        do {
            _ = try VideoReader(path: path)
            return nil
        } catch let error as MediaError {
            #expect(!error.description.isEmpty)
            return error
        } catch {
            Issue.record("untyped error \(error)")
            return nil
        }
    }

    @Test func badInputsGiveTypedErrors() throws {
        let dir = try TestSupport.makeTempDirectory("errors")
        defer { TestSupport.cleanup(dir) }
        let fm = FileManager.default

        #expect(openError(dir + "/missing.mp4") == .fileNotFound(path: dir + "/missing.mp4"))
        // A folder is read as a folder of images; this one has none (only files made below).
        #expect(openError(dir) == .noImages(path: dir))
        #expect(openError(dir + "/nothing/%06d.jpg") == .fileNotFound(path: dir + "/nothing/%06d.jpg"))

        let empty = dir + "/empty.mp4"
        _ = fm.createFile(atPath: empty, contents: Data())
        #expect(openError(empty) == .emptyFile(path: empty))

        let text = dir + "/notes.mp4"
        try "This is a text file, not a video.\nSecond line.\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(openError(text) == .notAVideo(path: text))

        var rng = SplitMix64(seed: 7)
        let random = dir + "/random.mp4"
        _ = fm.createFile(atPath: random, contents: Data((0..<200_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }))
        let randomError = openError(random)
        #expect(randomError == .notAVideo(path: random) || randomError == .noVideoStream(path: random), "\(String(describing: randomError))")

        let good = dir + "/good.mp4"
        try TestSupport.writeColorClip(to: good)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let truncated = dir + "/truncated.mp4"
        _ = fm.createFile(atPath: truncated, contents: bytes.prefix(bytes.count / 2))
        let truncatedError = openError(truncated)
        if case .truncatedOrCorrupt = truncatedError {} else { Issue.record("truncated MP4 gave \(String(describing: truncatedError))") }

        if getuid() != 0 {
            let locked = dir + "/locked.mp4"
            _ = fm.createFile(atPath: locked, contents: bytes)
            chmod(locked, 0)
            #expect(openError(locked) == .notReadable(path: locked))
        }
    }

    @Test func audioOnlyHasNoVideoStream() throws {
        guard TestSupport.hasFFmpegCLI else { print("ffmpeg CLI missing: skipped"); return }
        let dir = try TestSupport.makeTempDirectory("audio")
        defer { TestSupport.cleanup(dir) }
        let wav = dir + "/tone.wav"
        try TestSupport.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=0.5", wav])
        #expect(openError(wav) == .noVideoStream(path: wav))
    }

    @Test func corruptPacketsAreCountedAndDecodingGoesOn() throws {
        guard TestSupport.hasFFmpegCLI else { print("ffmpeg CLI missing: skipped"); return }
        let dir = try TestSupport.makeTempDirectory("corrupt")
        defer { TestSupport.cleanup(dir) }
        let avi = dir + "/clean.avi"
        try TestSupport.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25",
                                       "-frames:v", "40", "-c:v", "mjpeg", "-q:v", "5", avi])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: avi)))
        // Wreck the headers of two JPEG frames in the middle (just after their SOI markers).
        var rng = SplitMix64(seed: 3)
        var soi: [Int] = []
        for i in 0..<(bytes.count - 1) where bytes[i] == 0xFF && bytes[i + 1] == 0xD8 { soi.append(i) }
        #expect(soi.count >= 40)
        for k in [15, 25] where k < soi.count {
            for i in (soi[k] + 2)..<(soi[k] + 300) { bytes[i] = UInt8(truncatingIfNeeded: rng.next()) }
        }
        let damaged = dir + "/damaged.avi"
        _ = FileManager.default.createFile(atPath: damaged, contents: Data(bytes))

        let reader = try VideoReader(path: damaged)
        var frame = Frame(width: 1, height: 1)
        var n = 0
        while try reader.read(into: &frame) { n += 1 }
        #expect(n >= 30 && n < 40)
        #expect(reader.corruptPacketCount >= 1)
        #expect(!reader.warnings.isEmpty)
        #expect(n == (try TestSupport.ffprobeFrameCount(damaged)))
    }
}

@Suite struct PatternTests {
    @Test func imagePatternsAreParsedWithoutPrintf() {
        #expect(VideoReader.imagePatternParts("img1/%06d.jpg").map { [$0.prefix, "\($0.width)", $0.suffix] } == ["img1/", "6", ".jpg"])
        #expect(VideoReader.imagePatternParts("a%%b%d.png").map { [$0.prefix, "\($0.width)", $0.suffix] } == ["a%b", "0", ".png"])
        #expect(VideoReader.imagePatternParts("x%s%06d.jpg") == nil)
        #expect(VideoReader.imagePatternParts("%d%d.jpg") == nil)
        #expect(VideoReader.imagePatternParts("plain.mp4") == nil)
        if let parts = VideoReader.imagePatternParts("f/%04d.jpg") {
            #expect(VideoReader.imagePatternPath(parts, 7) == "f/0007.jpg")
            #expect(VideoReader.imagePatternPath(parts, 123456) == "f/123456.jpg")
        }
    }

    @Test func printfLookalikesDoNotCrash() throws {
        let dir = try TestSupport.makeTempDirectory("printf")
        defer { TestSupport.cleanup(dir) }
        for name in ["%s%06d.jpg", "%n%d.png", "%@.mp4", "100%.mp4"] {
            #expect(throws: MediaError.fileNotFound(path: dir + "/" + name)) { try VideoReader(path: dir + "/" + name) }
        }
    }
}

@Suite(.serialized) struct LogLevelTests {
    @Test func logLevelIsSilencedAndConfigurable() throws {
        let dir = try TestSupport.makeTempDirectory("log")
        defer { TestSupport.cleanup(dir) }
        try TestSupport.writeColorClip(to: dir + "/c.mp4")
        _ = try VideoReader(path: dir + "/c.mp4")
        #expect(FFmpegLog.level == FFmpegLog.Level.quiet.rawValue)
        FFmpegLog.setLevel(.error)
        #expect(FFmpegLog.level == FFmpegLog.Level.error.rawValue)
        _ = try VideoReader(path: dir + "/c.mp4")
        #expect(FFmpegLog.level == FFmpegLog.Level.error.rawValue)
        FFmpegLog.setLevel(.quiet)
    }
}

@Suite struct TruncatedTests {
    @Test func faststartMP4CutShortDecodesWhatIsThereAndWarns() throws {
        guard TestSupport.hasFFmpegCLI else { print("ffmpeg CLI missing: skipped"); return }
        let dir = try TestSupport.makeTempDirectory("faststart")
        defer { TestSupport.cleanup(dir) }
        let full = dir + "/full.mp4"
        try TestSupport.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25",
                                       "-frames:v", "60", "-c:v", "libx264", "-movflags", "+faststart", full])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        let cut = dir + "/cut.mp4"
        _ = FileManager.default.createFile(atPath: cut, contents: bytes.prefix(bytes.count / 2))
        let reader = try VideoReader(path: cut)
        var frame = Frame(width: 1, height: 1)
        var n = 0
        while try reader.read(into: &frame) { n += 1 }
        #expect(n > 0 && n < 60)
        #expect(n == (try TestSupport.ffprobeFrameCount(cut)))
        #expect(reader.endedEarly)
        #expect(reader.warnings.contains { $0.contains("truncated") })
    }
}
