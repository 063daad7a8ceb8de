import CFFmpeg

/// A reusable FFmpeg-allocated copy of a frame's pixel rows, each row padded to a 64-byte
/// stride with 256 bytes of slack at the end, as `sws_scale` may read past a row. Grows when a
/// larger image comes; freed with its owner (`free()` from the owner's deinit).
struct AlignedRows {
    private(set) var base: UnsafeMutablePointer<UInt8>?
    private var capacity = 0

    /// Copies `height` rows of `rowBytes` bytes from `frame` (whose own rows are
    /// `frame.width * channels` bytes) and returns the buffer and its stride.
    mutating func copy(_ frame: Frame, rowBytes: Int, height: Int, what: @autoclosure () -> String) throws -> (pointer: UnsafeMutablePointer<UInt8>, stride: Int) {
        let frameRowBytes = frame.width * frame.format.channels
        let stride = (rowBytes + 63) & ~63
        let bytes = stride * height + 256
        if capacity < bytes {
            av_free(base)
            base = av_mallocz(bytes)?.assumingMemoryBound(to: UInt8.self)
            capacity = base == nil ? 0 : bytes
        }
        guard let base else { throw MediaError.code(cffmpeg_enomem(), "allocating \(what())") }
        frame.pixels.withUnsafeBytes { src in
            guard let from = src.baseAddress else { return }
            for y in 0..<height { UnsafeMutableRawPointer(base + y * stride).copyMemory(from: from + y * frameRowBytes, byteCount: rowBytes) }
        }
        return (base, stride)
    }

    mutating func free() {
        av_free(base)
        base = nil
        capacity = 0
    }
}
