import Testing
@testable import SequenceModel

/// A tiny sequence classifier built from the library's layers: embeds tokens, one transformer
/// layer, reads the last position, classifies.
private struct TinyModel {
    let store = ParameterStore()
    let embed: Int
    let layer: TransformerLayer
    let head: Linear

    init(seed: UInt64) {
        var rng = RandomSource(seed: seed)
        embed = store.register("embed", .randomNormal(shape: [5, 8], std: 0.5, using: &rng), decay: false)
        layer = TransformerLayer("layer", width: 8, heads: 2, hidden: 16, store: store, rng: &rng)
        head = Linear("head", inputs: 8, outputs: 3, store: store, rng: &rng)
    }

    func loss(_ g: Graph, tokens: [[Int]], targets: [Int]) -> Var {
        let b = tokens.count, t = tokens[0].count
        let x = g.reshape(g.embedding(g.parameter(embed, in: store), indices: tokens.flatMap { $0 }), [b, t, 8])
        let h = layer(x, mask: nil, g, store)
        let last = g.reshape(g.slice(h, axis: 1, start: t - 1, length: 1), [b, 8])
        return g.crossEntropy(head(last, g, store), targets: targets)
    }

    func train(steps: Int) -> Float {
        let tokens = [[0, 1, 2], [2, 1, 0], [3, 3, 4], [4, 0, 1]]
        let targets = [0, 1, 2, 1]
        var opt = AdamW(schedule: .init(peak: 0.02, warmupSteps: 10, totalSteps: steps), weightDecay: 0.01, clipNorm: 1)
        var last: Float = .infinity
        for _ in 0..<steps {
            let g = Graph()
            let l = loss(g, tokens: tokens, targets: targets)
            last = g.value(l).data[0]
            g.backward(from: l)
            opt.update(store)
        }
        return last
    }
}

@Suite(.serialized) struct TrainingTests {
    @Test func tinyModelOverfitsAHandMadeBatch() {
        BLAS.setThreads(1)
        let model = TinyModel(seed: 1)
        let final = model.train(steps: 150)
        #expect(final < 0.02, "final loss \(final)")
    }

    @Test func sameSeedSameWeights() {
        BLAS.setThreads(1)
        let a = TinyModel(seed: 9), b = TinyModel(seed: 9), c = TinyModel(seed: 10)
        _ = a.train(steps: 20)
        _ = b.train(steps: 20)
        _ = c.train(steps: 20)
        #expect(a.store.names == b.store.names)
        #expect(a.store.tensors == b.store.tensors)
        #expect(a.store.tensors != c.store.tensors)
    }

    @Test func randomSourceIsReproducible() {
        var r1 = RandomSource(seed: 42), r2 = RandomSource(seed: 42)
        for _ in 0..<100 { #expect(r1.nextNormal() == r2.nextNormal()) }
        var r3 = RandomSource(seed: 1)
        let mean = (0..<20000).map { _ in r3.nextNormal() }.reduce(0, +) / 20000
        #expect(abs(mean) < 0.03)
    }
}
