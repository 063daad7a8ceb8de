import CFFmpeg
import Foundation
import TracklineCore

/// Encodes frames into a video file: H.264 (libx264, preset veryfast) when this FFmpeg has it,
/// else MPEG-4 Part 2. The container follows the file extension (MP4 when unknown).
///
/// Frames go to a hidden temporary file beside the target; `finish()` renames it into place,
/// so a half-written video never appears under the target name. Dropping a writer without
/// calling `finish()` deletes the temporary file.
///
/// Not thread-safe: use from one task at a time (it is `Sendable` so it can be handed over).
public final class VideoWriter: @unchecked Sendable {
    /// Which encoder to use.
    public enum Codec: String, Sendable, CaseIterable {
        /// libx264 when available, else mpeg4.
        case automatic
        case h264
        case mpeg4
    }

    /// The target path given to `init`.
    public let path: String
    /// Frame size in pixels; every written frame must have it.
    public let width: Int
    public let height: Int
    /// Frames per second of the output.
    public let frameRate: Double
    /// Name of the encoder in use ("libx264" or "mpeg4").
    public let encoderName: String
    /// Frames written so far.
    public private(set) var frameCount = 0

    /// Where the frames go: a hidden temporary file renamed over the target by `finish()`, or
    /// the target itself for devices and FIFOs (`OutputFile`).
    let output: OutputFile
    let temporaryPath: String
    var formatContext: UnsafeMutablePointer<AVFormatContext>?
    var codecContext: UnsafeMutablePointer<AVCodecContext>?
    var stream: UnsafeMutablePointer<AVStream>?
    var yuvFrame: UnsafeMutablePointer<AVFrame>?
    var packet: UnsafeMutablePointer<AVPacket>?
    var scaler: OpaquePointer?
    var scalerFormat: PixelFormat?
    /// swscale's source: the frame copied into rows padded to 64 bytes plus a tail, because its
    /// SIMD converters read whole blocks past the end of a tightly packed buffer.
    var rows = AlignedRows()
    var fileOpen = false
    var finished = false

    /// Opens an encoder for `width` x `height` frames (both even: 4:2:0 chroma needs it) at
    /// `frameRate` frames per second. `quality` is the libx264 CRF (0 best, 51 worst; 23 is
    /// x264's default); for mpeg4 it maps to a fixed quantiser.
    public init(path: String, width: Int, height: Int, frameRate: Double, codec: Codec = .automatic,
                quality: Int = 23) throws {
        guard width >= 2, height >= 2, width % 2 == 0, height % 2 == 0, width <= 16384, height <= 16384 else {
            throw MediaError.invalidArgument("video size \(width)x\(height) is invalid: width and height must be even, 2...16384")
        }
        guard frameRate.isFinite, frameRate > 0, frameRate <= 1000 else {
            throw MediaError.invalidArgument("frame rate \(frameRate) is invalid: use a value in (0, 1000]")
        }
        FFmpegLog.applyDefault()
        self.path = path
        self.width = width
        self.height = height
        self.frameRate = frameRate
        let out: OutputFile
        do {
            out = try OutputFile(path: path)
            try out.createFolder()
        } catch {
            if case .isDirectory = error { throw MediaError.isDirectory(path: path) }
            throw MediaError.invalidArgument(error.description)
        }
        output = out
        temporaryPath = out.temporaryPath ?? out.target
        let dir = URL(fileURLWithPath: out.target).deletingLastPathComponent().path

        let encoder: UnsafePointer<AVCodec>?
        switch codec {
        case .automatic: encoder = avcodec_find_encoder_by_name("libx264") ?? avcodec_find_encoder(AV_CODEC_ID_MPEG4)
        case .h264: encoder = avcodec_find_encoder_by_name("libx264") ?? avcodec_find_encoder(AV_CODEC_ID_H264)
        case .mpeg4: encoder = avcodec_find_encoder(AV_CODEC_ID_MPEG4)
        }
        guard let encoder else {
            throw MediaError.unsupportedCodec(path: path, codec: codec == .mpeg4 ? "mpeg4" : "h264")
        }
        encoderName = String(cString: encoder.pointee.name)

        // The container comes from the target's extension (the temporary name ends in .tmp).
        let outputFormat = av_guess_format(nil, path, nil) ?? av_guess_format("mp4", nil, nil)
        var fmt: UnsafeMutablePointer<AVFormatContext>? = nil
        var ret = avformat_alloc_output_context2(&fmt, outputFormat, nil, temporaryPath)
        guard ret >= 0, let fmt else { throw MediaError.code(ret, "preparing the container for \(path)") }
        formatContext = fmt

        guard let ctx = avcodec_alloc_context3(encoder) else { throw MediaError.code(cffmpeg_enomem(), "allocating an encoder") }
        codecContext = ctx
        let rate = av_d2q(frameRate, 100_000)
        ctx.pointee.width = Int32(width)
        ctx.pointee.height = Int32(height)
        ctx.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        ctx.pointee.time_base = av_inv_q(rate)
        ctx.pointee.framerate = rate
        ctx.pointee.gop_size = Int32(max(1, min(250, Int(frameRate * 10))))
        ctx.pointee.thread_count = 2
        if (fmt.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER) != 0 {
            ctx.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
        }
        let q = max(0, min(51, quality))
        if encoderName == "libx264" {
            _ = av_opt_set(ctx.pointee.priv_data, "preset", "veryfast", 0)
            _ = av_opt_set(ctx.pointee.priv_data, "crf", "\(q)", 0)
        } else {
            // Fixed quantiser 2...31 from the 0...51 scale.
            ctx.pointee.flags |= AV_CODEC_FLAG_QSCALE
            ctx.pointee.global_quality = Int32(FF_QP2LAMBDA) * Int32(max(2, min(31, 2 + q * 29 / 51)))
        }
        ret = avcodec_open2(ctx, encoder, nil)
        if ret < 0 { throw MediaError.code(ret, "opening the \(encoderName) encoder for \(path)") }

        guard let st = avformat_new_stream(fmt, nil) else { throw MediaError.code(cffmpeg_enomem(), "adding a video stream") }
        stream = st
        st.pointee.time_base = ctx.pointee.time_base
        st.pointee.avg_frame_rate = rate
        st.pointee.r_frame_rate = rate
        ret = avcodec_parameters_from_context(st.pointee.codecpar, ctx)
        if ret < 0 { throw MediaError.code(ret, "configuring the stream of \(path)") }

        if output.temporaryPath != nil { TemporaryFiles.shared.register(temporaryPath) }
        ret = avio_open(&fmt.pointee.pb, temporaryPath, AVIO_FLAG_WRITE)
        if ret < 0 {
            if ret == cffmpeg_eacces() { throw MediaError.notReadable(path: dir) }
            throw MediaError.code(ret, "creating \(temporaryPath)")
        }
        fileOpen = true
        ret = avformat_write_header(fmt, nil)
        if ret < 0 { throw MediaError.code(ret, "writing the header of \(path)") }

        guard let frame = av_frame_alloc() else { throw MediaError.code(cffmpeg_enomem(), "allocating a frame") }
        yuvFrame = frame
        frame.pointee.width = Int32(width)
        frame.pointee.height = Int32(height)
        frame.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        ret = av_frame_get_buffer(frame, 0)
        if ret < 0 { throw MediaError.code(ret, "allocating frame buffers") }
        guard let pkt = av_packet_alloc() else { throw MediaError.code(cffmpeg_enomem(), "allocating a packet") }
        packet = pkt
    }

    deinit {
        if fileOpen, let fmt = formatContext {
            avio_closep(&fmt.pointee.pb)
        }
        if !finished { output.discard() }
        rows.free()
        sws_freeContext(scaler)
        av_packet_free(&packet)
        av_frame_free(&yuvFrame)
        avcodec_free_context(&codecContext)
        avformat_free_context(formatContext)
    }

    /// Encodes one frame (RGB24 or gray8, `width` x `height`). A frame one pixel wider or taller
    /// (an odd-size source: encoders need even sizes) loses its last column or row. Frames are
    /// shown in the order written, one every 1/frameRate seconds; their `number` and `timestamp`
    /// are ignored.
    public func write(_ frame: Frame) throws {
        guard !finished else { throw MediaError.invalidArgument("\(path): write after finish()") }
        guard frame.width - width == 0 || frame.width - width == 1,
              frame.height - height == 0 || frame.height - height == 1 else {
            throw MediaError.invalidArgument("\(path): frame is \(frame.width)x\(frame.height) but the video is \(width)x\(height)")
        }
        guard frame.pixels.count == frame.width * frame.height * frame.format.channels else {
            throw MediaError.invalidArgument("\(path): frame buffer has \(frame.pixels.count) bytes, expected \(frame.width * frame.height * frame.format.channels)")
        }
        guard let yuvFrame, let codecContext else { return }
        if scaler == nil || scalerFormat != frame.format {
            sws_freeContext(scaler)
            let src = frame.format == .rgb24 ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_GRAY8
            scaler = sws_getContext(Int32(width), Int32(height), src, Int32(width), Int32(height), AV_PIX_FMT_YUV420P,
                                    SWS_BILINEAR, nil, nil, nil)
            scalerFormat = frame.format
            guard scaler != nil else { throw MediaError.code(cffmpeg_enomem(), "preparing colour conversion") }
        }
        // The encoder may still hold the previous buffer.
        var ret = av_frame_make_writable(yuvFrame)
        if ret < 0 { throw MediaError.code(ret, "preparing frame \(frameCount + 1) of \(path)") }

        let (scratch, stride) = try rows.copy(frame, rowBytes: width * frame.format.channels, height: height,
                                              what: "frame \(frameCount + 1) of \(path)")
        let yuv = yuvFrame.pointee
        ret = cffmpeg_sws_scale(
            scaler, scratch, nil, nil, nil, Int32(stride), 0, 0, 0, Int32(height),
            yuv.data.0, yuv.data.1, yuv.data.2, nil, yuv.linesize.0, yuv.linesize.1, yuv.linesize.2, 0)
        if ret < 0 { throw MediaError.code(ret, "converting frame \(frameCount + 1) for \(path)") }
        yuvFrame.pointee.pts = Int64(frameCount)
        ret = avcodec_send_frame(codecContext, yuvFrame)
        if ret < 0 { throw MediaError.code(ret, "encoding frame \(frameCount + 1) of \(path)") }
        frameCount += 1
        try drainPackets()
    }

    /// Flushes the encoder, writes the trailer and renames the file into place. The writer
    /// cannot be used afterwards.
    public func finish() throws {
        guard !finished else { return }
        guard let codecContext, let formatContext else { return }
        var ret = avcodec_send_frame(codecContext, nil)
        if ret < 0 && ret != cffmpeg_eof() { throw MediaError.code(ret, "flushing the encoder for \(path)") }
        try drainPackets()
        ret = av_write_trailer(formatContext)
        if ret < 0 { throw MediaError.code(ret, "writing the end of \(path)") }
        ret = avio_closep(&formatContext.pointee.pb)
        fileOpen = false
        if ret < 0 { throw MediaError.code(ret, "closing \(temporaryPath)") }
        do {
            try output.commit()
        } catch {
            throw MediaError.invalidArgument(error.description)
        }
        finished = true
    }

    private func drainPackets() throws {
        guard let codecContext, let formatContext, let packet, let stream else { return }
        while true {
            let ret = avcodec_receive_packet(codecContext, packet)
            if ret == cffmpeg_eagain() || ret == cffmpeg_eof() { return }
            if ret < 0 { throw MediaError.code(ret, "encoding \(path)") }
            av_packet_rescale_ts(packet, codecContext.pointee.time_base, stream.pointee.time_base)
            packet.pointee.stream_index = stream.pointee.index
            let written = av_interleaved_write_frame(formatContext, packet)
            av_packet_unref(packet)
            if written < 0 { throw MediaError.code(written, "writing a packet to \(path)") }
        }
    }
}
