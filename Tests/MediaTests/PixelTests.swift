import Foundation
import Testing
@testable import Media

@Suite struct PixelTests {
    @Test func rgbPixelsMatchKnownColours() throws {
        let dir = try TestSupport.makeTempDirectory("rgb")
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/colors.mp4"
        try TestSupport.writeColorClip(to: path)
        let reader = try VideoReader(path: path)
        #expect(reader.metadata.width == 64 && reader.metadata.height == 48)
        #expect(abs(reader.metadata.frameRate - 10) < 1e-9)
        var frame = Frame(width: 1, height: 1)
        var n = 0
        while try reader.read(into: &frame) {
            n += 1
            #expect(frame.number == n)
            #expect(abs(frame.timestamp - Double(n - 1) / 10) < 1e-6)
            #expect(frame.format == .rgb24 && frame.width == 64 && frame.height == 48)
            #expect(frame.pixels.count == 64 * 48 * 3)
            let want = TestSupport.palette[n - 1]
            for (x, y) in [(32, 24), (5, 5), (60, 40)] {
                let o = (y * 64 + x) * 3
                // Lossy H.264 + limited-range YUV round trip: a few levels of error.
                #expect(abs(Int(frame.pixels[o]) - Int(want.0)) <= 8, "frame \(n) R at \(x),\(y)")
                #expect(abs(Int(frame.pixels[o + 1]) - Int(want.1)) <= 8, "frame \(n) G at \(x),\(y)")
                #expect(abs(Int(frame.pixels[o + 2]) - Int(want.2)) <= 8, "frame \(n) B at \(x),\(y)")
            }
        }
        #expect(n == TestSupport.palette.count)
        #expect(reader.corruptPacketCount == 0 && reader.warnings.isEmpty)
    }

    @Test func grayIsTheLumaPlane() throws {
        let dir = try TestSupport.makeTempDirectory("gray")
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/colors.mp4"
        try TestSupport.writeColorClip(to: path)
        let reader = try VideoReader(path: path, options: VideoReaderOptions(format: .gray8))
        var n = 0
        while let frame = try reader.nextFrame() {
            n += 1
            #expect(frame.format == .gray8 && frame.pixels.count == 64 * 48)
            let want = TestSupport.limitedRangeLuma(TestSupport.palette[n - 1])
            #expect(abs(Double(frame.pixels[24 * 64 + 32]) - want) <= 4, "frame \(n): \(frame.pixels[24 * 64 + 32]) vs \(want)")
        }
        #expect(n == TestSupport.palette.count)
    }

    @Test func resizedGrayAndRgbKeepColours() throws {
        let dir = try TestSupport.makeTempDirectory("resize")
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/colors.mp4"
        try TestSupport.writeColorClip(to: path)
        for format in PixelFormat.allCases {
            let reader = try VideoReader(path: path, options: VideoReaderOptions(format: format, outputSize: (32, 20)))
            #expect(reader.outputWidth == 32 && reader.outputHeight == 20)
            var n = 0
            while let frame = try reader.nextFrame() {
                n += 1
                #expect(frame.width == 32 && frame.height == 20 && frame.pixels.count == 32 * 20 * format.channels)
                let c = TestSupport.palette[n - 1]
                let o = (10 * 32 + 16) * format.channels
                if format == .rgb24 {
                    #expect(abs(Int(frame.pixels[o]) - Int(c.0)) <= 8 && abs(Int(frame.pixels[o + 2]) - Int(c.2)) <= 8)
                } else {
                    #expect(abs(Double(frame.pixels[o]) - TestSupport.limitedRangeLuma(c)) <= 4)
                }
            }
            #expect(n == TestSupport.palette.count)
        }
    }

    @Test func startAndEndFrames() throws {
        let dir = try TestSupport.makeTempDirectory("range")
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/colors.mp4"
        try TestSupport.writeColorClip(to: path)
        let reader = try VideoReader(path: path, options: VideoReaderOptions(startFrame: 3, endFrame: 5))
        var numbers: [Int] = []
        var frame = Frame(width: 1, height: 1)
        while try reader.read(into: &frame) {
            numbers.append(frame.number)
            let c = TestSupport.palette[frame.number - 1]
            #expect(abs(Int(frame.pixels[0]) - Int(c.0)) <= 8 && abs(Int(frame.pixels[1]) - Int(c.1)) <= 8)
            #expect(abs(frame.timestamp - Double(frame.number - 1) / 10) < 1e-6)
        }
        #expect(numbers == [3, 4, 5])
        #expect(try reader.read(into: &frame) == false)

        let tail = try VideoReader(path: path, options: VideoReaderOptions(startFrame: 7))
        #expect(try tail.nextFrame()?.number == 7)
        #expect(try tail.nextFrame()?.number == 8)
        #expect(try tail.nextFrame() == nil)

        let past = try VideoReader(path: path, options: VideoReaderOptions(startFrame: 20))
        #expect(try past.nextFrame() == nil)

        #expect(throws: MediaError.self) { try VideoReader(path: path, options: VideoReaderOptions(startFrame: 0)) }
        #expect(throws: MediaError.self) { try VideoReader(path: path, options: VideoReaderOptions(startFrame: 5, endFrame: 4)) }
        #expect(throws: MediaError.self) { try VideoReader(path: path, options: VideoReaderOptions(outputSize: (0, 10))) }
    }

    @Test func readIntoReusesTheBuffer() throws {
        let dir = try TestSupport.makeTempDirectory("reuse")
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/colors.mp4"
        try TestSupport.writeColorClip(to: path)
        let reader = try VideoReader(path: path)
        var frame = Frame(width: 64, height: 48)
        let before = frame.pixels.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        while try reader.read(into: &frame) {
            let now = frame.pixels.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
            #expect(now == before)
        }
    }

    @Test func jpegSequenceIsFullRange() throws {
        guard TestSupport.hasFFmpegCLI else { print("ffmpeg CLI missing: skipped"); return }
        let dir = try TestSupport.makeTempDirectory("jpeg")
        defer { TestSupport.cleanup(dir) }
        let mp4 = dir + "/colors.mp4"
        try TestSupport.writeColorClip(to: mp4)
        try FileManager.default.createDirectory(atPath: dir + "/img1", withIntermediateDirectories: true)
        let r = try TestSupport.run("ffmpeg", ["-v", "error", "-y", "-i", mp4, "-q:v", "2", "-pix_fmt", "yuvj420p", dir + "/img1/%06d.jpg"])
        #expect(r.status == 0)
        let reader = try VideoReader(path: dir + "/img1/%06d.jpg")
        #expect(reader.metadata.containerName == "image2" && reader.metadata.codecName == "mjpeg")
        var n = 0
        while let frame = try reader.nextFrame() {
            n += 1
            let c = TestSupport.palette[n - 1]
            let o = (24 * 64 + 32) * 3
            #expect(abs(Int(frame.pixels[o]) - Int(c.0)) <= 10 && abs(Int(frame.pixels[o + 1]) - Int(c.1)) <= 10
                    && abs(Int(frame.pixels[o + 2]) - Int(c.2)) <= 10, "frame \(n)")
        }
        #expect(n == TestSupport.palette.count)

        let gray = try VideoReader(path: dir + "/img1/%06d.jpg", options: VideoReaderOptions(format: .gray8))
        n = 0
        while let frame = try gray.nextFrame() {
            n += 1
            #expect(abs(Double(frame.pixels[24 * 64 + 32]) - TestSupport.fullRangeLuma(TestSupport.palette[n - 1])) <= 6)
        }
        #expect(n == TestSupport.palette.count)
    }
}

@Suite struct HandOverTests {
    /// A reader opened on one task can be handed to another and finished there.
    @Test func readerCanMoveToAnotherTask() async throws {
        let reader = try VideoReader(path: TestSupport.clipsDirectory + "/crossing.mp4",
                                     options: VideoReaderOptions(format: .gray8, endFrame: 10))
        let first = try reader.nextFrame()?.number
        let rest = try await Task.detached { () throws -> [Int] in
            var numbers: [Int] = []
            while let f = try reader.nextFrame() { numbers.append(f.number) }
            return numbers
        }.value
        #expect(first == 1)
        #expect(rest == Array(2...10))
    }
}
