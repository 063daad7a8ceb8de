import COpenBLAS

/// What follows a convolution: nothing (linear bottleneck, head outputs) or ReLU6.
enum Activation: Sendable {
    case none
    case relu6
}

/// TF 'SAME' padding along one axis: output size and the zeros before the first input element.
/// `pad_total = max((out-1)*stride + k - in, 0)`, `before = pad_total/2`; the odd extra zero
/// goes after (bottom/right), which is what makes stride 2 on even inputs asymmetric.
struct SamePadding: Equatable, Sendable {
    var output: Int
    var before: Int
    var after: Int

    init(input: Int, kernel: Int, stride: Int) {
        output = (input + stride - 1) / stride
        let total = max((output - 1) * stride + kernel - input, 0)
        before = total / 2
        after = total - before
    }
}

/// The convolution kernels of the detector, all NHWC float32 on raw buffers (no allocation).
///
/// Tensors are row-major `[H, W, C]` (batch 1). Weights are folded (batch norm applied), with a
/// per-output-channel bias.
enum ConvOps {
    /// 1x1 convolution as one GEMM: `out[p, o] = act(sum_i in[p, i] * w[i, o] + bias[o] (+ residual[p, o]))`.
    /// `pixels` rows; `w` is `[cin, cout]` row-major (TF HWIO with H = W = 1). `ldOut` lets a head
    /// write straight into a wider concatenated buffer (defaults to `cout`).
    static func pointwise(
        input: UnsafePointer<Float>, pixels: Int, cin: Int,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, cout: Int,
        output: UnsafeMutablePointer<Float>, ldOut: Int? = nil,
        activation: Activation, residual: UnsafePointer<Float>? = nil
    ) {
        let ldc = ldOut ?? cout
        gemm(input: input, pixels: pixels, cin: cin, weights: weights, cout: cout, output: output, ldOut: ldc)
        epilogue(output: output, rows: pixels, columns: cout, ld: ldc, bias: bias,
                 activation: activation, residual: residual)
    }

    /// Adds the bias (and a residual, laid out `[rows, columns]` dense) and applies the activation in place.
    static func epilogue(
        output: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ld: Int,
        bias: UnsafePointer<Float>, activation: Activation, residual: UnsafePointer<Float>?
    ) {
        for r in 0..<rows {
            let o = output + r * ld
            if let residual {
                let res = residual + r * columns
                switch activation {
                case .none: for c in 0..<columns { o[c] = o[c] + bias[c] + res[c] }
                case .relu6: for c in 0..<columns { o[c] = min(max(o[c] + bias[c] + res[c], 0), 6) }
                }
            } else {
                switch activation {
                case .none: for c in 0..<columns { o[c] = o[c] + bias[c] }
                case .relu6: for c in 0..<columns { o[c] = min(max(o[c] + bias[c], 0), 6) }
                }
            }
        }
    }

    /// Full 3x3 convolution with TF 'SAME' padding via im2col + GEMM.
    /// `w` is HWIO `[3, 3, cin, cout]` row-major, i.e. `[(ky*3 + kx)*cin + ci, co]`, which is the
    /// column order of the im2col rows. `scratch` holds `outH*outW*9*cin` floats.
    static func conv3x3(
        input: UnsafePointer<Float>, height: Int, width: Int, cin: Int,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, cout: Int, stride: Int,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
        activation: Activation
    ) {
        let pixels = im2col3x3(input: input, height: height, width: width, cin: cin, stride: stride, output: scratch)
        pointwise(input: scratch, pixels: pixels, cin: 9 * cin, weights: weights,
                  bias: bias, cout: cout, output: output, activation: activation)
    }

    /// Unfolds 3x3 'SAME' patches into rows `[(oy*outW + ox), (ky*3 + kx)*cin + ci]`, zeros for
    /// padding. Returns the number of rows (output pixels).
    @discardableResult
    static func im2col3x3(
        input: UnsafePointer<Float>, height: Int, width: Int, cin: Int, stride: Int,
        output scratch: UnsafeMutablePointer<Float>
    ) -> Int {
        let py = SamePadding(input: height, kernel: 3, stride: stride)
        let px = SamePadding(input: width, kernel: 3, stride: stride)
        let k = 9 * cin
        for oy in 0..<py.output {
            for ox in 0..<px.output {
                let row = scratch + (oy * px.output + ox) * k
                for ky in 0..<3 {
                    let iy = oy * stride + ky - py.before
                    for kx in 0..<3 {
                        let ix = ox * stride + kx - px.before
                        let dst = row + (ky * 3 + kx) * cin
                        if iy >= 0, iy < height, ix >= 0, ix < width {
                            let src = input + (iy * width + ix) * cin
                            for c in 0..<cin { dst[c] = src[c] }
                        } else {
                            for c in 0..<cin { dst[c] = 0 }
                        }
                    }
                }
            }
        }
        return py.output * px.output
    }

    /// `out = in x w` for row-major `[pixels, cin] x [cin, cout]`, no bias.
    static func gemm(input: UnsafePointer<Float>, pixels: Int, cin: Int, weights: UnsafePointer<Float>,
                     cout: Int, output: UnsafeMutablePointer<Float>, ldOut: Int? = nil) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                    Int32(pixels), Int32(cout), Int32(cin),
                    1, input, Int32(cin), weights, Int32(cout),
                    0, output, Int32(ldOut ?? cout))
    }

    /// Depthwise 3x3 convolution (channel multiplier 1) with TF 'SAME' padding.
    /// `w` is `[3, 3, c]` (TF `[3, 3, C, 1]`). Output rows `rowRange` only, so callers can split the
    /// work across threads; the inner loop runs over channels, contiguous in NHWC.
    static func depthwise3x3(
        input: UnsafePointer<Float>, height: Int, width: Int, channels: Int,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, stride: Int,
        output: UnsafeMutablePointer<Float>, activation: Activation,
        rows rowRange: Range<Int>? = nil
    ) {
        let py = SamePadding(input: height, kernel: 3, stride: stride)
        let px = SamePadding(input: width, kernel: 3, stride: stride)
        let outW = px.output
        let cs = channels
        let vecEnd = cs & ~7
        for oy in rowRange ?? 0..<py.output {
            let iy0 = oy * stride - py.before
            let ky0 = max(0, -iy0), ky1 = min(3, height - iy0)
            for ox in 0..<outW {
                let ix0 = ox * stride - px.before
                let kx0 = max(0, -ix0), kx1 = min(3, width - ix0)
                let o = output + (oy * outW + ox) * cs
                var c = 0
                while c < vecEnd {
                    var acc = UnsafeRawPointer(bias + c).loadUnaligned(as: SIMD8<Float>.self)
                    for ky in ky0..<ky1 {
                        let srow = input + ((iy0 + ky) * width) * cs + c
                        let wrow = weights + ky * 3 * cs + c
                        for kx in kx0..<kx1 {
                            let x = UnsafeRawPointer(srow + (ix0 + kx) * cs).loadUnaligned(as: SIMD8<Float>.self)
                            let w = UnsafeRawPointer(wrow + kx * cs).loadUnaligned(as: SIMD8<Float>.self)
                            acc = acc + x * w
                        }
                    }
                    if case .relu6 = activation {
                        acc = acc.replacing(with: 0, where: acc .< 0)
                        acc = acc.replacing(with: 6, where: acc .> 6)
                    }
                    UnsafeMutableRawPointer(o + c).storeBytes(of: acc, as: SIMD8<Float>.self)
                    c += 8
                }
                while c < cs {
                    var acc = bias[c]
                    for ky in ky0..<ky1 {
                        for kx in kx0..<kx1 {
                            acc += input[((iy0 + ky) * width + ix0 + kx) * cs + c] * weights[(ky * 3 + kx) * cs + c]
                        }
                    }
                    if case .relu6 = activation { acc = min(max(acc, 0), 6) }
                    o[c] = acc
                    c += 1
                }
            }
        }
    }
}
