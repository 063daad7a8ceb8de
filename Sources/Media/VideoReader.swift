import CFFmpeg
import Dispatch
import TracklineCore

/// Decodes anything FFmpeg opens into `Frame`s, in decode order: a video file (any container
/// and codec FFmpeg reads), an image sequence (`img1/%06d.jpg`, FFmpeg's image2 demuxer), a
/// folder of images (natural sort order), a network URL (rtsp, rtmp, http(s), udp, tcp, srt),
/// standard input (`-` or `pipe:0`) or a V4L2 camera (`/dev/video0`); see `VideoSource`.
///
/// Live sources (network, standard input, camera) have no end of their own: a network source
/// that sends nothing for `VideoReaderOptions.stallTimeout` seconds throws
/// `MediaError.stalled`, one that fails throws `.streamLost`, and `interrupt()` ends a read
/// from another thread.
///
/// Frames are numbered 1, 2, 3, ... in decode order. When the decoder loses frames to damaged
/// data (a packet it rejects or drops), the numbers of the lost frames are skipped, so every
/// later frame keeps its place in the stream (`lostFrameCount`). `Frame.timestamp` is the
/// presentation time `best_effort_timestamp * time_base` in seconds from the stream start, or
/// `(number - 1) / frameRate` when the stream has no timestamps.
///
/// Frames are turned upright as the stream's display matrix says (phone videos), as `ffmpeg`
/// does; `VideoReaderOptions.autorotate` turns that off.
///
/// Limits, checked before anything is allocated: at most `maxSide` pixels a side and
/// `maxPixels` pixels a frame.
///
/// Stream with `read(into:)` to reuse one pixel buffer for the whole video (memory stays flat
/// however long it is), or take fresh frames with `nextFrame()`.
///
/// A reader owns its FFmpeg contexts (freed in `deinit`) and is not thread-safe: use it from one
/// task at a time. It is `Sendable` so that a pipeline can hand it over to another task.
public final class VideoReader: @unchecked Sendable {
    /// The path, pattern or URL given to `init`.
    public let path: String
    /// What `path` names (file, folder of images, network URL, standard input, camera).
    public let source: VideoSource
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
    /// Number of the last frame decoded: `decodedFrameCount` plus the frames lost before it.
    public internal(set) var frameNumber = 0
    /// Frames the decoder lost to damaged data between decoded frames; their numbers were
    /// skipped (see `lostFrames`).
    public internal(set) var lostFrameCount = 0
    /// The skipped frame numbers, as ranges (at most 100 kept).
    public internal(set) var lostFrames: [ClosedRange<Int>] = []
    /// Frames lost after the last decoded frame (damage at the very end of the stream).
    public internal(set) var lostAtEnd = 0

    /// Largest width or height accepted, in pixels.
    public static let maxSide = 16_384
    /// Largest frame accepted, in pixels (8192 x 8192; an RGB frame of that size is 192 MiB).
    public static let maxPixels = 8_192 * 8_192

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
    /// Presentation times of packets sent to the decoder whose frames have not come out yet
    /// (increasing): a frame coming out past some of them means those frames were lost.
    var pendingPTS: [Int64] = []
    /// Nominal frame duration in `timeBase` units (0 when unknown), and the last frame's pts.
    var frameDuration: Int64 = 0
    var lastPTS: Int64? = nil
    /// Set by `interrupt()`; FFmpeg's interrupt callback reads it.
    let interruptFlag = InterruptFlag()
    /// The images of a folder source (their links live as long as the reader).
    var imageFolder: ImageFolder?
    /// A live source's read failure, thrown once the decoder has given out its last frames.
    var liveFailure: MediaError?
    /// When the last packet arrived (`DispatchTime` nanoseconds), to tell a stall from a drop.
    var lastDataTime = DispatchTime.now().uptimeNanoseconds
    var lastDataPosition: Int64 = -1
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
        let source = VideoSource(path)
        self.source = source
        var openPath = source.url
        var firstImage = path
        var inputFormat: UnsafePointer<AVInputFormat>? = nil
        switch source.kind {
        case .file:
            let isPattern = VideoReader.isImagePattern(path)
            try VideoReader.checkPath(path, isPattern: isPattern)
            if isPattern { inputFormat = av_find_input_format("image2") }
        case .imageFolder:
            let folder = try ImageFolder(path)
            imageFolder = folder
            openPath = folder.pattern
            firstImage = folder.images.first ?? path
            inputFormat = av_find_input_format("image2")
        case .camera:
            VideoReader.registerDevices()
            if FileIdentity.kind(path) == .missing { throw MediaError.cameraUnavailable(path: path, detail: "no such device") }
            inputFormat = av_find_input_format("video4linux2")
        case .network, .standardInput:
            break
        }

        var dictionary: OpaquePointer? = nil
        for (key, value) in VideoReader.openOptions(source, options) { av_dict_set(&dictionary, key, value, 0) }
        var fmt: UnsafeMutablePointer<AVFormatContext>? = avformat_alloc_context()
        if let f = fmt { cffmpeg_interrupt_install(f, interruptFlag.pointer) }
        var ret = avformat_open_input(&fmt, openPath, inputFormat, &dictionary)
        av_dict_free(&dictionary)
        if ret < 0 {
            switch source.kind {
            case .file: throw VideoReader.openError(ret, path: path)
            case .imageFolder: throw VideoReader.openError(ret, path: firstImage)
            default: throw VideoReader.liveOpenError(ret, source: source, options: options)
            }
        }
        guard let fmtCtx = fmt else { throw MediaError.code(cffmpeg_enomem(), "opening \(path)") }

        // From here on, failures must free what was allocated; a small owner does that.
        var cleanup = OpenCleanup(format: fmtCtx)
        defer { cleanup.run() }

        ret = avformat_find_stream_info(fmtCtx, nil)
        if ret < 0, source.isLive {
            throw VideoReader.liveOpenError(ret, source: source, options: options)
        }
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
        let w = Int(par.pointee.width), h = Int(par.pointee.height)
        if w > Self.maxSide || h > Self.maxSide || w * h > Self.maxPixels {
            throw MediaError.tooLarge(path: path, width: w, height: h, maxSide: Self.maxSide, maxPixels: Self.maxPixels)
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
        let rate = stream.pointee.avg_frame_rate.den > 0 && stream.pointee.avg_frame_rate.num > 0
            ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
        if rate.num > 0, rate.den > 0, timeBase.num > 0 {
            // time_base units per frame: (1 / rate) / timeBase.
            let d = Double(rate.den) * Double(timeBase.den) / (Double(rate.num) * Double(timeBase.num))
            frameDuration = d.isFinite && d >= 1 && d < 1e12 ? Int64(d.rounded()) : 0
        }

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

    /// Clockwise rotation applied to every frame (0 with `autorotate` off).
    public var rotation: Int { options.autorotate ? metadata.rotation : 0 }

    /// Width and height of the frames this reader hands out (the output size, else native,
    /// after rotation).
    public var outputWidth: Int {
        options.outputSize?.width ?? (rotation % 180 == 0 ? metadata.width : metadata.height)
    }
    public var outputHeight: Int {
        options.outputSize?.height ?? (rotation % 180 == 0 ? metadata.height : metadata.width)
    }

    /// What went wrong while decoding, in a few lines for the user: frames lost, packets
    /// skipped, frames decoded with concealed errors, an early end. Empty when nothing did.
    public var damageReport: [String] {
        var out: [String] = []
        if lostFrameCount > 0 {
            let ranges = lostFrames.prefix(8).map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            out.append("\(lostFrameCount) frame\(lostFrameCount == 1 ? "" : "s") lost to damaged data (frame \(ranges.joined(separator: ", "))\(lostFrames.count > 8 ? ", ..." : "")); their numbers are skipped so later frames keep their place")
        }
        if lostAtEnd > 0 { out.append("\(lostAtEnd) frame\(lostAtEnd == 1 ? "" : "s") after frame \(frameNumber) lost to damaged data at the end of the stream") }
        if corruptPacketCount > 0 { out.append("\(corruptPacketCount) damaged packet\(corruptPacketCount == 1 ? "" : "s") skipped") }
        if damagedFrameCount > 0 { out.append("\(damagedFrameCount) frame\(damagedFrameCount == 1 ? "" : "s") decoded with concealed errors") }
        if endedEarly, let declared = metadata.frameCount {
            out.append("the file ends after frame \(frameNumber + lostAtEnd) but its container declares \(declared) frames: it is probably truncated")
        }
        return out
    }

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
