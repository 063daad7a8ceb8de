import CFFmpeg

/// Decodes a video file (any container and codec FFmpeg reads) or an image sequence
/// (`img1/%06d.jpg`, read with FFmpeg's image2 demuxer) into `Frame`s, in decode order.
///
/// Frames are numbered 1, 2, 3, ... in decode order (the count of decoded frames, not derived
/// from timestamps); `Frame.timestamp` is `best_effort_timestamp * time_base` in seconds from the
/// stream start, or `(number - 1) / frameRate` when the stream has no timestamps.
///
/// Stream with `read(into:)` to reuse one pixel buffer for the whole video (memory stays flat
/// however long it is), or take fresh frames with `nextFrame()`.
///
/// A reader owns its FFmpeg contexts (freed in `deinit`) and is not thread-safe: use it from one
/// task at a time. It is `Sendable` so that a pipeline can hand it over to another task.
public final class VideoReader: @unchecked Sendable {
    /// The path or pattern given to `init`.
    public let path: String
    /// Container and stream facts, known after opening.
    public let metadata: VideoMetadata
    /// The options given to `init`.
    public let options: VideoReaderOptions

    /// Packets the decoder rejected (corrupt data mid-file); decoding skipped them and went on.
    public internal(set) var corruptPacketCount = 0
    /// Decoded frames the decoder flagged as damaged (concealed errors); they were still handed out.
    public internal(set) var damagedFrameCount = 0
    /// Human-readable warnings about recoverable damage (at most 100 are kept).
    public internal(set) var warnings: [String] = []
    /// True when decoding reached the end of the file before the frame count the container
    /// declares (the file was probably cut short); `warnings` says so too.
    public internal(set) var endedEarly = false
    /// Frames decoded so far (including ones skipped before `startFrame`).
    public internal(set) var decodedFrameCount = 0

    var formatContext: UnsafeMutablePointer<AVFormatContext>?
    var codecContext: UnsafeMutablePointer<AVCodecContext>?
    var packet: UnsafeMutablePointer<AVPacket>?
    var avFrame: UnsafeMutablePointer<AVFrame>?
    var scaler: OpaquePointer?
    /// Source geometry the current `scaler` was made for.
    var scalerKey: (width: Int32, height: Int32, format: Int32) = (0, 0, -1)
    /// Output size the current `scaler` was made for.
    var scalerOutput: (width: Int, height: Int) = (0, 0)
    /// swscale's destination: rows padded to 64 bytes plus a tail, because its SIMD colour
    /// converters store whole blocks and run past the end of a tightly packed buffer.
    var scratch: UnsafeMutablePointer<UInt8>?
    var scratchBytes = 0
    let streamIndex: Int32
    let timeBase: AVRational
    let startTime: Int64
    var packetPending = false
    var draining = false
    var finished = false

    /// Opens `path` for decoding. Throws `MediaError` (file missing, unreadable, a directory,
    /// empty, not a video, no video stream, unsupported codec, truncated) with a message the user
    /// can act on.
    public init(path: String, options: VideoReaderOptions = VideoReaderOptions()) throws {
        try options.validate()
        FFmpegLog.applyDefault()
        self.path = path
        self.options = options
        let isPattern = VideoReader.isImagePattern(path)
        try VideoReader.checkPath(path, isPattern: isPattern)

        var fmt: UnsafeMutablePointer<AVFormatContext>? = nil
        let inputFormat = isPattern ? av_find_input_format("image2") : nil
        var ret = avformat_open_input(&fmt, path, inputFormat, nil)
        if ret < 0 {
            throw VideoReader.openError(ret, path: path)
        }
        guard let fmtCtx = fmt else { throw MediaError.code(cffmpeg_enomem(), "opening \(path)") }

        // From here on, failures must free what was allocated; a small owner does that.
        var cleanup = OpenCleanup(format: fmtCtx)
        defer { cleanup.run() }

        ret = avformat_find_stream_info(fmtCtx, nil)
        if ret < 0 {
            if ret == cffmpeg_eof() || ret == cffmpeg_invaliddata() {
                throw MediaError.truncatedOrCorrupt(path: path, detail: "stream headers unreadable: \(ffmpegErrorString(ret))")
            }
            throw MediaError.code(ret, "reading stream information of \(path)")
        }

        var decoder: UnsafePointer<AVCodec>? = nil
        ret = av_find_best_stream(fmtCtx, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0)
        if ret == cffmpeg_stream_not_found() {
            throw MediaError.noVideoStream(path: path)
        }
        if ret == cffmpeg_decoder_not_found() {
            // The stream exists; name its codec.
            let idx = av_find_best_stream(fmtCtx, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
            var name = "unknown"
            if idx >= 0, let stream = fmtCtx.pointee.streams[Int(idx)], let par = stream.pointee.codecpar {
                name = String(cString: avcodec_get_name(par.pointee.codec_id))
            }
            throw MediaError.unsupportedCodec(path: path, codec: name)
        }
        if ret < 0 { throw MediaError.code(ret, "finding the video stream of \(path)") }
        guard let decoder, let stream = fmtCtx.pointee.streams[Int(ret)], let par = stream.pointee.codecpar else {
            throw MediaError.noVideoStream(path: path)
        }
        streamIndex = ret
        if par.pointee.width <= 0 || par.pointee.height <= 0 {
            throw MediaError.truncatedOrCorrupt(path: path, detail: "the video stream declares no frame size")
        }

        guard let codecCtx = avcodec_alloc_context3(decoder) else {
            throw MediaError.code(cffmpeg_enomem(), "allocating a decoder for \(path)")
        }
        cleanup.codec = codecCtx
        ret = avcodec_parameters_to_context(codecCtx, par)
        if ret < 0 { throw MediaError.code(ret, "configuring the decoder for \(path)") }
        codecCtx.pointee.pkt_timebase = stream.pointee.time_base
        codecCtx.pointee.thread_count = Int32(options.threadCount)
        codecCtx.pointee.thread_type = options.frameThreading ? FF_THREAD_FRAME : FF_THREAD_SLICE
        ret = avcodec_open2(codecCtx, decoder, nil)
        if ret < 0 {
            if ret == cffmpeg_patchwelcome() || ret == cffmpeg_decoder_not_found() {
                throw MediaError.unsupportedCodec(path: path, codec: String(cString: avcodec_get_name(par.pointee.codec_id)))
            }
            throw MediaError.code(ret, "opening the \(String(cString: decoder.pointee.name)) decoder for \(path)")
        }
        guard let pkt = av_packet_alloc() else { throw MediaError.code(cffmpeg_enomem(), "allocating a packet") }
        cleanup.packet = pkt
        guard let frm = av_frame_alloc() else { throw MediaError.code(cffmpeg_enomem(), "allocating a frame") }
        cleanup.frame = frm

        timeBase = stream.pointee.time_base
        startTime = stream.pointee.start_time == cffmpeg_nopts() ? 0 : stream.pointee.start_time
        metadata = VideoReader.readMetadata(format: fmtCtx, stream: stream, parameters: par)

        formatContext = fmtCtx
        codecContext = codecCtx
        packet = pkt
        avFrame = frm
        cleanup.disarm()
    }

    deinit {
        av_free(scratch)
        sws_freeContext(scaler)
        av_frame_free(&avFrame)
        av_packet_free(&packet)
        avcodec_free_context(&codecContext)
        avformat_close_input(&formatContext)
    }

    /// Width and height of the frames this reader hands out (the output size, else native).
    public var outputWidth: Int { options.outputSize?.width ?? metadata.width }
    public var outputHeight: Int { options.outputSize?.height ?? metadata.height }

    func warn(_ message: String) {
        if warnings.count < 100 { warnings.append(message) }
    }
}

/// Frees partially opened FFmpeg state when `VideoReader.init` fails half-way.
private struct OpenCleanup {
    var format: UnsafeMutablePointer<AVFormatContext>?
    var codec: UnsafeMutablePointer<AVCodecContext>?
    var packet: UnsafeMutablePointer<AVPacket>?
    var frame: UnsafeMutablePointer<AVFrame>?
    private var armed = true

    init(format: UnsafeMutablePointer<AVFormatContext>) { self.format = format }

    mutating func disarm() { armed = false }

    mutating func run() {
        guard armed else { return }
        av_frame_free(&frame)
        av_packet_free(&packet)
        avcodec_free_context(&codec)
        avformat_close_input(&format)
    }
}
