import CFFmpeg

extension VideoReader {
    /// Converts the decoded `avFrame` into `frame` (reusing its buffer) in the requested format
    /// and size.
    func convert(into frame: inout Frame, number: Int) throws {
        guard let avFrame else { return }
        let src = avFrame.pointee
        let srcW = Int(src.width), srcH = Int(src.height)
        guard srcW > 0, srcH > 0 else {
            throw MediaError.truncatedOrCorrupt(path: path, detail: "frame \(number) has no size")
        }
        let turn = rotation
        let sideways = turn == 90 || turn == 270
        // The size handed out (upright), and the size scaled to before turning.
        let outW = options.outputSize?.width ?? (sideways ? srcH : srcW)
        let outH = options.outputSize?.height ?? (sideways ? srcW : srcH)
        let scaleW = sideways ? outH : outW, scaleH = sideways ? outW : outH
        if srcW * srcH > VideoReader.maxPixels || outW * outH > VideoReader.maxPixels {
            throw MediaError.tooLarge(path: path, width: srcW, height: srcH, maxSide: VideoReader.maxSide, maxPixels: VideoReader.maxPixels)
        }
        let format = options.format
        let needed = outW * outH * format.channels
        if frame.pixels.count != needed {
            frame.pixels.removeAll(keepingCapacity: true)
            frame.pixels.append(contentsOf: repeatElement(0, count: needed))
        }
        frame.number = number
        frame.width = outW
        frame.height = outH
        frame.format = format
        frame.timestamp = timestamp(of: src, number: number)

        let lumaFirst = VideoReader.hasEightBitLumaPlane(src.format)
        if format == .gray8 && lumaFirst && scaleW == srcW && scaleH == srcH {
            // Gray from planar YUV: the Y plane is the answer; copy its rows (turned upright).
            guard let plane = src.data.0 else { return }
            let stride = Int(src.linesize.0)
            frame.pixels.withUnsafeMutableBytes { dst in
                guard let base = dst.baseAddress else { return }
                VideoReader.copyTurned(from: plane, stride: stride, width: srcW, height: srcH, channels: 1,
                                       turn: turn, to: base.assumingMemoryBound(to: UInt8.self))
            }
            return
        }

        // For gray output from YUV, scale the Y plane alone as a gray image: same luma values
        // as the copy path, and cheaper than a full colour conversion.
        let lumaOnly = format == .gray8 && lumaFirst
        let srcFormat = lumaOnly ? AV_PIX_FMT_GRAY8.rawValue : src.format
        let fullRange = src.color_range == AVCOL_RANGE_JPEG
        let key = (Int32(srcW), Int32(srcH), srcFormat)
        if scaler == nil || scalerKey != key || scalerOutput != (scaleW, scaleH) {
            try makeScaler(srcW: srcW, srcH: srcH, srcFormat: srcFormat, fullRange: fullRange, outW: scaleW, outH: scaleH)
            scalerKey = key
            scalerOutput = (scaleW, scaleH)
        }

        let rowBytes = scaleW * format.channels
        let stride = (rowBytes + 63) & ~63
        let bytes = stride * scaleH + 256
        if scratchBytes < bytes {
            av_free(scratch)
            scratch = av_malloc(bytes)?.assumingMemoryBound(to: UInt8.self)
            scratchBytes = scratch == nil ? 0 : bytes
            guard scratch != nil else { throw MediaError.code(cffmpeg_enomem(), "allocating frame \(number) of \(path)") }
        }
        let rows = cffmpeg_sws_scale(
            scaler,
            src.data.0, lumaOnly ? nil : src.data.1, lumaOnly ? nil : src.data.2, lumaOnly ? nil : src.data.3,
            src.linesize.0, lumaOnly ? 0 : src.linesize.1, lumaOnly ? 0 : src.linesize.2, lumaOnly ? 0 : src.linesize.3,
            Int32(srcH),
            scratch, nil, nil, nil, Int32(stride), 0, 0, 0)
        if rows >= 0, let scratch {
            frame.pixels.withUnsafeMutableBytes { dst in
                guard let base = dst.baseAddress else { return }
                VideoReader.copyTurned(from: scratch, stride: stride, width: scaleW, height: scaleH, channels: format.channels,
                                       turn: turn, to: base.assumingMemoryBound(to: UInt8.self))
            }
        }
        if rows < 0 { throw MediaError.code(rows, "converting frame \(number) of \(path)") }
    }

    /// Copies a `width` x `height` image with rows `stride` bytes apart into a tightly packed
    /// buffer, turned clockwise by `turn` degrees (0, 90, 180, 270): the destination is
    /// `height` x `width` for 90 and 270.
    static func copyTurned(from src: UnsafePointer<UInt8>, stride: Int, width: Int, height: Int, channels: Int,
                           turn: Int, to dst: UnsafeMutablePointer<UInt8>) {
        let rowBytes = width * channels
        switch turn {
        case 90:
            // Destination (x, y), width `height`: source (y, height - 1 - x).
            for y in 0..<width {
                var d = dst + y * height * channels
                for x in 0..<height {
                    let s = src + (height - 1 - x) * stride + y * channels
                    for c in 0..<channels { d[c] = s[c] }
                    d += channels
                }
            }
        case 180:
            for y in 0..<height {
                let srow = src + (height - 1 - y) * stride
                var d = dst + y * rowBytes
                for x in (0..<width).reversed() {
                    for c in 0..<channels { d[c] = srow[x * channels + c] }
                    d += channels
                }
            }
        case 270:
            // Destination (x, y), width `height`: source (width - 1 - y, x).
            for y in 0..<width {
                var d = dst + y * height * channels
                for x in 0..<height {
                    let s = src + x * stride + (width - 1 - y) * channels
                    for c in 0..<channels { d[c] = s[c] }
                    d += channels
                }
            }
        default:
            for y in 0..<height { (dst + y * rowBytes).update(from: src + y * stride, count: rowBytes) }
        }
    }

    /// Seconds from the stream start: best-effort timestamp, else (n - 1) / fps.
    func timestamp(of src: AVFrame, number: Int) -> Double {
        let pts = src.best_effort_timestamp
        if pts != cffmpeg_nopts() && timeBase.den != 0 {
            // num / den last: pts x 1 / 10 gives 0.3, not 0.30000000000000004.
            return Double(pts - startTime) * Double(timeBase.num) / Double(timeBase.den)
        }
        return metadata.frameRate > 0 ? Double(number - 1) / metadata.frameRate : 0
    }

    func makeScaler(srcW: Int, srcH: Int, srcFormat: Int32, fullRange: Bool, outW: Int, outH: Int) throws {
        sws_freeContext(scaler)
        scaler = nil
        // The deprecated "J" formats are the plain ones in full range; swscale wants it said that way.
        var pixFmt = AVPixelFormat(rawValue: srcFormat)
        var full = fullRange
        switch pixFmt {
        case AV_PIX_FMT_YUVJ420P: pixFmt = AV_PIX_FMT_YUV420P; full = true
        case AV_PIX_FMT_YUVJ422P: pixFmt = AV_PIX_FMT_YUV422P; full = true
        case AV_PIX_FMT_YUVJ444P: pixFmt = AV_PIX_FMT_YUV444P; full = true
        case AV_PIX_FMT_YUVJ440P: pixFmt = AV_PIX_FMT_YUV440P; full = true
        case AV_PIX_FMT_YUVJ411P: pixFmt = AV_PIX_FMT_YUV411P; full = true
        default: break
        }
        let dstFmt = options.format == .rgb24 ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_GRAY8
        guard let ctx = sws_getContext(Int32(srcW), Int32(srcH), pixFmt, Int32(outW), Int32(outH), dstFmt,
                                       SWS_BILINEAR, nil, nil, nil) else {
            let name = av_get_pix_fmt_name(pixFmt).map { String(cString: $0) } ?? "\(srcFormat)"
            throw MediaError.unsupportedCodec(path: path, codec: "pixel format \(name)")
        }
        if full && srcFormat != AV_PIX_FMT_GRAY8.rawValue {
            var invTable: UnsafeMutablePointer<Int32>? = nil
            var table: UnsafeMutablePointer<Int32>? = nil
            var srcRange: Int32 = 0, dstRange: Int32 = 0, brightness: Int32 = 0, contrast: Int32 = 0, saturation: Int32 = 0
            if sws_getColorspaceDetails(ctx, &invTable, &srcRange, &table, &dstRange, &brightness, &contrast, &saturation) >= 0 {
                _ = sws_setColorspaceDetails(ctx, invTable, 1, table, dstRange, brightness, contrast, saturation)
            }
        }
        scaler = ctx
    }

    /// Pixel formats whose first plane is 8-bit luma, one byte per pixel.
    static func hasEightBitLumaPlane(_ format: Int32) -> Bool {
        switch AVPixelFormat(rawValue: format) {
        case AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUV422P, AV_PIX_FMT_YUVJ422P,
             AV_PIX_FMT_YUV444P, AV_PIX_FMT_YUVJ444P, AV_PIX_FMT_YUV440P, AV_PIX_FMT_YUVJ440P,
             AV_PIX_FMT_YUV411P, AV_PIX_FMT_YUVJ411P, AV_PIX_FMT_YUV410P, AV_PIX_FMT_NV12,
             AV_PIX_FMT_NV21, AV_PIX_FMT_GRAY8, AV_PIX_FMT_YUVA420P:
            return true
        default:
            return false
        }
    }
}
