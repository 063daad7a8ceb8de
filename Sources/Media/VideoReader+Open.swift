import CFFmpeg
import Foundation

extension VideoReader {
    /// True for printf-style image-sequence patterns such as `img1/%06d.jpg` or `f%d.png`.
    static func isImagePattern(_ path: String) -> Bool {
        guard let range = path.range(of: #"%0?[0-9]*d"#, options: .regularExpression) else { return false }
        // A real file whose name happens to contain "%d" is a file, not a pattern.
        _ = range
        return !FileManager.default.fileExists(atPath: path)
    }

    /// Checks the path with the file system first so that the common mistakes get precise errors
    /// instead of FFmpeg's generic ones.
    static func checkPath(_ path: String, isPattern: Bool) throws {
        let fm = FileManager.default
        if isPattern {
            let dir = (path as NSString).deletingLastPathComponent
            var isDir: ObjCBool = false
            if !dir.isEmpty && !(fm.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue) {
                throw MediaError.fileNotFound(path: path)
            }
            // image2 looks for the first file among numbers 0...4.
            let first = (0...4).lazy.map { String(format: path, $0) }.first { fm.fileExists(atPath: $0) }
            guard let first else { throw MediaError.fileNotFound(path: path) }
            if !fm.isReadableFile(atPath: first) { throw MediaError.notReadable(path: first) }
            return
        }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw MediaError.fileNotFound(path: path) }
        if isDir.boolValue { throw MediaError.isDirectory(path: path) }
        if !fm.isReadableFile(atPath: path) { throw MediaError.notReadable(path: path) }
        if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.int64Value == 0 {
            throw MediaError.emptyFile(path: path)
        }
    }

    /// Maps an `avformat_open_input` failure to a typed error.
    static func openError(_ code: Int32, path: String) -> MediaError {
        switch code {
        case cffmpeg_invaliddata(), cffmpeg_demuxer_not_found():
            // A file whose first bytes look like a known container but whose headers FFmpeg
            // cannot finish reading was cut short (an MP4 without its moov atom, ...).
            if let format = probeFormat(path: path) {
                return .truncatedOrCorrupt(path: path, detail: "it starts like a '\(format)' file but its headers are incomplete")
            }
            return .notAVideo(path: path)
        case cffmpeg_enoent():
            return .fileNotFound(path: path)
        case cffmpeg_eacces():
            return .notReadable(path: path)
        case cffmpeg_eof():
            return .truncatedOrCorrupt(path: path, detail: "the file ends before its headers do")
        default:
            return .code(code, "opening \(path)")
        }
    }

    /// The container FFmpeg guesses from the first bytes alone (ignoring the file name), if it
    /// is confident (probe score >= 50 of 100).
    static func probeFormat(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 16), !data.isEmpty else { return nil }
        // FFmpeg wants AVPROBE_PADDING_SIZE zero bytes after the data.
        var bytes = [UInt8](data)
        bytes.append(contentsOf: [UInt8](repeating: 0, count: Int(AVPROBE_PADDING_SIZE)))
        var score: Int32 = 0
        let found: UnsafePointer<AVInputFormat>? = bytes.withUnsafeMutableBufferPointer { buf in
            "".withCString { emptyName in
                var probe = AVProbeData()
                probe.filename = emptyName
                probe.buf = buf.baseAddress
                probe.buf_size = Int32(data.count)
                return av_probe_input_format3(&probe, 1, &score)
            }
        }
        guard let found, score >= 50 else { return nil }
        return String(cString: found.pointee.name)
    }

    static func readMetadata(format: UnsafeMutablePointer<AVFormatContext>, stream: UnsafeMutablePointer<AVStream>,
                             parameters par: UnsafeMutablePointer<AVCodecParameters>) -> VideoMetadata {
        var rate = stream.pointee.avg_frame_rate.double
        if rate <= 0 || !rate.isFinite { rate = av_guess_frame_rate(format, stream, nil).double }
        if rate <= 0 || !rate.isFinite { rate = stream.pointee.r_frame_rate.double }
        if !rate.isFinite || rate < 0 { rate = 0 }

        var duration: Double? = nil
        if stream.pointee.duration != cffmpeg_nopts() && stream.pointee.duration > 0 {
            duration = Double(stream.pointee.duration) * stream.pointee.time_base.double
        } else if format.pointee.duration != cffmpeg_nopts() && format.pointee.duration > 0 {
            duration = Double(format.pointee.duration) / Double(AV_TIME_BASE)
        }

        let pixFmt: String? = par.pointee.format >= 0
            ? av_get_pix_fmt_name(AVPixelFormat(rawValue: par.pointee.format)).map { String(cString: $0) } : nil
        let container = format.pointee.iformat.map { String(cString: $0.pointee.name) } ?? "unknown"
        let frames = stream.pointee.nb_frames > 0 ? Int(stream.pointee.nb_frames) : nil
        let bitRate = par.pointee.bit_rate > 0 ? Int(par.pointee.bit_rate) : nil
        return VideoMetadata(width: Int(par.pointee.width), height: Int(par.pointee.height), frameRate: rate,
                             duration: duration, codecName: String(cString: avcodec_get_name(par.pointee.codec_id)),
                             containerName: container, pixelFormat: pixFmt, frameCount: frames, bitRate: bitRate)
    }
}
