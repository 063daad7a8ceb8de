import Testing
@testable import SequenceModel

@Suite struct GradientTests {
    @Test func matmulShared() {
        checkGradients([randomTensor([2, 3, 4], seed: 1), randomTensor([4, 5], seed: 2)]) { g, x in g.matmul(x[0], x[1]) }
    }

    @Test func matmulSharedTransposed() {
        checkGradients([randomTensor([3, 4], seed: 1), randomTensor([5, 4], seed: 2)]) { g, x in g.matmul(x[0], x[1], transposeB: true) }
    }

    @Test func matmulBatched() {
        checkGradients([randomTensor([2, 3, 4], seed: 3), randomTensor([2, 4, 2], seed: 4)]) { g, x in g.matmul(x[0], x[1]) }
    }

    @Test func matmulBatchedTransposed() {
        checkGradients([randomTensor([2, 3, 4], seed: 3), randomTensor([2, 5, 4], seed: 4)]) { g, x in g.matmul(x[0], x[1], transposeB: true) }
    }

    @Test func broadcastAddSubMul() {
        let a = randomTensor([2, 3, 4], seed: 5), b = randomTensor([3, 1], seed: 6), c = randomTensor([4], seed: 7)
        checkGradients([a, b, c]) { g, x in g.mul(g.sub(g.add(x[0], x[1]), x[2]), g.add(x[1], x[2])) }
        checkGradients([randomTensor([2, 1, 3], seed: 8), randomTensor([1, 4, 3], seed: 9)]) { g, x in g.mul(x[0], x[1]) }
    }

    @Test func linearAndBias() {
        checkGradients([randomTensor([2, 3, 4], seed: 10), randomTensor([4, 3], seed: 11), randomTensor([3], seed: 12)]) { g, x in
            g.linear(x[0], weight: x[1], bias: x[2])
        }
    }

    @Test func scaleAddScalarExpSumMean() {
        checkGradients([randomTensor([3, 4], seed: 13)]) { g, x in
            g.add(g.exp(g.scale(g.addScalar(x[0], 0.5), 1.5)), g.add(g.sum(x[0]), g.mean(x[0])))
        }
    }

    @Test func layerNorm() {
        var gamma = randomTensor([5], seed: 15); gamma.data = gamma.data.map { $0 + 1.5 }
        checkGradients([randomTensor([3, 5], seed: 14, bound: 2), gamma, randomTensor([5], seed: 16)]) { g, x in
            g.layerNorm(x[0], gamma: x[1], beta: x[2])
        }
    }

    @Test func geluAndRelu() {
        // Keep ReLU inputs away from the kink at 0.
        var x = randomTensor([4, 6], seed: 17, bound: 2)
        x.data = x.data.map { abs($0) < 0.05 ? $0 + 0.2 : $0 }
        checkGradients([x]) { g, v in g.gelu(v[0]) }
        checkGradients([x]) { g, v in g.relu(v[0]) }
    }

    @Test func softmaxMasked() {
        let mask = [true, true, false, true, false, false, false, false, true, true, true, true]
        checkGradients([randomTensor([3, 4], seed: 18, bound: 2)]) { g, x in g.softmax(x[0], mask: mask) }
        checkGradients([randomTensor([2, 5], seed: 19, bound: 2)]) { g, x in g.softmax(x[0]) }
    }

    @Test func attentionMasked() {
        // b = 2, tq = 3, tk = 4, d = 4, two heads; the second batch hides two keys.
        let mask = [true, true, true, true, true, false, true, false]
        let q = randomTensor([2, 3, 4], seed: 20), k = randomTensor([2, 4, 4], seed: 21), v = randomTensor([2, 4, 4], seed: 22)
        checkGradients([q, k, v]) { g, x in g.attention(query: x[0], key: x[1], value: x[2], heads: 2, keyMask: mask) }
    }

    @Test func selfAttentionSharesInput() {
        checkGradients([randomTensor([1, 3, 4], seed: 23)]) { g, x in g.attention(query: x[0], key: x[0], value: x[0], heads: 2) }
    }

    @Test func embeddingConcatSliceReshape() {
        checkGradients([randomTensor([4, 3], seed: 24), randomTensor([3, 2], seed: 25)]) { g, x in
            let e = g.embedding(x[0], indices: [2, 0, 2])
            let c = g.concat([e, x[1]], axis: 1)
            let s = g.slice(c, axis: 1, start: 1, length: 3)
            return g.concat([g.reshape(s, [9]), g.reshape(g.slice(c, axis: 0, start: 1, length: 1), [5])], axis: 0)
        }
    }

    @Test func crossEntropyWithMasks() {
        let mask = [true, true, true, false, true, false, true, true, true, true, true, true]
        checkGradients([randomTensor([3, 4], seed: 26, bound: 2)]) { g, x in
            g.crossEntropy(x[0], targets: [1, -1, 3], classMask: mask)
        }
    }

    @Test func l1Loss() {
        let target = randomTensor([3, 2], seed: 28)
        checkGradients([randomTensor([3, 2], seed: 27)]) { g, x in g.l1Loss(x[0], target: target, rowWeight: [1, 0, 2]) }
    }

    @Test func giouLoss() {
        // Overlapping, disjoint and contained pairs, (cx, cy, w, h).
        let pred = Tensor(shape: [3, 4], data: [0.5, 0.5, 1.0, 0.8, 3.0, 0.2, 0.6, 0.7, 0.1, 0.15, 2.0, 1.7])
        let target = Tensor(shape: [3, 4], data: [0.7, 0.4, 0.9, 1.1, 0.0, 0.0, 1.0, 1.0, 0.0, 0.1, 0.5, 0.4])
        checkGradients([pred], step: 1e-3) { g, x in g.giouLoss(x[0], target: target) }
    }

    @Test func giouValues() {
        let g = Graph(recording: false)
        let same = Tensor(shape: [1, 4], data: [1, 1, 2, 2])
        #expect(abs(g.value(g.giouLoss(g.constant(same), target: same)).data[0]) < 1e-6)
        // Disjoint unit boxes two apart: IoU 0, enclosure 3 x 1, union 2 => GIoU = -1/3.
        let far = Tensor(shape: [1, 4], data: [3, 1, 1, 1])
        let unit = Tensor(shape: [1, 4], data: [1, 1, 1, 1])
        #expect(abs(g.value(g.giouLoss(g.constant(far), target: unit)).data[0] - 4.0 / 3.0) < 1e-5)
    }

    @Test func crossEntropyValue() {
        let g = Graph(recording: false)
        let logits = g.constant(Tensor(shape: [1, 3], data: [0, 0, 0]))
        #expect(abs(g.value(g.crossEntropy(logits, targets: [2])).data[0] - Float(log(3.0))) < 1e-6)
    }
}

import Foundation
