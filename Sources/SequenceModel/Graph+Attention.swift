/// Fused scaled dot-product multi-head attention with its own backward rule.
extension Graph {
    /// Multi-head attention over already projected queries, keys and values.
    ///
    /// `q [b, tq, d]`, `k [b, tk, d]`, `v [b, tk, d]`; `d` splits into `heads` heads of
    /// `d / heads` columns. `keyMask` (`b * tk` values, true = may be attended) hides padding;
    /// a query whose keys are all hidden gets zeros. Result `[b, tq, d]`. Each (batch, head)
    /// costs three GEMMs forward and four backward, reading head columns in place via the
    /// leading dimension, so nothing is transposed or copied.
    public func attention(query q: Var, key k: Var, value v: Var, heads: Int, keyMask: [Bool]? = nil) -> Var {
        let qv = values[q.id], kv = values[k.id], vv = values[v.id]
        precondition(qv.shape.count == 3 && kv.shape.count == 3 && vv.shape == kv.shape, "attention shapes \(qv.shape) \(kv.shape) \(vv.shape)")
        let b = qv.shape[0], tq = qv.shape[1], d = qv.shape[2], tk = kv.shape[1]
        precondition(kv.shape[0] == b && kv.shape[2] == d && d % heads == 0, "attention shapes \(qv.shape) \(kv.shape), \(heads) heads")
        precondition(keyMask == nil || keyMask!.count == b * tk, "attention key mask must have b * tk values")
        let dh = d / heads
        let scale = 1 / Float(dh).squareRoot()
        let block = tq * tk
        var probs = [Float](repeating: 0, count: b * heads * block)
        var out = [Float](repeating: 0, count: b * tq * d)
        var scores = [Float](repeating: 0, count: block)
        qv.data.withUnsafeBufferPointer { pq in
            kv.data.withUnsafeBufferPointer { pk in
                vv.data.withUnsafeBufferPointer { pv in
                    for bi in 0..<b {
                        for h in 0..<heads {
                            scores.withUnsafeMutableBufferPointer { ps in
                                BLAS.gemm(transA: false, transB: true, m: tq, n: tk, k: dh, alpha: scale,
                                          a: pq.baseAddress! + bi * tq * d + h * dh, lda: d,
                                          b: pk.baseAddress! + bi * tk * d + h * dh, ldb: d,
                                          beta: 0, c: ps.baseAddress!, ldc: tk)
                            }
                            let base = (bi * heads + h) * block
                            for i in 0..<tq {
                                Graph.maskedSoftmax(scores, rowOffset: i * tk, count: tk, into: &probs,
                                                    at: base + i * tk, mask: keyMask, maskOffset: bi * tk)
                            }
                            probs.withUnsafeBufferPointer { pp in
                                out.withUnsafeMutableBufferPointer { po in
                                    BLAS.gemm(transA: false, transB: false, m: tq, n: dh, k: tk,
                                              a: pp.baseAddress! + base, lda: tk,
                                              b: pv.baseAddress! + bi * tk * d + h * dh, ldb: d,
                                              beta: 0, c: po.baseAddress! + bi * tq * d + h * dh, ldc: d)
                                }
                            }
                        }
                    }
                }
            }
        }
        let qd = qv.data, kd = kv.data, vd = vv.data
        return record(Tensor(shape: [b, tq, d], data: out), inputs: [q, k, v]) { g, dy in
            var dq = [Float](repeating: 0, count: qd.count)
            var dk = [Float](repeating: 0, count: kd.count)
            var dv = [Float](repeating: 0, count: vd.count)
            var dp = [Float](repeating: 0, count: block)
            let pdy = dy.baseAddress!
            qd.withUnsafeBufferPointer { pq in kd.withUnsafeBufferPointer { pk in vd.withUnsafeBufferPointer { pv in
            probs.withUnsafeBufferPointer { pp in
            dq.withUnsafeMutableBufferPointer { gq in dk.withUnsafeMutableBufferPointer { gk in dv.withUnsafeMutableBufferPointer { gv in
            dp.withUnsafeMutableBufferPointer { pdp in
                for bi in 0..<b {
                    for h in 0..<heads {
                        let base = (bi * heads + h) * block
                        let oOff = bi * tq * d + h * dh, kOff = bi * tk * d + h * dh
                        // dV += P^T dO
                        BLAS.gemm(transA: true, transB: false, m: tk, n: dh, k: tq,
                                  a: pp.baseAddress! + base, lda: tk, b: pdy + oOff, ldb: d,
                                  beta: 1, c: gv.baseAddress! + kOff, ldc: d)
                        // dP = dO V^T
                        BLAS.gemm(transA: false, transB: true, m: tq, n: tk, k: dh,
                                  a: pdy + oOff, lda: d, b: pv.baseAddress! + kOff, ldb: d,
                                  beta: 0, c: pdp.baseAddress!, ldc: tk)
                        // dS = scale * P (dP - rowsum(dP P)), in place in dp
                        for i in 0..<tq {
                            var dot: Float = 0
                            for j in 0..<tk { dot += pdp[i * tk + j] * pp[base + i * tk + j] }
                            for j in 0..<tk { pdp[i * tk + j] = scale * pp[base + i * tk + j] * (pdp[i * tk + j] - dot) }
                        }
                        // dQ += dS K ; dK += dS^T Q
                        BLAS.gemm(transA: false, transB: false, m: tq, n: dh, k: tk,
                                  a: pdp.baseAddress!, lda: tk, b: pk.baseAddress! + kOff, ldb: d,
                                  beta: 1, c: gq.baseAddress! + oOff, ldc: d)
                        BLAS.gemm(transA: true, transB: false, m: tk, n: dh, k: tq,
                                  a: pdp.baseAddress!, lda: tk, b: pq.baseAddress! + oOff, ldb: d,
                                  beta: 1, c: gk.baseAddress! + kOff, ldc: d)
                    }
                }
            }}}}}}}}
            g.accumulate(q) { p in for i in 0..<p.count { p[i] += dq[i] } }
            g.accumulate(k) { p in for i in 0..<p.count { p[i] += dk[i] } }
            g.accumulate(v) { p in for i in 0..<p.count { p[i] += dv[i] } }
        }
    }

    @inline(__always)
    static func maskedSoftmax(_ x: [Float], rowOffset: Int, count n: Int, into y: inout [Float], at: Int,
                              mask: [Bool]?, maskOffset: Int) {
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                let src = px.baseAddress! + rowOffset, dst = py.baseAddress! + at
                if let mask {
                    mask.withUnsafeBufferPointer { pm in
                        let m = pm.baseAddress! + maskOffset
                        var mx = -Float.infinity
                        for j in 0..<n where m[j] { mx = max(mx, src[j]) }
                        guard mx > -Float.infinity else {
                            for j in 0..<n { dst[j] = 0 }
                            return
                        }
                        var s: Float = 0
                        for j in 0..<n {
                            let e: Float = m[j] ? expf(src[j] - mx) : 0
                            dst[j] = e
                            s += e
                        }
                        let inv = 1 / s
                        for j in 0..<n { dst[j] *= inv }
                    }
                } else {
                    var mx = -Float.infinity
                    for j in 0..<n { mx = max(mx, src[j]) }
                    var s: Float = 0
                    for j in 0..<n {
                        let e = expf(src[j] - mx)
                        dst[j] = e
                        s += e
                    }
                    let inv = 1 / s
                    for j in 0..<n { dst[j] *= inv }
                }
            }
        }
    }
}

import Foundation
