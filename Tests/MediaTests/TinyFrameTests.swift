import Testing
@testable import Media

/// Tiny and odd frame sizes: swscale's SIMD converters store whole pixel blocks, so converting
/// into a tightly packed buffer of these sizes once corrupted the heap (a crash when the frame
/// buffer was freed).
@Suite struct TinyFrameTests {
    @Test(arguments: ["2x2", "8x8", "14x14", "10x2", "2x10", "642x358"])
    func tinyAndOddSizesConvertSafely(size: String) throws {
        guard TestSupport.hasFFmpegCLI else { print("ffmpeg CLI missing: skipped"); return }
        let dir = try TestSupport.makeTempDirectory("tiny-\(size)")
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/clip.mp4"
        let r = try TestSupport.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=red:size=\(size):rate=10",
                                              "-frames:v", "12", "-c:v", "libx264", "-pix_fmt", "yuv420p", path])
        #expect(r.status == 0)
        let dims = size.split(separator: "x").compactMap { Int($0) }
        for options in [VideoReaderOptions(format: .rgb24), VideoReaderOptions(format: .gray8),
                        VideoReaderOptions(format: .rgb24, outputSize: (width: 3, height: 5))] {
            let reader = try VideoReader(path: path, options: options)
            var frame = Frame(width: 1, height: 1, format: .gray8)
            var n = 0
            while try reader.read(into: &frame) {
                n += 1
                let w = options.outputSize?.width ?? dims[0], h = options.outputSize?.height ?? dims[1]
                #expect(frame.width == w && frame.height == h)
                #expect(frame.pixels.count == w * h * options.format.channels)
                if options.format == .rgb24, let last = frame.pixels.last {
                    // Solid red, whatever the codec's rounding: the last pixel's blue is low.
                    #expect(frame.pixels[0] > 200 && last < 60)
                }
            }
            #expect(n == 12)
        }
    }
}

/// Odd-size sources: the writer's size must be even, so it drops a last odd row or column.
@Suite struct OddSizeWriterTests {
    @Test func writerCropsAFrameOnePixelLarger() throws {
        let dir = try TestSupport.makeTempDirectory("odd-writer")
        defer { TestSupport.cleanup(dir) }
        let path = dir + "/odd.mp4"
        let writer = try VideoWriter(path: path, width: 640, height: 358, frameRate: 10)
        var frame = Frame(width: 641, height: 359, format: .rgb24)
        for i in 0..<frame.pixels.count where i % 3 == 1 { frame.pixels[i] = 200 }  // green
        for _ in 0..<5 { try writer.write(frame) }
        #expect(throws: MediaError.self) { try writer.write(Frame(width: 642, height: 358, format: .rgb24)) }
        try writer.finish()
        let reader = try VideoReader(path: path)
        #expect(reader.metadata.width == 640 && reader.metadata.height == 358)
        var out = Frame(width: 1, height: 1, format: .rgb24)
        var n = 0
        while try reader.read(into: &out) {
            n += 1
            let mid = ((179 * 640) + 320) * 3
            #expect(out.pixels[mid + 1] > 150 && out.pixels[mid] < 60)
        }
        #expect(n == 5)
    }
}
