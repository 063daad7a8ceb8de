import Foundation

/// Pointwise nonlinearities and softmax.
extension Graph {
    /// max(0, x).
    public func relu(_ x: Var) -> Var {
        let xv = values[x.id]
        let y = xv.data.map { max(0, $0) }
        return record(Tensor(shape: xv.shape, data: y), inputs: [x]) { g, dy in
            let xd = g.values[x.id].data
            g.accumulate(x) { dx in for i in 0..<dx.count where xd[i] > 0 { dx[i] += dy[i] } }
        }
    }

    /// GELU, tanh approximation: `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`.
    public func gelu(_ x: Var) -> Var {
        let xv = values[x.id]
        let c: Float = 0.7978845608
        let n = xv.count
        // tanh values are kept for the backward rule only.
        var t = [Float](repeating: 0, count: recording ? n : 0)
        var y = [Float](repeating: 0, count: n)
        let keep = recording
        xv.data.withUnsafeBufferPointer { px in
            t.withUnsafeMutableBufferPointer { pt in
                y.withUnsafeMutableBufferPointer { py in
                    // Three passes so the two without the expf call vectorise; each element
                    // goes through the same operations as in one fused loop.
                    for i in 0..<n {
                        let v = px[i]
                        py[i] = 2 * min(20, max(-20, c * (v + 0.044715 * v * v * v)))
                    }
                    for i in 0..<n { py[i] = expf(py[i]) }
                    // tanh(u) = 1 - 2 / (exp(2u) + 1): one expf instead of tanhf (which calls expm1f).
                    if keep {
                        for i in 0..<n {
                            let th = 1 - 2 / (py[i] + 1)
                            pt[i] = th
                            py[i] = 0.5 * px[i] * (1 + th)
                        }
                    } else {
                        for i in 0..<n { py[i] = 0.5 * px[i] * (1 + (1 - 2 / (py[i] + 1))) }
                    }
                }
            }
        }
        return record(Tensor(shape: xv.shape, data: y), inputs: [x]) { g, dy in
            let xd = g.values[x.id].data
            g.accumulate(x) { dx in
                for i in 0..<dx.count {
                    let v = xd[i], th = t[i]
                    let d = 0.5 * (1 + th) + 0.5 * v * (1 - th * th) * c * (1 + 3 * 0.044715 * v * v)
                    dx[i] += dy[i] * d
                }
            }
        }
    }

    /// Softmax over the last dimension. Where `mask` (same count as `x`) is false the
    /// probability is 0; a row with no allowed entry is all zeros.
    public func softmax(_ x: Var, mask: [Bool]? = nil) -> Var {
        let xv = values[x.id]
        let d = xv.lastDimension
        let rows = xv.count / max(d, 1)
        var y = [Float](repeating: 0, count: xv.count)
        for r in 0..<rows {
            Graph.softmaxRow(xv.data, y: &y, offset: r * d, count: d, mask: mask)
        }
        return record(Tensor(shape: xv.shape, data: y), inputs: [x]) { g, dy in
            g.accumulate(x) { dx in
                for r in 0..<rows {
                    var dot: Float = 0
                    for j in 0..<d { dot += dy[r * d + j] * y[r * d + j] }
                    for j in 0..<d { dx[r * d + j] += y[r * d + j] * (dy[r * d + j] - dot) }
                }
            }
        }
    }

    /// Stable softmax of `x[offset..<offset+count]` into `y` (same offsets).
    @inline(__always)
    static func softmaxRow(_ x: [Float], y: inout [Float], offset: Int, count d: Int, mask: [Bool]?) {
        var mx = -Float.infinity
        for j in 0..<d where mask?[offset + j] ?? true { mx = max(mx, x[offset + j]) }
        guard mx > -Float.infinity else {
            for j in 0..<d { y[offset + j] = 0 }
            return
        }
        var s: Float = 0
        for j in 0..<d {
            let e: Float = (mask?[offset + j] ?? true) ? Foundation.exp(x[offset + j] - mx) : 0
            y[offset + j] = e
            s += e
        }
        let inv = 1 / s
        for j in 0..<d { y[offset + j] *= inv }
    }

    /// Per-row mean and `1 / sqrt(variance + epsilon)` of `rows x width` values. Eight rows are
    /// summed side by side (one SIMD lane each) to hide the add latency; every row's sums still
    /// run left to right, so the results equal the plain per-row loops bit for bit.
    static func rowStatistics(_ x: UnsafePointer<Float>, rows: Int, width d: Int, epsilon: Float,
                              mean: UnsafeMutablePointer<Float>, invStd: UnsafeMutablePointer<Float>) {
        var r = 0
        let n = Float(d)
        while r + 8 <= rows {
            let base = x + r * d
            var m = SIMD8<Float>(repeating: 0)
            for j in 0..<d {
                m += SIMD8<Float>(base[j], base[d + j], base[2 * d + j], base[3 * d + j],
                                  base[4 * d + j], base[5 * d + j], base[6 * d + j], base[7 * d + j])
            }
            m /= SIMD8<Float>(repeating: n)
            var v = SIMD8<Float>(repeating: 0)
            for j in 0..<d {
                let c = SIMD8<Float>(base[j], base[d + j], base[2 * d + j], base[3 * d + j],
                                     base[4 * d + j], base[5 * d + j], base[6 * d + j], base[7 * d + j]) - m
                v += c * c
            }
            v /= SIMD8<Float>(repeating: n)
            for i in 0..<8 {
                mean[r + i] = m[i]
                invStd[r + i] = 1 / (v[i] + epsilon).squareRoot()
            }
            r += 8
        }
        while r < rows {
            let o = x + r * d
            var m: Float = 0
            for j in 0..<d { m += o[j] }
            m /= n
            var v: Float = 0
            for j in 0..<d { let c = o[j] - m; v += c * c }
            v /= n
            mean[r] = m
            invStd[r] = 1 / (v + epsilon).squareRoot()
            r += 1
        }
    }

    /// Layer normalisation over the last dimension with gain `gamma [d]` and shift `beta [d]`.
    public func layerNorm(_ x: Var, gamma: Var, beta: Var, epsilon: Float = 1e-5) -> Var {
        let xv = values[x.id], gv = values[gamma.id].data, bv = values[beta.id].data
        let d = xv.lastDimension
        precondition(gv.count == d && bv.count == d, "layerNorm: gain/shift must have \(d) values")
        let rows = xv.count / max(d, 1)
        var xhat = [Float](repeating: 0, count: recording ? xv.count : 0)
        var invStd = [Float](repeating: 0, count: rows)
        var means = [Float](repeating: 0, count: rows)
        var y = [Float](repeating: 0, count: xv.count)
        xv.data.withUnsafeBufferPointer { px in
            means.withUnsafeMutableBufferPointer { pm in
                invStd.withUnsafeMutableBufferPointer { pi in
                    Graph.rowStatistics(px.baseAddress!, rows: rows, width: d, epsilon: epsilon,
                                        mean: pm.baseAddress!, invStd: pi.baseAddress!)
                }
            }
        }
        xv.data.withUnsafeBufferPointer { px in
            gv.withUnsafeBufferPointer { pg in
                bv.withUnsafeBufferPointer { pb in
                    y.withUnsafeMutableBufferPointer { py in
                        for r in 0..<rows {
                            let o = r * d, mean = means[r], inv = invStd[r]
                            for j in 0..<d { py[o + j] = (px[o + j] - mean) * inv * pg[j] + pb[j] }
                        }
                    }
                }
            }
        }
        if recording {
            xv.data.withUnsafeBufferPointer { px in
                xhat.withUnsafeMutableBufferPointer { ph in
                    for r in 0..<rows {
                        let o = r * d, mean = means[r], inv = invStd[r]
                        for j in 0..<d { ph[o + j] = (px[o + j] - mean) * inv }
                    }
                }
            }
        }
        return record(Tensor(shape: xv.shape, data: y), inputs: [x, gamma, beta]) { g, dy in
            let gd = g.values[gamma.id].data
            g.accumulate(gamma) { dg in for r in 0..<rows { for j in 0..<d { dg[j] += dy[r * d + j] * xhat[r * d + j] } } }
            g.accumulate(beta) { db in for r in 0..<rows { for j in 0..<d { db[j] += dy[r * d + j] } } }
            g.accumulate(x) { dx in
                for r in 0..<rows {
                    var m1: Float = 0, m2: Float = 0
                    for j in 0..<d {
                        let dh = dy[r * d + j] * gd[j]
                        m1 += dh
                        m2 += dh * xhat[r * d + j]
                    }
                    m1 /= Float(d); m2 /= Float(d)
                    for j in 0..<d {
                        let dh = dy[r * d + j] * gd[j]
                        dx[r * d + j] += invStd[r] * (dh - m1 - xhat[r * d + j] * m2)
                    }
                }
            }
        }
    }
}
