import Foundation
import Testing
@testable import Media

/// Videos with a display matrix (phone recordings) come out upright, turned the way `ffmpeg`
/// turns them, in both pixel formats; `autorotate` off gives the stored frames.
@Suite struct RotationTests {
    /// The clip with a display matrix asking for `degrees` (ffmpeg's `rotate` tag).
    static func rotatedClip(_ degrees: Int, in dir: String) throws -> String {
        let path = "\(dir)/turned\(degrees).mp4"
        let r = try TestSupport.run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", TestSupport.clipsDirectory + "/crossing.mp4",
                                               "-frames:v", "3", "-c", "copy", "-metadata:s:v:0", "rotate=\(degrees)", path])
        #expect(r.status == 0)
        return path
    }

    /// Turns a packed image a quarter turn counterclockwise `k` times.
    static func counterclockwise(_ px: [UInt8], width: Int, height: Int, channels: Int, _ k: Int) -> (pixels: [UInt8], width: Int, height: Int) {
        var out = (pixels: px, width: width, height: height)
        for _ in 0..<(k % 4) {
            let w = out.width, h = out.height
            var next = [UInt8](repeating: 0, count: px.count)
            // Source (x, y) goes to (y, w - 1 - x) in an h-wide image.
            for y in 0..<h {
                for x in 0..<w {
                    for c in 0..<channels { next[((w - 1 - x) * h + y) * channels + c] = out.pixels[(y * w + x) * channels + c] }
                }
            }
            out = (next, h, w)
        }
        return out
    }

    @Test(arguments: [90, 180, 270])
    func framesAreTurnedAsFFmpegTurnsThem(degrees: Int) throws {
        guard TestSupport.hasFFmpegCLI else { print("ffmpeg CLI missing: skipped"); return }
        let dir = try TestSupport.makeTempDirectory("rotation")
        defer { TestSupport.cleanup(dir) }
        let path = try Self.rotatedClip(degrees, in: dir)
        // ffmpeg's own upright decode of frame 1.
        let raw = dir + "/upright.rgb"
        _ = try TestSupport.run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", raw])
        let reference = try #require(FileManager.default.contents(atPath: raw))
        for format in [PixelFormat.rgb24, .gray8] {
            var stored = VideoReaderOptions(format: format)
            stored.autorotate = false
            let plain = try #require(try VideoReader(path: path, options: stored).nextFrame())
            let reader = try VideoReader(path: path, options: VideoReaderOptions(format: format))
            let turned = try #require(try reader.nextFrame())
            #expect(reader.metadata.rotation != 0)
            #expect(reader.outputWidth == turned.width && reader.outputHeight == turned.height)
            // Our upright frame is the stored one turned by a whole number of quarter turns...
            let k = (360 - reader.metadata.rotation) / 90
            let expected = Self.counterclockwise(plain.pixels, width: plain.width, height: plain.height, channels: format.channels, k)
            #expect(turned.width == expected.width && turned.height == expected.height)
            #expect(turned.pixels == expected.pixels, "\(degrees)° \(format)")
            // ...and the same turn as ffmpeg's (colour conversion differs by a few levels).
            if format == .rgb24 {
                #expect(reference.count == turned.pixels.count)
                let diff = zip(reference, turned.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
                #expect(Double(diff) / Double(max(1, reference.count)) < 3, "\(degrees)°: mean difference from ffmpeg \(Double(diff) / Double(reference.count))")
            }
        }
    }
}
