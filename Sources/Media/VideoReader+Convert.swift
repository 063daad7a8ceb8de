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
        let outW = options.outputSize?.width ?? srcW
        let outH = options.outputSize?.height ?? srcH
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
        if format == .gray8 && lumaFirst && outW == srcW && outH == srcH {
            // Gray from planar YUV: the Y plane is the answer; copy its rows.
            guard let plane = src.data.0 else { return }
            let stride = Int(src.linesize.0)
            frame.pixels.withUnsafeMutableBytes { dst in
                guard let base = dst.baseAddress else { return }
                for y in 0..<srcH {
                    (base + y * srcW).copyMemory(from: plane + y * stride, byteCount: srcW)
                }
            }
            return
        }

        // For gray output from YUV, scale the Y plane alone as a gray image: same luma values
        // as the copy path, and cheaper than a full colour conversion.
        let lumaOnly = format == .gray8 && lumaFirst
        let srcFormat = lumaOnly ? AV_PIX_FMT_GRAY8.rawValue : src.format
        let fullRange = src.color_range == AVCOL_RANGE_JPEG
        let key = (Int32(srcW), Int32(srcH), srcFormat)
        if scaler == nil || scalerKey != key || scalerOutput != (outW, outH) {
            try makeScaler(srcW: srcW, srcH: srcH, srcFormat: srcFormat, fullRange: fullRange, outW: outW, outH: outH)
            scalerKey = key
            scalerOutput = (outW, outH)
        }

        let rowBytes = outW * format.channels
        let stride = (rowBytes + 63) & ~63
        let bytes = stride * outH + 256
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
                for y in 0..<outH { (base + y * rowBytes).copyMemory(from: scratch + y * stride, byteCount: rowBytes) }
            }
        }
        if rows < 0 { throw MediaError.code(rows, "converting frame \(number) of \(path)") }
    }

    /// Seconds from the stream start: best-effort timestamp, else (n - 1) / fps.
    func timestamp(of src: AVFrame, number: Int) -> Double {
        let pts = src.best_effort_timestamp
        if pts != cffmpeg_nopts() && timeBase.den != 0 {
            return Double(pts - startTime) * timeBase.double
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
