import Testing
@testable import Detection

/// Naive NHWC 'SAME' convolution: `depthwise` uses a [3,3,C] kernel, otherwise HWIO [k,k,cin,cout].
private func referenceConv(_ x: [Float], h: Int, w: Int, cin: Int, kernel k: Int, weights: [Float], bias: [Float],
                           cout: Int, stride: Int, depthwise: Bool, relu6: Bool, residual: [Float]? = nil) -> (out: [Float], oh: Int, ow: Int) {
    let oh = (h + stride - 1) / stride, ow = (w + stride - 1) / stride
    let padT = max((oh - 1) * stride + k - h, 0) / 2
    let padL = max((ow - 1) * stride + k - w, 0) / 2
    var out = [Float](repeating: 0, count: oh * ow * cout)
    for oy in 0..<oh {
        for ox in 0..<ow {
            for o in 0..<cout {
                var acc = Double(bias[o])
                for ky in 0..<k {
                    for kx in 0..<k {
                        let iy = oy * stride + ky - padT, ix = ox * stride + kx - padL
                        guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                        if depthwise {
                            acc += Double(x[(iy * w + ix) * cin + o]) * Double(weights[(ky * k + kx) * cin + o])
                        } else {
                            for i in 0..<cin {
                                acc += Double(x[(iy * w + ix) * cin + i]) * Double(weights[((ky * k + kx) * cin + i) * cout + o])
                            }
                        }
                    }
                }
                if let residual { acc += Double(residual[(oy * ow + ox) * cout + o]) }
                if relu6 { acc = min(max(acc, 0), 6) }
                out[(oy * ow + ox) * cout + o] = Float(acc)
            }
        }
    }
    return (out, oh, ow)
}

private func maxDiff(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

@Suite struct SSDLiteConvTests {
    func check(_ p: SamePadding, _ out: Int, _ before: Int, _ after: Int) -> Bool {
        p.output == out && p.before == before && p.after == after
    }

    @Test func samePaddingFollowsTF() {
        #expect(check(SamePadding(input: 300, kernel: 3, stride: 2), 150, 0, 1))
        #expect(check(SamePadding(input: 75, kernel: 3, stride: 2), 38, 1, 1))
        #expect(check(SamePadding(input: 19, kernel: 3, stride: 1), 19, 1, 1))
        #expect(check(SamePadding(input: 2, kernel: 3, stride: 2), 1, 0, 1))
        #expect(check(SamePadding(input: 3, kernel: 3, stride: 2), 2, 1, 1))
        #expect(check(SamePadding(input: 10, kernel: 1, stride: 1), 10, 0, 0))
    }

    @Test(arguments: [(7, 5, 1), (7, 5, 2), (8, 6, 2), (9, 9, 2), (4, 4, 1)])
    func conv3x3MatchesReference(size: (Int, Int, Int)) {
        let (h, w, stride) = size
        var rng = TestRandom(seed: UInt64(h * 100 + w * 10 + stride))
        let cin = 3, cout = 5
        let x = rng.floats(h * w * cin), wts = rng.floats(9 * cin * cout), bias = rng.floats(cout)
        let ref = referenceConv(x, h: h, w: w, cin: cin, kernel: 3, weights: wts, bias: bias, cout: cout,
                                stride: stride, depthwise: false, relu6: true)
        var out = [Float](repeating: .nan, count: ref.oh * ref.ow * cout)
        var scratch = [Float](repeating: .nan, count: ref.oh * ref.ow * 9 * cin)
        ConvOps.conv3x3(input: x, height: h, width: w, cin: cin, weights: wts, bias: bias, cout: cout,
                        stride: stride, output: &out, scratch: &scratch, activation: .relu6)
        #expect(maxDiff(out, ref.out) < 1e-5)
    }

    @Test func pointwiseMatchesReferenceWithResidualAndBias() {
        var rng = TestRandom(seed: 7)
        let h = 5, w = 3, cin = 6, cout = 4
        let x = rng.floats(h * w * cin), wts = rng.floats(cin * cout), bias = rng.floats(cout)
        let res = rng.floats(h * w * cout, -3, 3)
        for (act, residual) in [(Activation.none, res), (.relu6, res), (.none, nil)] as [(Activation, [Float]?)] {
            let ref = referenceConv(x, h: h, w: w, cin: cin, kernel: 1, weights: wts, bias: bias, cout: cout,
                                    stride: 1, depthwise: false, relu6: act == .relu6, residual: residual)
            var out = [Float](repeating: .nan, count: h * w * cout)
            residual.withUnsafeBufferPointerOrNil { r in
                ConvOps.pointwise(input: x, pixels: h * w, cin: cin, weights: wts, bias: bias, cout: cout,
                                  output: &out, activation: act, residual: r)
            }
            #expect(maxDiff(out, ref.out) < 1e-5)
        }
    }

    @Test(arguments: [(7, 5, 11, 1), (7, 5, 11, 2), (8, 8, 16, 2), (6, 9, 16, 1), (2, 2, 24, 2), (1, 1, 8, 2), (3, 3, 5, 2)])
    func depthwiseMatchesReference(cfg: (Int, Int, Int, Int)) {
        let (h, w, c, stride) = cfg
        var rng = TestRandom(seed: UInt64(h * 1000 + w * 100 + c * 10 + stride))
        let x = rng.floats(h * w * c, -4, 4), wts = rng.floats(9 * c), bias = rng.floats(c)
        let ref = referenceConv(x, h: h, w: w, cin: c, kernel: 3, weights: wts, bias: bias, cout: c,
                                stride: stride, depthwise: true, relu6: true)
        var out = [Float](repeating: .nan, count: ref.oh * ref.ow * c)
        ConvOps.depthwise3x3(input: x, height: h, width: w, channels: c, weights: wts, bias: bias,
                             stride: stride, output: &out, activation: .relu6)
        #expect(maxDiff(out, ref.out) < 1e-5)
        // Split into row bands (as the threaded path does): same result.
        var banded = [Float](repeating: .nan, count: out.count)
        let mid = ref.oh / 2
        for rows in [0..<mid, mid..<ref.oh] {
            ConvOps.depthwise3x3(input: x, height: h, width: w, channels: c, weights: wts, bias: bias,
                                 stride: stride, output: &banded, activation: .relu6, rows: rows)
        }
        #expect(banded == out)
    }
}

private extension Optional where Wrapped == [Float] {
    func withUnsafeBufferPointerOrNil<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        switch self {
        case .some(let a): return a.withUnsafeBufferPointer { body($0.baseAddress) }
        case .none: return body(nil)
        }
    }
}
