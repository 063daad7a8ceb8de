import CFFmpeg
import Foundation

extension VideoReader {
    /// True for image-sequence patterns such as `img1/%06d.jpg` or `f%d.png`: exactly one
    /// `%d`-style field (optionally zero-padded to a width), other `%` only as `%%`, and no
    /// file of that literal name.
    static func isImagePattern(_ path: String) -> Bool {
        imagePatternParts(path) != nil && !FileManager.default.fileExists(atPath: path)
    }

    /// The pattern split around its number field: (prefix, zero-pad width or 0, suffix), with
    /// `%%` already turned into `%`; nil if `path` is not a pattern image2 understands.
    static func imagePatternParts(_ path: String) -> (prefix: String, width: Int, suffix: String)? {
        var prefix = "", suffix = ""
        var width: Int? = nil
        var chars = Array(path)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            guard c == "%" else {
                if width == nil { prefix.append(c) } else { suffix.append(c) }
                continue
            }
            if chars.first == "%" {
                chars = chars.dropFirst()
                if width == nil { prefix.append("%") } else { suffix.append("%") }
                continue
            }
            guard width == nil else { return nil }
            var digits = ""
            while let d = chars.first, d.isASCII, d.isNumber { digits.append(d); chars = chars.dropFirst() }
            guard chars.first == "d", digits.count <= 3 else { return nil }
            chars = chars.dropFirst()
            width = digits.isEmpty ? 0 : Int(digits) ?? 0
        }
        guard let width else { return nil }
        return (prefix, width, suffix)
    }

    /// The file name a pattern gives for `number` (printf `%0Nd`).
    static func imagePatternPath(_ parts: (prefix: String, width: Int, suffix: String), _ number: Int) -> String {
        let digits = String(number)
        let padded = digits.count < parts.width ? String(repeating: "0", count: parts.width - digits.count) + digits : digits
        return parts.prefix + padded + parts.suffix
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
            guard let parts = imagePatternParts(path) else { throw MediaError.fileNotFound(path: path) }
            let first = (0...4).lazy.map { imagePatternPath(parts, $0) }.first { fm.fileExists(atPath: $0) }
            guard let first else { throw MediaError.fileNotFound(path: path) }
            if !fm.isReadableFile(atPath: first) { throw MediaError.notReadable(path: first) }
            return
        }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw MediaError.fileNotFound(path: path) }
        if isDir.boolValue { throw MediaError.isDirectory(path: path) }
        if !fm.isReadableFile(atPath: path) { throw MediaError.notReadable(path: path) }
        // Only a regular file's size means anything: FIFOs and devices report 0 and are read
        // as streams.
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size == 0 {
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
            var st = stat()
            if stat(path, &st) == 0, st.st_mode & S_IFMT != S_IFREG { return .notAVideo(path: path) }
            return .truncatedOrCorrupt(path: path, detail: "the file ends before its headers do")
        default:
            // FFmpeg recognised the container but refused its headers (a y4m declaring a frame
            // size no image may have fails with EBUSY, for one).
            if let format = probeFormat(path: path) {
                return .truncatedOrCorrupt(path: path, detail: "FFmpeg refuses its '\(format)' headers: \(ffmpegErrorString(code))")
            }
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
                             containerName: container, pixelFormat: pixFmt, frameCount: frames, bitRate: bitRate,
                             rotation: uprightRotation(cffmpeg_display_rotation(stream)))
    }

    /// The clockwise quarter turn (0, 90, 180, 270) that shows a stream upright, from the
    /// counterclockwise angle of its display matrix, rounded as `ffmpeg`'s autorotate rounds it.
    static func uprightRotation(_ counterclockwise: Double) -> Int {
        guard counterclockwise.isFinite else { return 0 }
        var theta = -counterclockwise.rounded()
        theta -= 360 * (theta / 360 + 0.9 / 360).rounded(.down)
        let quarter = Int((theta / 90).rounded()) % 4
        return quarter * 90
    }
}
