#if os(Linux)
import Glibc
#else
import Foundation
#endif

/// The layers of `Seq2SeqInference` over packed rows. Each op repeats the float operations of
/// its `Graph` counterpart in the same order, so results are bit-identical.
extension Seq2SeqInference {
    /// A linear layer `x W + b` (weights copied from the store).
    struct Dense {
        let weight: [Float]
        let bias: [Float]?
        let inputs: Int, outputs: Int

        init(_ linear: Linear, _ store: ParameterStore) {
            weight = store.tensors[linear.weight].data
            bias = linear.bias.map { store.tensors[$0].data }
            inputs = linear.inputs
            outputs = linear.outputs
        }

        /// Several linear layers over the same input as one: output columns side by side.
        init(concatenating parts: [Linear], _ store: ParameterStore) {
            let k = parts[0].inputs
            precondition(parts.allSatisfy { $0.inputs == k && ($0.bias != nil) == (parts[0].bias != nil) })
            var w: [Float] = []
            let n = parts.reduce(0) { $0 + $1.outputs }
            w.reserveCapacity(k * n)
            for i in 0..<k {
                for p in parts {
                    let data = store.tensors[p.weight].data
                    w.append(contentsOf: data[(i * p.outputs)..<((i + 1) * p.outputs)])
                }
            }
            weight = w
            bias = parts[0].bias == nil ? nil : parts.flatMap { store.tensors[$0.bias!].data }
            inputs = k
            outputs = n
        }

        /// `out[rows, outputs] = x[rows, inputs] W + b`. Like `Graph.linear` at inference: with a
        /// single K block the GEMM adds its products onto bias rows (one rounding of
        /// `sum + bias`, the same float), otherwise the bias is added afterwards.
        func apply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
            guard rows > 0 else { return }
            let k = inputs, n = outputs
            weight.withUnsafeBufferPointer { pw in
                if let bias, k <= 256, k > 0 {
                    bias.withUnsafeBufferPointer { pb in
                        for r in 0..<rows { (out + r * n).update(from: pb.baseAddress!, count: n) }
                    }
                    BLAS.gemm(transA: false, transB: false, m: rows, n: n, k: k, a: x, lda: k,
                              b: pw.baseAddress!, ldb: n, beta: 1, c: out, ldc: n)
                } else {
                    BLAS.gemm(transA: false, transB: false, m: rows, n: n, k: k, a: x, lda: k,
                              b: pw.baseAddress!, ldb: n, beta: 0, c: out, ldc: n)
                    if let bias {
                        bias.withUnsafeBufferPointer { pb in
                            for r in 0..<rows { for j in 0..<n { out[r * n + j] += pb[j] } }
                        }
                    }
                }
            }
        }
    }

    /// Layer normalisation with gain and shift.
    struct Norm {
        let gamma: [Float], beta: [Float]

        init(_ norm: LayerNorm, _ store: ParameterStore) {
            gamma = store.tensors[norm.gamma].data
            beta = store.tensors[norm.beta].data
        }

        func apply(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>, workspace w: Workspace) {
            let d = gamma.count
            Graph.rowStatistics(x, rows: rows, width: d, epsilon: 1e-5, mean: w.mean, invStd: w.invStd)
            gamma.withUnsafeBufferPointer { pg in
                beta.withUnsafeBufferPointer { pb in
                    let g = pg.baseAddress!, b = pb.baseAddress!
                    for r in 0..<rows {
                        let xr = x + r * d, yr = y + r * d, mean = w.mean[r], inv = w.invStd[r]
                        // Four columns at a time; each value takes the same four float steps.
                        let m4 = SIMD4<Float>(repeating: mean), i4 = SIMD4<Float>(repeating: inv)
                        var j = 0
                        while j + 4 <= d {
                            let v = UnsafeRawPointer(xr + j).loadUnaligned(as: SIMD4<Float>.self)
                            let gj = UnsafeRawPointer(g + j).loadUnaligned(as: SIMD4<Float>.self)
                            let bj = UnsafeRawPointer(b + j).loadUnaligned(as: SIMD4<Float>.self)
                            UnsafeMutableRawPointer(yr + j).storeBytes(of: (v - m4) * i4 * gj + bj, as: SIMD4<Float>.self)
                            j += 4
                        }
                        while j < d { yr[j] = (xr[j] - mean) * inv * g[j] + b[j]; j += 1 }
                    }
                }
            }
        }
    }

    /// Multi-head attention: query projection (fused with key and value for self-attention),
    /// per-track attention, output projection.
    struct Attention {
        let queryKeyValue: Dense?       // self-attention: [d, 3d]
        let query: Dense?               // cross-attention: [d, d] (keys and values of the
                                        // memory are `Seq2SeqInference.memoryKeyValue`)
        let output: Dense
        let heads: Int

        init(_ a: MultiHeadAttention, cross: Bool, _ store: ParameterStore) {
            if cross {
                queryKeyValue = nil
                query = Dense(a.query, store)
            } else {
                queryKeyValue = Dense(concatenating: [a.query, a.key, a.value], store)
                query = nil
            }
            output = Dense(a.output, store)
            heads = a.heads
        }
    }

    /// A pre-norm transformer layer (see `TransformerLayer`).
    struct Layer {
        let selfNorm: Norm?, selfAttention: Attention?
        let crossNorm: Norm?, crossAttention: Attention?
        let ffNorm: Norm, ffIn: Dense, ffOut: Dense

        init(_ l: TransformerLayer, _ store: ParameterStore) {
            selfNorm = l.selfNorm.map { Norm($0, store) }
            selfAttention = l.selfAttention.map { Attention($0, cross: false, store) }
            crossNorm = l.crossNorm.map { Norm($0, store) }
            crossAttention = l.crossAttention.map { Attention($0, cross: true, store) }
            ffNorm = Norm(l.ffNorm, store)
            ffIn = Dense(l.ffIn, store)
            ffOut = Dense(l.ffOut, store)
        }

        /// Updates `h [rows, d]` in place. Track `t` owns rows `starts[t] ..< starts[t] + counts[t]`
        /// and attends among them (self) and to its memory rows (cross): the memory's projected
        /// keys, then values, are `2d` columns of rows `ld` apart.
        func run(_ h: UnsafeMutablePointer<Float>, rows: Int, starts: [Int], counts: [Int],
                 memory: (keyValue: UnsafePointer<Float>, ld: Int, starts: [Int], counts: [Int])?, workspace w: Workspace) {
            let d = ffNorm.gamma.count
            if let selfAttention, let selfNorm, let qkv = selfAttention.queryKeyValue {
                selfNorm.apply(h, rows: rows, into: w.normed, workspace: w)
                qkv.apply(w.normed, rows: rows, into: w.qkv)
                Kernels.attention(query: w.qkv, ldq: 3 * d, key: w.qkv + d, value: w.qkv + 2 * d, ldkv: 3 * d,
                                  queryStarts: starts, queryCounts: counts, keyStarts: starts, keyCounts: counts,
                                  width: d, heads: selfAttention.heads, into: w.attended, workspace: w)
                selfAttention.output.apply(w.attended, rows: rows, into: w.projection)
                Kernels.addInPlace(h, w.projection, count: rows * d)
            }
            if let crossAttention, let crossNorm, let memory, let q = crossAttention.query {
                crossNorm.apply(h, rows: rows, into: w.normed, workspace: w)
                q.apply(w.normed, rows: rows, into: w.qkv)
                Kernels.attention(query: w.qkv, ldq: d, key: memory.keyValue, value: memory.keyValue + d, ldkv: memory.ld,
                                  queryStarts: starts, queryCounts: counts, keyStarts: memory.starts, keyCounts: memory.counts,
                                  width: d, heads: crossAttention.heads, into: w.attended, workspace: w)
                crossAttention.output.apply(w.attended, rows: rows, into: w.projection)
                Kernels.addInPlace(h, w.projection, count: rows * d)
            }
            ffNorm.apply(h, rows: rows, into: w.normed, workspace: w)
            ffIn.apply(w.normed, rows: rows, into: w.hidden)
            Kernels.gelu(w.hidden, count: rows * ffIn.outputs, scratch: w.geluScratch)
            ffOut.apply(w.hidden, rows: rows, into: w.projection)
            Kernels.addInPlace(h, w.projection, count: rows * d)
        }
    }
}
