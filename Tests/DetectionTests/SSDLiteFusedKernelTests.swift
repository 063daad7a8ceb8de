import Media
import Testing
@testable import Detection

/// The fused 1x1 kernel and the depthwise kernel against naive references, at every instruction-set
/// level this CPU can run (forced per thread: other tests running meanwhile are not affected).
@Suite(.serialized) struct SSDLiteFusedKernelTests {
    /// 0 = SSE2 baseline, 1 = AVX2+FMA, 2 = AVX-512, as far as the CPU goes.
    static let levels: [Int] = {
        let best = ConvOps.setISALevel(nil)
        return Array(0...best)
    }()

    /// Double-precision `act(bias + x * w (+ residual))` for `[rows, cin] x [cin, cout]`.
    static func referencePointwise(_ x: [Float], rows: Int, cin: Int, weights: [Float], bias: [Float], cout: Int,
                                   relu6: Bool, residual: [Float]?) -> [Float] {
        var out = [Float](repeating: 0, count: rows * cout)
        for m in 0..<rows {
            for o in 0..<cout {
                var acc = Double(bias[o])
                for k in 0..<cin { acc += Double(x[m * cin + k]) * Double(weights[k * cout + o]) }
                if let residual { acc += Double(residual[m * cout + o]) }
                if relu6 { acc = min(max(acc, 0), 6) }
                out[m * cout + o] = Float(acc)
            }
        }
        return out
    }

    /// Double-precision depthwise 3x3, TF 'SAME' padding, ReLU6 optional.
    static func referenceDepthwise(_ x: [Float], h: Int, w: Int, c: Int, weights: [Float], bias: [Float],
                                   stride: Int, relu6: Bool) -> (out: [Float], oh: Int, ow: Int) {
        let py = SamePadding(input: h, kernel: 3, stride: stride), px = SamePadding(input: w, kernel: 3, stride: stride)
        var out = [Float](repeating: 0, count: py.output * px.output * c)
        for oy in 0..<py.output {
            for ox in 0..<px.output {
                for ch in 0..<c {
                    var acc = Double(bias[ch])
                    for ky in 0..<3 {
                        for kx in 0..<3 {
                            let iy = oy * stride + ky - py.before, ix = ox * stride + kx - px.before
                            guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                            acc += Double(x[(iy * w + ix) * c + ch]) * Double(weights[(ky * 3 + kx) * c + ch])
                        }
                    }
                    if relu6 { acc = min(max(acc, 0), 6) }
                    out[(oy * px.output + ox) * c + ch] = Float(acc)
                }
            }
        }
        return (out, py.output, px.output)
    }

    static func maxDiff(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    // rows x cin x cout: row counts around the 12/6/2-row tiles and their 8/4/2/1 tails, output
    // channels that fill whole 16-lane panels, pairs of panels, or end in a partial panel.
    static let pointwiseShapes: [(Int, Int, Int)] = [
        (1, 1, 1), (13, 7, 5), (29, 16, 24), (50, 27, 32), (37, 96, 48), (12, 33, 16), (25, 8, 70), (7, 64, 160), (100, 40, 12),
    ]

    @Test func fusedPointwiseMatchesReferenceAtEveryISALevel() {
        defer { ConvOps.setISALevel(nil) }
        for (rows, cin, cout) in Self.pointwiseShapes {
            var rng = TestRandom(seed: UInt64(rows * 10_000 + cin * 100 + cout))
            let x = rng.floats(rows * cin, -2, 2), w = rng.floats(cin * cout), bias = rng.floats(cout)
            let res = rng.floats(rows * cout, -3, 3)
            let layer = ConvWeights(name: "t", weights: w, bias: bias, kernel: 1, cin: cin, cout: cout, stride: 1, activation: .relu6)
            let linear = ConvWeights(name: "t", weights: w, bias: bias, kernel: 1, cin: cin, cout: cout, stride: 1, activation: .none)
            for level in Self.levels {
                #expect(ConvOps.setISALevel(level) == level)
                for (l, residual) in [(layer, nil), (linear, res), (layer, res), (linear, nil)] as [(ConvWeights, [Float]?)] {
                    let ref = Self.referencePointwise(x, rows: rows, cin: cin, weights: w, bias: bias, cout: cout,
                                                      relu6: l.activation == .relu6, residual: residual)
                    // A guard row after the output catches stores past the last channel.
                    var out = [Float](repeating: .nan, count: rows * cout + 16)
                    out.withUnsafeMutableBufferPointer { o in
                        x.withUnsafeBufferPointer { xp in
                            if let residual {
                                residual.withUnsafeBufferPointer { r in
                                    ConvOps.fusedPointwise(l, input: xp.baseAddress!, cin: cin, rows: 0..<rows,
                                                           output: o.baseAddress!, residual: r.baseAddress!)
                                }
                            } else {
                                ConvOps.fusedPointwise(l, input: xp.baseAddress!, cin: cin, rows: 0..<rows,
                                                       output: o.baseAddress!, residual: nil)
                            }
                        }
                    }
                    #expect(Self.maxDiff(Array(out.prefix(rows * cout)), ref) < 1e-4,
                            "rows \(rows) cin \(cin) cout \(cout) level \(level) relu6 \(l.activation == .relu6) residual \(residual != nil)")
                    #expect(out.suffix(16).allSatisfy { $0.isNaN }, "wrote past the output (level \(level))")
                    // Bands of rows (the two-thread split) give the same floats.
                    var banded = [Float](repeating: .nan, count: rows * cout)
                    let mid = rows / 2
                    for band in [0..<mid, mid..<rows] {
                        banded.withUnsafeMutableBufferPointer { o in
                            x.withUnsafeBufferPointer { xp in
                                ConvOps.fusedPointwise(l, input: xp.baseAddress!, cin: cin, rows: band,
                                                       output: o.baseAddress!, residual: nil)
                            }
                        }
                    }
                    if residual == nil { #expect(banded == Array(out.prefix(rows * cout))) }
                }
            }
        }
    }

    // h x w x channels / stride: odd sizes, stride 2 on even and odd inputs, maps narrower than the
    // 3-tap window, channel counts with a non-multiple-of-16 tail, rows wider than 4-pixel steps.
    static let depthwiseShapes: [(Int, Int, Int, Int)] = [
        (7, 5, 16, 1), (8, 8, 32, 2), (9, 9, 17, 2), (1, 1, 16, 1), (2, 3, 48, 2), (19, 19, 64, 1), (6, 11, 20, 1),
        (10, 13, 96, 2), (3, 3, 5, 2), (2, 2, 16, 1), (15, 15, 33, 1),
    ]

    @Test func depthwiseMatchesReferenceAtEveryISALevel() {
        defer { ConvOps.setISALevel(nil) }
        for (h, w, c, stride) in Self.depthwiseShapes {
            var rng = TestRandom(seed: UInt64(h * 1000 + w * 100 + c * 10 + stride))
            let x = rng.floats(h * w * c, -4, 4), wts = rng.floats(9 * c), bias = rng.floats(c)
            for relu6 in [true, false] {
                let ref = Self.referenceDepthwise(x, h: h, w: w, c: c, weights: wts, bias: bias, stride: stride, relu6: relu6)
                for level in Self.levels {
                    ConvOps.setISALevel(level)
                    var out = [Float](repeating: .nan, count: ref.oh * ref.ow * c)
                    ConvOps.depthwise3x3(input: x, height: h, width: w, channels: c, weights: wts, bias: bias,
                                         stride: stride, output: &out, activation: relu6 ? .relu6 : .none)
                    #expect(Self.maxDiff(out, ref.out) < 1e-5 && !out.contains { $0.isNaN },
                            "\(h)x\(w)x\(c)/\(stride) level \(level) relu6 \(relu6)")
                }
            }
        }
    }

    /// The first conv's path (im2col bands + the fused kernel) against naive code: odd and even
    /// sizes, stride 1 and 2, the RGB fast copy (cin 3) and the general one, bands of rows.
    @Test func fusedConv3x3MatchesReference() {
        defer { ConvOps.setISALevel(nil) }
        for (n, cin, cout, stride) in [(9, 3, 32, 2), (8, 3, 16, 2), (7, 5, 7, 1), (1, 3, 8, 2), (2, 3, 5, 1), (31, 3, 32, 2), (12, 4, 20, 1)] {
            var rng = TestRandom(seed: UInt64(n * 100 + cin * 10 + stride))
            let x = rng.floats(n * n * cin, -1, 1), w = rng.floats(9 * cin * cout), bias = rng.floats(cout)
            let layer = ConvWeights(name: "c", weights: w, bias: bias, kernel: 3, cin: cin, cout: cout, stride: stride, activation: .relu6)
            let p = SamePadding(input: n, kernel: 3, stride: stride)
            var ref = [Float](repeating: 0, count: p.output * p.output * cout)
            for oy in 0..<p.output {
                for ox in 0..<p.output {
                    for o in 0..<cout {
                        var acc = Double(bias[o])
                        for ky in 0..<3 {
                            for kx in 0..<3 {
                                let iy = oy * stride + ky - p.before, ix = ox * stride + kx - p.before
                                guard iy >= 0, iy < n, ix >= 0, ix < n else { continue }
                                for i in 0..<cin { acc += Double(x[(iy * n + ix) * cin + i]) * Double(w[((ky * 3 + kx) * cin + i) * cout + o]) }
                            }
                        }
                        ref[(oy * p.output + ox) * cout + o] = Float(min(max(acc, 0), 6))
                    }
                }
            }
            var scratch = [Float](repeating: .nan, count: ConvOps.fusedConv3x3ScratchCount(size: n, cin: cin, stride: stride))
            for level in Self.levels {
                ConvOps.setISALevel(level)
                for bands in [1, 2] where bands <= p.output {
                    var out = [Float](repeating: .nan, count: ref.count)
                    for t in 0..<bands {
                        out.withUnsafeMutableBufferPointer { op in
                            scratch.withUnsafeMutableBufferPointer { sp in
                                ConvOps.fusedConv3x3(layer, input: x, size: n, rows: (p.output * t / bands)..<(p.output * (t + 1) / bands),
                                                     output: op.baseAddress!, scratch: sp.baseAddress!)
                            }
                        }
                    }
                    #expect(Self.maxDiff(out, ref) < 1e-4 && !out.contains { $0.isNaN }, "\(n)x\(n)x\(cin)/\(stride) level \(level)")
                }
            }
        }
    }

    // size / cin > expanded (0: no expansion) / stride > cout, residual: odd and even sizes, stride 2
    // on both, a map narrower than the window, channel counts off the 16-lane grid, wide rows that
    // take one band per row and narrow ones that take several.
    static let blockShapes: [(size: Int, cin: Int, expanded: Int, stride: Int, cout: Int, residual: Bool)] = [
        (9, 8, 24, 1, 8, true), (8, 8, 24, 2, 16, false), (7, 5, 0, 1, 7, false), (1, 16, 32, 2, 16, false),
        (2, 16, 48, 2, 8, false), (50, 16, 40, 2, 24, false), (13, 24, 72, 1, 24, true), (11, 32, 0, 2, 16, false),
        // Rows of 80 and 64 KB: bands of 2 and 1 output rows, rows shared between bands moved.
        (40, 8, 512, 1, 8, true), (41, 8, 400, 2, 8, false),
    ]

    /// `ssdl_inverted_residual` against the same layers run one by one, in one call and in bands
    /// of rows (the threaded split: each band restarts its expanded-row ring).
    @Test func streamedBlockMatchesLayerByLayer() {
        defer { ConvOps.setISALevel(nil) }
        for shape in Self.blockShapes {
            let (n, cin, ce0, stride, cout, residual) = shape
            let ce = ce0 == 0 ? cin : ce0
            var rng = TestRandom(seed: UInt64(n * 1000 + cin * 10 + ce0 + stride))
            let x = rng.floats(n * n * cin, -2, 2)
            let expand = ce0 == 0 ? nil : ConvWeights(name: "e", weights: rng.floats(cin * ce), bias: rng.floats(ce), kernel: 1,
                                                      cin: cin, cout: ce, stride: 1, activation: .relu6)
            let dw = DepthwiseWeights(name: "d", weights: rng.floats(9 * ce), bias: rng.floats(ce), channels: ce, stride: stride)
            let project = ConvWeights(name: "p", weights: rng.floats(ce * cout, -0.5, 0.5), bias: rng.floats(cout), kernel: 1,
                                      cin: ce, cout: cout, stride: 1, activation: residual ? .none : .relu6)
            let o = SamePadding(input: n, kernel: 3, stride: stride).output
            // Reference: the layers one at a time (each checked against naive code above).
            var e = x
            if let expand {
                e = [Float](repeating: 0, count: n * n * ce)
                e.withUnsafeMutableBufferPointer { ep in
                    x.withUnsafeBufferPointer { ConvOps.fusedPointwise(expand, input: $0.baseAddress!, cin: cin, rows: 0..<(n * n), output: ep.baseAddress!, residual: nil) }
                }
            }
            var d = [Float](repeating: 0, count: o * o * ce)
            ConvOps.depthwise3x3(input: e, height: n, width: n, channels: ce, weights: dw.weights, bias: dw.bias,
                                 stride: stride, output: &d, activation: .relu6)
            let ref = Self.referencePointwise(d, rows: o * o, cin: ce, weights: project.weights, bias: project.bias, cout: cout,
                                              relu6: !residual, residual: residual ? x : nil)
            var scratch = [Float](repeating: .nan, count: ConvOps.invertedResidualScratchCount(size: n, expanded: ce, stride: stride))
            for level in Self.levels {
                ConvOps.setISALevel(level)
                for bands in [1, 2, 3] where bands <= o {
                    var out = [Float](repeating: .nan, count: o * o * cout)
                    for t in 0..<bands {
                        out.withUnsafeMutableBufferPointer { op in
                            scratch.withUnsafeMutableBufferPointer { sp in
                                x.withUnsafeBufferPointer { xp in
                                    ConvOps.invertedResidual(expand: expand, depthwise: dw, project: project, residual: residual,
                                                             input: xp.baseAddress!, size: n, rows: (o * t / bands)..<(o * (t + 1) / bands),
                                                             output: op.baseAddress!, scratch: sp.baseAddress!)
                                }
                            }
                        }
                    }
                    #expect(Self.maxDiff(out, ref) < 1e-4 && !out.contains { $0.isNaN },
                            "\(shape) level \(level) bands \(bands): \(Self.maxDiff(out, ref))")
                }
            }
        }
    }

    /// The whole synthetic network (residual and plain blocks, stride 2, heads) on the fused path
    /// agrees with the OpenBLAS path, at every level and with two threads (the second thread runs at
    /// the CPU's best level).
    @Test func fusedNetworkMatchesBLASNetwork() throws {
        defer { ConvOps.setISALevel(nil) }
        let weights = try SSDLiteWeights(graph: try GraphDef(serialized: SyntheticSSDLiteGraph.build()), path: "synthetic")
        var rng = TestRandom(seed: 3)
        let frame = Frame(number: 1, timestamp: 0, width: 90, height: 70, format: .rgb24,
                          pixels: (0..<(90 * 70 * 3)).map { _ in UInt8(truncatingIfNeeded: rng.next() >> 56) })
        for size in [64, 96] {
            var blas = SSDLiteDetector(weights: weights, inputSize: size, threads: 1, scoreThreshold: 0, kernels: .blas)
            _ = try blas.detect(in: frame)
            let n = blas.network.anchorCount
            for level in Self.levels {
                ConvOps.setISALevel(level)
                for (threads, stream) in [(1, false), (1, true), (2, true)] {
                    var fused = SSDLiteDetector(weights: weights, inputSize: size, threads: threads, scoreThreshold: 0, kernels: .fused)
                    #expect(fused.kernels == .fused)
                    // Streamed: every block row band by row band (by default only big ones are).
                    if stream { fused.network.streamMinBytes = 0 }
                    _ = try fused.detect(in: frame)
                    for (p1, p2, count) in [(blas.network.boxOutput, fused.network.boxOutput, 4 * n),
                                            (blas.network.classOutput, fused.network.classOutput, 2 * n)] {
                        let d = (0..<count).map { abs(p1[$0] - p2[$0]) }.max() ?? 0
                        #expect(d < 1e-4, "size \(size) level \(level) threads \(threads) streamed \(stream): \(d)")
                    }
                }
            }
        }
    }
}
