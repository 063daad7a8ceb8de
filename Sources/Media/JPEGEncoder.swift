import CFFmpeg
import Foundation

/// Encodes frames as baseline JPEG images (libavcodec's MJPEG encoder), scaled to a chosen size:
/// thumbnails for reports. One encoder per output size; not thread-safe (use from one task at
/// a time).
///
/// ```swift
/// let jpeg = try JPEGEncoder(width: 320, height: 240).encode(frame)   // [UInt8], a .jpg file's bytes
/// ```
public final class JPEGEncoder: @unchecked Sendable {
    /// Output size in pixels.
    public let width: Int
    public let height: Int
    /// Quality 1 (smallest file) to 31 (best), mapped onto MJPEG's quantiser scale (31 - q + 2).
    public let quality: Int

    private var codecContext: UnsafeMutablePointer<AVCodecContext>?
    private var yuvFrame: UnsafeMutablePointer<AVFrame>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var scaler: OpaquePointer?
    private var scalerKey: (width: Int, height: Int, format: PixelFormat)?
    /// swscale's source: rows padded to 64 bytes plus a tail (its SIMD paths read past a packed row).
    private var rows = AlignedRows()
    /// Images encoded so far: each gets the next timestamp (the encoder refuses repeated ones).
    private var count: Int64 = 0

    /// An encoder for `width` x `height` images (1...16384 pixels a side), `quality` 1...31
    /// (default 24: about 30 KB for a 640x480 street scene).
    public init(width: Int, height: Int, quality: Int = 24) throws {
        guard width >= 1, height >= 1, width <= 16384, height <= 16384 else {
            throw MediaError.invalidArgument("image size \(width)x\(height) is invalid: use 1...16384 pixels per side")
        }
        guard (1...31).contains(quality) else {
            throw MediaError.invalidArgument("JPEG quality \(quality) is invalid: use 1...31")
        }
        FFmpegLog.applyDefault()
        self.width = width
        self.height = height
        self.quality = quality
        guard let encoder = avcodec_find_encoder(AV_CODEC_ID_MJPEG) else {
            throw MediaError.unsupportedCodec(path: "<jpeg>", codec: "mjpeg")
        }
        guard let ctx = avcodec_alloc_context3(encoder) else { throw MediaError.code(cffmpeg_enomem(), "allocating a JPEG encoder") }
        codecContext = ctx
        ctx.pointee.width = Int32(width)
        ctx.pointee.height = Int32(height)
        ctx.pointee.pix_fmt = AV_PIX_FMT_YUVJ420P
        ctx.pointee.time_base = AVRational(num: 1, den: 25)
        ctx.pointee.flags |= AV_CODEC_FLAG_QSCALE
        ctx.pointee.global_quality = Int32(FF_QP2LAMBDA) * Int32(33 - quality)
        ctx.pointee.thread_count = 1
        let ret = avcodec_open2(ctx, encoder, nil)
        if ret < 0 { throw MediaError.code(ret, "opening the MJPEG encoder") }
        guard let frame = av_frame_alloc() else { throw MediaError.code(cffmpeg_enomem(), "allocating a frame") }
        yuvFrame = frame
        frame.pointee.width = Int32(width)
        frame.pointee.height = Int32(height)
        frame.pointee.format = AV_PIX_FMT_YUVJ420P.rawValue
        let r2 = av_frame_get_buffer(frame, 0)
        if r2 < 0 { throw MediaError.code(r2, "allocating frame buffers") }
        guard let pkt = av_packet_alloc() else { throw MediaError.code(cffmpeg_enomem(), "allocating a packet") }
        packet = pkt
    }

    deinit {
        rows.free()
        sws_freeContext(scaler)
        av_packet_free(&packet)
        av_frame_free(&yuvFrame)
        avcodec_free_context(&codecContext)
    }

    /// The frame (RGB24 or gray8, any size) scaled to `width` x `height` (bilinear) as JPEG bytes.
    public func encode(_ frame: Frame) throws -> [UInt8] {
        guard frame.width > 0, frame.height > 0, frame.pixels.count == frame.width * frame.height * frame.format.channels else {
            throw MediaError.invalidArgument("JPEG: frame \(frame.number) is \(frame.width)x\(frame.height) with \(frame.pixels.count) bytes")
        }
        guard let codecContext, let yuvFrame, let packet else { return [] }
        if scalerKey == nil || scalerKey! != (frame.width, frame.height, frame.format) {
            sws_freeContext(scaler)
            let src = frame.format == .rgb24 ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_GRAY8
            scaler = sws_getContext(Int32(frame.width), Int32(frame.height), src, Int32(width), Int32(height), AV_PIX_FMT_YUVJ420P,
                                    SWS_BILINEAR, nil, nil, nil)
            guard scaler != nil else { throw MediaError.code(cffmpeg_enomem(), "preparing colour conversion") }
            scalerKey = (frame.width, frame.height, frame.format)
        }
        var ret = av_frame_make_writable(yuvFrame)
        if ret < 0 { throw MediaError.code(ret, "preparing a JPEG image") }
        let (scratch, stride) = try rows.copy(frame, rowBytes: frame.width * frame.format.channels, height: frame.height, what: "a JPEG image")
        let yuv = yuvFrame.pointee
        ret = cffmpeg_sws_scale(scaler, scratch, nil, nil, nil, Int32(stride), 0, 0, 0, Int32(frame.height),
                                yuv.data.0, yuv.data.1, yuv.data.2, nil, yuv.linesize.0, yuv.linesize.1, yuv.linesize.2, 0)
        if ret < 0 { throw MediaError.code(ret, "scaling a JPEG image") }
        yuvFrame.pointee.pts = count
        count += 1
        yuvFrame.pointee.quality = codecContext.pointee.global_quality
        ret = avcodec_send_frame(codecContext, yuvFrame)
        if ret < 0 { throw MediaError.code(ret, "sending a frame to the JPEG encoder") }
        ret = avcodec_receive_packet(codecContext, packet)
        if ret < 0 { throw MediaError.code(ret, "encoding a JPEG image") }
        defer { av_packet_unref(packet) }
        guard let data = packet.pointee.data, packet.pointee.size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(packet.pointee.size)))
    }
}
