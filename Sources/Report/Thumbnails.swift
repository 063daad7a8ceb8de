import Foundation
import Media

/// Frames of a video as small JPEG images (base64), for the report's pictures.
enum Thumbnails {
    /// Largest thumbnail width in pixels.
    static let maxWidth = 640

    /// Thumbnail size for frames of `width` x `height` pixels: at most `maxWidth` wide, even
    /// sides, the frame's aspect ratio.
    static func size(width: Int, height: Int) -> (width: Int, height: Int) {
        let w = min(maxWidth, max(2, width))
        let h = max(2, Int((Double(height) * Double(w) / Double(max(1, width))).rounded()))
        return (w & ~1, h & ~1)
    }

    /// Decodes `video` once up to the last wanted frame and returns the wanted frames (1-based,
    /// the numbers `trackline track` gives) as base64 JPEG of `size`. Frames the video does not
    /// have are left out.
    static func grab(video: String, frames: Set<Int>, size: (width: Int, height: Int)) throws -> [Int: String] {
        guard let first = frames.min(), let last = frames.max() else { return [:] }
        let reader = try VideoReader(path: video, options: VideoReaderOptions(
            format: .rgb24, outputSize: size, startFrame: max(1, first), endFrame: last))
        let encoder = try JPEGEncoder(width: size.width, height: size.height)
        var out: [Int: String] = [:]
        var frame = Frame(number: 0, timestamp: 0, width: 0, height: 0, format: .rgb24, pixels: [])
        while out.count < frames.count, try reader.read(into: &frame, where: { frames.contains($0) }) {
            out[frame.number] = Data(try encoder.encode(frame)).base64EncodedString()
        }
        return out
    }
}
