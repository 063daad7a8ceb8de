import Foundation

/// Why a video could not be opened, decoded or written. Every message names the file and says
/// what the user can do about it.
public enum MediaError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Nothing exists at the path (for an image-sequence pattern: no file matches it).
    case fileNotFound(path: String)
    /// The file exists but this process may not read it.
    case notReadable(path: String)
    /// The path names a directory, not a video file.
    case isDirectory(path: String)
    /// The file has zero bytes.
    case emptyFile(path: String)
    /// FFmpeg recognises no container format in the file (random bytes, text, ...).
    case notAVideo(path: String)
    /// The container opened but holds no video stream (audio only, subtitles, ...).
    case noVideoStream(path: String)
    /// The video stream uses a codec this FFmpeg build cannot decode (or encode, for writers).
    case unsupportedCodec(path: String, codec: String)
    /// The file ends early or its headers are damaged so that no frame can be decoded.
    case truncatedOrCorrupt(path: String, detail: String)
    /// The frames are larger than the reader accepts (see `VideoReader.maxSide`, `maxPixels`).
    case tooLarge(path: String, width: Int, height: Int, maxSide: Int, maxPixels: Int)
    /// The file opened but not a single frame could be decoded.
    case noFrames(path: String, detail: String)
    /// Any other FFmpeg failure: its error code, FFmpeg's message, and what we were doing.
    case ffmpeg(code: Int32, message: String, context: String)
    /// A network source could not be opened (refused, unreachable, no stream there, ...).
    case cannotOpenStream(url: String, detail: String)
    /// A network source sent nothing for `seconds` (see `VideoReaderOptions.stallTimeout`).
    case stalled(url: String, seconds: Double)
    /// A live source failed while it was being read (connection dropped, device unplugged).
    case streamLost(url: String, detail: String)
    /// A V4L2 camera path that cannot be opened (no such device, busy, not a capture device).
    case cameraUnavailable(path: String, detail: String)
    /// A folder given as input holds no image files.
    case noImages(path: String)
    /// A folder of images mixes image formats (image2 reads one codec per sequence).
    case mixedImageFormats(path: String, extensions: [String])
    /// A caller-side mistake: bad option values, wrong frame size given to a writer, ...
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file. Check the path (image sequences use a pattern such as img1/%06d.jpg)."
        case .notReadable(let path):
            return "\(path): permission denied. Make the file readable (chmod a+r) or run as a user who may read it."
        case .isDirectory(let path):
            return "\(path) is a directory, not a video. Give a video file, or an image pattern such as \(path)/%06d.jpg."
        case .emptyFile(let path):
            return "\(path) is empty (0 bytes). The download or copy probably failed; fetch the file again."
        case .notAVideo(let path):
            return "\(path): FFmpeg recognises no video format in this file. Is it really a video? (`ffprobe \(path)` shows what FFmpeg sees.)"
        case .noVideoStream(let path):
            return "\(path) has no video stream (audio or data only). Give a file that contains video."
        case .unsupportedCodec(let path, let codec):
            return "\(path): codec '\(codec)' is not supported by this FFmpeg build. Re-encode it, e.g. `ffmpeg -i \(path) -c:v libx264 out.mp4`."
        case .truncatedOrCorrupt(let path, let detail):
            return "\(path) is truncated or corrupt (\(detail)). Re-download or re-copy it; `ffmpeg -v error -i \(path) -f null -` lists the damage."
        case let .tooLarge(path, width, height, maxSide, maxPixels):
            return "\(path): frames of \(width)x\(height) pixels are beyond the supported size (at most \(maxSide) pixels a side and \(maxPixels / 1_000_000) million pixels a frame). Scale it down first, e.g. `ffmpeg -i \(path) -vf scale=1920:-2 smaller.mp4`."
        case let .noFrames(path, detail):
            return "\(path): no frame could be decoded (\(detail)). The file is probably truncated or corrupt; `ffmpeg -v error -i \(path) -f null -` lists the damage."
        case .ffmpeg(let code, let message, let context):
            return "FFmpeg error \(code) (\(message)) while \(context)."
        case let .cannotOpenStream(url, detail):
            return "\(url): cannot open the stream (\(detail)). Check the address and that the sender is running (`ffprobe \(url)` shows what FFmpeg sees)."
        case let .stalled(url, seconds):
            return "\(url): no data for \(MediaError.seconds(seconds)) s; the stream stalled or the sender stopped. Use --reconnect to wait for it to come back, or --stall-timeout to wait longer."
        case let .streamLost(url, detail):
            return "\(url): the stream was lost while reading (\(detail)). Use --reconnect to reconnect with backoff."
        case let .cameraUnavailable(path, detail):
            return "\(path): cannot open the camera (\(detail)). `v4l2-ctl --list-devices` lists the cameras; check that the device exists and is not in use."
        case .noImages(let path):
            return "\(path) is a folder without image files (.jpg, .jpeg, .png, .bmp, .tif, .tiff, .webp, .pgm, .ppm). Give a folder of images, a video file or an image pattern such as \(path)/%06d.jpg."
        case let .mixedImageFormats(path, extensions):
            return "\(path) mixes image formats (\(extensions.joined(separator: ", "))); a folder is read as one sequence of one format. Move the others out, or give a pattern such as \(path)/%06d.jpg."
        case .invalidArgument(let message):
            return message
        }
    }

    static func seconds(_ s: Double) -> String {
        s.rounded() == s ? String(Int(s)) : String(format: "%.1f", s)
    }
}
