#if os(Linux)
import Glibc
#else
import Foundation
#endif

extension Seq2SeqInference {
    /// Scratch buffers of the inference pass; they only grow, and their contents do not
    /// outlive one call.
    final class Workspace {
        private enum Slot: Int, CaseIterable {
            case input, appearance, x, memory, q, normed, qkv, memoryKeyValue, attended, projection
            case hidden, geluScratch, scores, mean, invStd, logits, missed, box
        }
        private var pointers: [UnsafeMutablePointer<Float>]
        private var capacities: [Int]

        init() {
            capacities = Slot.allCases.map { _ in 64 }
            pointers = Slot.allCases.map { _ in .allocate(capacity: 64) }
        }

        deinit { for p in pointers { p.deallocate() } }

        private func reserve(_ slot: Slot, _ n: Int) {
            let i = slot.rawValue
            guard n > capacities[i] else { return }
            pointers[i].deallocate()
            capacities[i] = max(n, 2 * capacities[i])
            pointers[i] = .allocate(capacity: capacities[i])
        }

        func reserve(encoderRows E: Int, decoderRows D: Int, tracks T: Int, width d: Int, feedForward ff: Int,
                     appearance A: Int) {
            let rows = max(E, D)
            let features = max(AssociationBatch.observationFeatureCount, AssociationBatch.queryFeatureCount)
            reserve(.input, rows * features); reserve(.appearance, rows * A)
            reserve(.x, E * d); reserve(.memory, E * d); reserve(.q, D * d)
            reserve(.normed, rows * d); reserve(.qkv, rows * 3 * d)
            reserve(.attended, rows * d); reserve(.projection, rows * d)
            reserve(.hidden, rows * ff); reserve(.geluScratch, rows * ff)
            reserve(.mean, rows); reserve(.invStd, rows)
            reserve(.logits, D); reserve(.missed, T * d); reserve(.box, T * 4)
        }

        /// Room for `n` attention scores (all tracks and heads of one attention).
        func reserveScores(_ n: Int) { reserve(.scores, n) }

        /// Room for the memory's keys and values of every decoder layer.
        func reserveMemoryKeyValue(_ n: Int) { reserve(.memoryKeyValue, n) }

        var input: UnsafeMutablePointer<Float> { pointers[Slot.input.rawValue] }
        var appearance: UnsafeMutablePointer<Float> { pointers[Slot.appearance.rawValue] }
        var x: UnsafeMutablePointer<Float> { pointers[Slot.x.rawValue] }
        var memory: UnsafeMutablePointer<Float> { pointers[Slot.memory.rawValue] }
        var q: UnsafeMutablePointer<Float> { pointers[Slot.q.rawValue] }
        var normed: UnsafeMutablePointer<Float> { pointers[Slot.normed.rawValue] }
        var qkv: UnsafeMutablePointer<Float> { pointers[Slot.qkv.rawValue] }
        var memoryKeyValue: UnsafeMutablePointer<Float> { pointers[Slot.memoryKeyValue.rawValue] }
        var attended: UnsafeMutablePointer<Float> { pointers[Slot.attended.rawValue] }
        var projection: UnsafeMutablePointer<Float> { pointers[Slot.projection.rawValue] }
        var hidden: UnsafeMutablePointer<Float> { pointers[Slot.hidden.rawValue] }
        var geluScratch: UnsafeMutablePointer<Float> { pointers[Slot.geluScratch.rawValue] }
        var scores: UnsafeMutablePointer<Float> { pointers[Slot.scores.rawValue] }
        var mean: UnsafeMutablePointer<Float> { pointers[Slot.mean.rawValue] }
        var invStd: UnsafeMutablePointer<Float> { pointers[Slot.invStd.rawValue] }
        var logits: UnsafeMutablePointer<Float> { pointers[Slot.logits.rawValue] }
        var missed: UnsafeMutablePointer<Float> { pointers[Slot.missed.rawValue] }
        var box: UnsafeMutablePointer<Float> { pointers[Slot.box.rawValue] }
    }

    enum Kernels {
        /// `a[i] = a[i] + b[i]`, as `Graph.add` computes it.
        static func addInPlace(_ a: UnsafeMutablePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) {
            for i in 0..<n { a[i] = a[i] + b[i] }
        }

        /// GELU in place, the same float steps as `Graph.gelu` at inference.
        static func gelu(_ x: UnsafeMutablePointer<Float>, count n: Int, scratch e: UnsafeMutablePointer<Float>) {
            let c: Float = 0.7978845608
            for i in 0..<n {
                let v = x[i]
                e[i] = 2 * min(20, max(-20, c * (v + 0.044715 * v * v * v)))
            }
            ExactExp.exp(e, count: n)
            for i in 0..<n { x[i] = 0.5 * x[i] * (1 + (1 - 2 / (e[i] + 1))) }
        }

        /// Per-track multi-head attention over packed rows, as `Graph.attention` computes it for
        /// the real rows: track `t`'s query rows `queryStarts[t]...` attend to its key rows
        /// `keyStarts[t]...`. Head `h` reads columns `h*dh ..< (h+1)*dh` of query, key and value
        /// (row strides `ldq`, `ldkv`); the result `[rows, width]` goes to `out`. The scores of
        /// all tracks and heads are computed first so one `expf` pass covers them all.
        static func attention(query: UnsafePointer<Float>, ldq: Int, key: UnsafePointer<Float>, value: UnsafePointer<Float>, ldkv: Int,
                              queryStarts: [Int], queryCounts: [Int], keyStarts: [Int], keyCounts: [Int],
                              width d: Int, heads: Int, into out: UnsafeMutablePointer<Float>, workspace w: Workspace) {
            let dh = d / heads
            let scale = 1 / Float(dh).squareRoot()
            var total = 0
            for t in queryStarts.indices { total += queryCounts[t] * keyCounts[t] }
            w.reserveScores(heads * total)
            let p = w.scores
            var offset = 0
            for t in queryStarts.indices {
                let m = queryCounts[t], n = keyCounts[t], qs = queryStarts[t], ks = keyStarts[t]
                guard m > 0 && n > 0 else { continue }
                for h in 0..<heads {
                    BLAS.gemm(transA: false, transB: true, m: m, n: n, k: dh, alpha: scale,
                              a: query + qs * ldq + h * dh, lda: ldq, b: key + ks * ldkv + h * dh, ldb: ldkv,
                              beta: 0, c: p + offset, ldc: n)
                    subtractRowMaxima(p + offset, rows: m, count: n)
                    offset += m * n
                }
            }
            ExactExp.exp(p, count: offset)
            offset = 0
            for t in queryStarts.indices {
                let m = queryCounts[t], n = keyCounts[t], qs = queryStarts[t], ks = keyStarts[t]
                guard m > 0 else { continue }
                for h in 0..<heads {
                    normaliseRows(p + offset, rows: m, count: n)
                    // No keys: zeros, as the graph's all-masked rows give.
                    BLAS.gemm(transA: false, transB: false, m: m, n: dh, k: n,
                              a: p + offset, lda: max(n, 1), b: value + ks * ldkv + h * dh, ldb: ldkv,
                              beta: 0, c: out + qs * d + h * dh, ldc: d)
                    offset += m * n
                }
            }
        }

        /// First half of a softmax over each of `rows` rows of `n` values, as `Graph.maskedSoftmax`
        /// for its unmasked entries: subtracts the row maximum (a row with no finite score is
        /// set to -infinity, so it ends as zeros, as there).
        static func subtractRowMaxima(_ x: UnsafeMutablePointer<Float>, rows m: Int, count n: Int) {
            for i in 0..<m {
                let row = x + i * n
                var mx = -Float.infinity
                for j in 0..<n { mx = max(mx, row[j]) }
                if mx > -Float.infinity { for j in 0..<n { row[j] = row[j] - mx } } else { for j in 0..<n { row[j] = -.infinity } }
            }
        }

        /// Second half, after `expf`: divides each row by its left-to-right sum.
        static func normaliseRows(_ x: UnsafeMutablePointer<Float>, rows m: Int, count n: Int) {
            for i in 0..<m {
                let row = x + i * n
                var s: Float = 0
                for j in 0..<n { s += row[j] }
                if s == 0 { continue }   // exp(-inf) rows: already zeros
                let inv = 1 / s
                for j in 0..<n { row[j] *= inv }
            }
        }
    }
}
