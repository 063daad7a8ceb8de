/// Resizes packed 8-bit images exactly like OpenCV's `cv2.resize(..., INTER_LINEAR)` on uint8:
/// half-pixel centres (`src = (dst + 0.5) * in/out - 0.5`, clamped at the borders), 11-bit
/// fixed-point weights, a horizontal pass into 32-bit rows and OpenCV's vertical rounding.
/// Tables depend only on the sizes and are built once; `resize` allocates nothing.
struct BilinearResizer {
    let srcWidth: Int, srcHeight: Int, dstWidth: Int, dstHeight: Int, channels: Int
    private var xofs: [Int32]      // source x (times channels) per destination x
    private var alpha: [Int16]     // 2 per destination x
    private var xmax: Int          // destination x from which the right border copies one pixel
    private var yofs: [Int32]
    private var beta: [Int16]      // 2 per destination y
    private var rowA: [Int32]
    private var rowB: [Int32]

    static let coefBits = 11
    static let coefScale: Float = 2048

    init(srcWidth: Int, srcHeight: Int, dstWidth: Int, dstHeight: Int, channels: Int) {
        self.srcWidth = srcWidth
        self.srcHeight = srcHeight
        self.dstWidth = dstWidth
        self.dstHeight = dstHeight
        self.channels = channels
        (xofs, alpha, xmax) = Self.table(src: srcWidth, dst: dstWidth)
        (yofs, beta, _) = Self.table(src: srcHeight, dst: dstHeight)
        rowA = [Int32](repeating: 0, count: dstWidth * channels)
        rowB = rowA
    }

    /// Source index and the two fixed-point weights per destination index, as OpenCV computes
    /// them: the position in float32 from a float64 scale, weights rounded to nearest (even).
    private static func table(src: Int, dst: Int) -> ([Int32], [Int16], Int) {
        let scale = 1.0 / (Double(dst) / Double(src))
        var ofs = [Int32](repeating: 0, count: dst)
        var w = [Int16](repeating: 0, count: 2 * dst)
        var firstBorder = dst
        for d in 0..<dst {
            var f = Float((Double(d) + 0.5) * scale - 0.5)
            var s = Int(f.rounded(.down))
            f -= Float(s)
            if s < 0 { f = 0; s = 0 }
            if s + 1 >= src {
                firstBorder = min(firstBorder, d)
                if s >= src - 1 { f = 0; s = src - 1 }
            }
            ofs[d] = Int32(s)
            w[2 * d] = Int16(((1 - f) * coefScale).rounded(.toNearestOrEven))
            w[2 * d + 1] = Int16((f * coefScale).rounded(.toNearestOrEven))
        }
        return (ofs, w, firstBorder)
    }

    /// Horizontal pass of one source row into `row` (values scaled by 2048).
    private func horizontal(_ src: UnsafePointer<UInt8>, into row: UnsafeMutablePointer<Int32>) {
        let cn = channels
        for dx in 0..<dstWidth {
            let sx = Int(xofs[dx]) * cn
            if dx < xmax {
                let a0 = Int32(alpha[2 * dx]), a1 = Int32(alpha[2 * dx + 1])
                for c in 0..<cn { row[dx * cn + c] = Int32(src[sx + c]) * a0 + Int32(src[sx + cn + c]) * a1 }
            } else {
                for c in 0..<cn { row[dx * cn + c] = Int32(src[sx + c]) * 2048 }
            }
        }
    }

    /// Resizes `src` (`srcHeight` rows of `srcWidth*channels` bytes) into `dst`
    /// (`dstHeight` rows of `dstWidth*channels` bytes).
    mutating func resize(_ src: UnsafePointer<UInt8>, into dst: UnsafeMutablePointer<UInt8>) {
        let rowLen = srcWidth * channels
        let outLen = dstWidth * channels
        // Move the row buffers out of self for the loop (exclusive access), back at the end.
        var ra = rowA, rb = rowB
        rowA = []
        rowB = []
        var ia = -1, ib = -1
        for dy in 0..<dstHeight {
            let s0 = Int(yofs[dy])
            let s1 = min(s0 + 1, srcHeight - 1)
            // Keep the two most recent source rows: consecutive output rows mostly share them.
            if ia != s0 {
                if ib == s0 {
                    swap(&ra, &rb)
                    swap(&ia, &ib)
                } else {
                    ra.withUnsafeMutableBufferPointer { horizontal(src + s0 * rowLen, into: $0.baseAddress!) }
                    ia = s0
                }
            }
            if ib != s1 {
                rb.withUnsafeMutableBufferPointer { horizontal(src + s1 * rowLen, into: $0.baseAddress!) }
                ib = s1
            }
            let b0 = Int32(beta[2 * dy]), b1 = Int32(beta[2 * dy + 1])
            ra.withUnsafeBufferPointer { pa in
                rb.withUnsafeBufferPointer { pb in
                    let o = dst + dy * outLen
                    for x in 0..<outLen {
                        // OpenCV's VResizeLinear<uchar>: ((b0*(S0>>4))>>16) + ((b1*(S1>>4))>>16) + 2 >> 2.
                        let v = (((b0 * (pa[x] >> 4)) >> 16) + ((b1 * (pb[x] >> 4)) >> 16) + 2) >> 2
                        o[x] = UInt8(clamping: v)
                    }
                }
            }
        }
        rowA = ra
        rowB = rb
    }
}
