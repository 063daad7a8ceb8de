import COpenBLAS
import CSSDLiteKernels

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
    /// Runs the widest vector code the CPU has (`CSSDLiteKernels`).
    static func epilogue(
        output: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ld: Int,
        bias: UnsafePointer<Float>, activation: Activation, residual: UnsafePointer<Float>?
    ) {
        ssdl_bias_activation(output, rows, columns, ld, bias, residual, activation == .relu6 ? 1 : 0)
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

    /// 1x1 convolution (or an im2col product) of rows `rows` of `input` (`[pixels, cin]`) with the
    /// layer's packed weights, bias, activation and optional residual (`[pixels, cout]`) fused:
    /// one pass, each output written once (`CSSDLiteKernels`). `cin` must be the packed row count
    /// (`kernel * kernel * layer.cin`).
    static func fusedPointwise(_ layer: ConvWeights, input: UnsafePointer<Float>, cin: Int, rows: Range<Int>,
                               output: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?) {
        guard !rows.isEmpty else { return }
        let cout = layer.cout
        layer.packed.withPointer { p in
            ssdl_pointwise(input + rows.lowerBound * cin, rows.count, cin, cin, p, cout,
                           residual.map { $0 + rows.lowerBound * cout }, cout,
                           layer.activation == .relu6 ? 1 : 0, output + rows.lowerBound * cout, cout)
        }
    }

    /// Floats of scratch `fusedConv3x3` needs per thread on a `size` x `size` input.
    static func fusedConv3x3ScratchCount(size: Int, cin: Int, stride: Int) -> Int {
        let o = SamePadding(input: size, kernel: 3, stride: stride).output
        return ssdl_conv3x3_scratch_count(cin, o, o)
    }

    /// Full 3x3 conv ('SAME') of a square NHWC map with the layer's packed weights, bias and
    /// activation, output rows `rows`: im2col a band of rows into `scratch`
    /// (`fusedConv3x3ScratchCount` floats) and run the fused 1x1 kernel on it.
    static func fusedConv3x3(_ layer: ConvWeights, input: UnsafePointer<Float>, size: Int, rows: Range<Int>,
                             output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        guard !rows.isEmpty else { return }
        let p = SamePadding(input: size, kernel: 3, stride: layer.stride)
        layer.packed.withPointer { w in
            ssdl_conv3x3(input, size, size, layer.cin, layer.stride, p.before, p.before, p.output, p.output,
                         w, layer.cout, layer.activation == .relu6 ? 1 : 0,
                         rows.lowerBound, rows.upperBound, output, scratch)
        }
    }

    /// Floats of scratch `invertedResidual` needs per thread on a `size` x `size` input.
    static func invertedResidualScratchCount(size: Int, expanded: Int, stride: Int) -> Int {
        let o = SamePadding(input: size, kernel: 3, stride: stride).output
        return ssdl_inverted_residual_scratch_count(size, size, expanded, stride, o, o)
    }

    /// The network's first conv feeding a streamed block: its output rows are computed as the
    /// block needs them (`scratch`: `fusedConv3x3ScratchCount` floats for the im2col bands).
    struct StreamedStem {
        var layer: ConvWeights
        var image: UnsafePointer<Float>
        var imageSize: Int
        var scratch: UnsafeMutablePointer<Float>
    }

    /// An inverted-residual block (or SSD extra layer) on a square NHWC map, output rows `rows`:
    /// (`expand` 1x1) -> depthwise 3x3 + ReLU6 -> `project` 1x1 (+ the input when `residual`),
    /// streamed a band of rows at a time through `scratch` (`invertedResidualScratchCount` floats).
    /// With `stem` (no expansion, no residual), the block's `size` x `size` input is the stem's
    /// output, computed band by band from `stem.image`; `input` is not read.
    static func invertedResidual(expand: ConvWeights?, depthwise dw: DepthwiseWeights, project: ConvWeights,
                                 residual: Bool, input: UnsafePointer<Float>, size: Int, rows: Range<Int>,
                                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
                                 stem: StreamedStem? = nil) {
        guard !rows.isEmpty else { return }
        let py = SamePadding(input: size, kernel: 3, stride: dw.stride)
        let cin = expand?.cin ?? dw.channels
        let call = { (expandPacked: UnsafePointer<Float>?, stemInfo: UnsafePointer<ssdl_stem>?) in
            dw.aligned.withPointer { w in
                project.packed.withPointer { p in
                    ssdl_inverted_residual(input, size, size, cin, expandPacked, dw.channels,
                                           expand?.activation == .relu6 ? 1 : 0,
                                           w, w + dw.biasOffset, dw.stride, py.before, py.before, py.output, py.output,
                                           p, project.cout, project.activation == .relu6 ? 1 : 0,
                                           residual ? 1 : 0, rows.lowerBound, rows.upperBound, output, scratch, stemInfo)
                }
            }
        }
        if let e = expand {
            e.packed.withPointer { call($0, nil) }
        } else if let stem {
            let l = stem.layer
            let pad = SamePadding(input: stem.imageSize, kernel: 3, stride: l.stride)
            l.packed.withPointer { packed in
                var info = ssdl_stem(image: stem.image, height: stem.imageSize, width: stem.imageSize, cin: l.cin,
                                     stride: l.stride, pad_top: pad.before, pad_left: pad.before,
                                     packed: packed, cout: l.cout, relu6: l.activation == .relu6 ? 1 : 0,
                                     scratch: stem.scratch)
                withUnsafePointer(to: &info) { call(nil, $0) }
            }
        } else {
            call(nil, nil)
        }
    }

    /// Depthwise 3x3 convolution (channel multiplier 1) with TF 'SAME' padding.
    /// `w` is `[3, 3, c]` (TF `[3, 3, C, 1]`). Output rows `rowRange` only, so callers can split the
    /// work across threads; the inner loop runs over channels, contiguous in NHWC, in the widest
    /// vector code the CPU has (`CSSDLiteKernels`).
    static func depthwise3x3(
        input: UnsafePointer<Float>, height: Int, width: Int, channels: Int,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, stride: Int,
        output: UnsafeMutablePointer<Float>, activation: Activation,
        rows rowRange: Range<Int>? = nil
    ) {
        let py = SamePadding(input: height, kernel: 3, stride: stride)
        let px = SamePadding(input: width, kernel: 3, stride: stride)
        let rows = rowRange ?? 0..<py.output
        ssdl_depthwise3x3(input, height, width, channels, weights, bias, stride, py.before, px.before,
                          px.output, rows.lowerBound, rows.upperBound, activation == .relu6 ? 1 : 0, output)
    }

    /// The vector instruction set the C kernels run with: "avx512", "avx2" or "baseline".
    static var kernelISA: String { String(cString: ssdl_kernel_isa()) }

    /// Restricts the C kernels to an instruction-set level (0 = SSE2 baseline, 1 = AVX2+FMA,
    /// 2 = AVX-512, nil = the best the CPU has) for calls on the calling thread; returns the level
    /// in use there.
    @discardableResult
    static func setISALevel(_ level: Int?) -> Int { Int(ssdl_set_isa_level(Int32(level ?? -1))) }
}
