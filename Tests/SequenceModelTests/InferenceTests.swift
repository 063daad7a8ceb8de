import Foundation
import Testing
import TracklineCore
@testable import SequenceModel

/// `Seq2SeqInference` (packed rows, fused projections) against the autodiff graph's forward
/// pass, for any weights: random weights far from the initialisation, odd head widths, a width
/// past OpenBLAS's single K block, appearance on and off. Every op repeats the graph's float
/// steps, but OpenBLAS rounds a product differently at different matrix positions (its kernels
/// for edge tiles sum in another order), so packed rows agree to a few units in the last place,
/// not bit for bit; the tracker's outputs are checked byte for byte by Scripts/seq2seq-exact.sh.
@Suite(.serialized) struct InferenceTests {
    static func config(width: Int, heads: Int, feedForward: Int, encoder: Int, decoder: Int, history: Int, appearance: Int) -> Seq2SeqConfig {
        var c = Seq2SeqConfig()
        c.width = width; c.heads = heads; c.feedForward = feedForward
        c.encoderLayers = encoder; c.decoderLayers = decoder
        c.history = history; c.appearanceDim = appearance
        c.maxCandidates = 5; c.maxAge = 12
        return c
    }

    static let configs: [Seq2SeqConfig] = [
        config(width: 8, heads: 2, feedForward: 16, encoder: 1, decoder: 1, history: 4, appearance: 0),
        config(width: 16, heads: 4, feedForward: 24, encoder: 2, decoder: 2, history: 8, appearance: 4),
        config(width: 9, heads: 3, feedForward: 10, encoder: 2, decoder: 1, history: 6, appearance: 0),
        config(width: 264, heads: 2, feedForward: 272, encoder: 1, decoder: 1, history: 3, appearance: 3),
    ]

    /// A model whose every parameter (norm gains and biases too) is random.
    static func randomModel(_ config: Seq2SeqConfig, seed: UInt64) -> Seq2SeqModel {
        let model = Seq2SeqModel(config: config, seed: seed)
        var rng = RandomSource(seed: seed &+ 100)
        for i in model.store.tensors.indices {
            let shape = model.store.tensors[i].shape
            let std: Float = shape.count == 2 ? 1.5 / Float(shape[0]).squareRoot() : 0.6
            model.store.setValue(i, .randomNormal(shape: shape, std: std, using: &rng))
        }
        return model
    }

    /// Tracks with histories of mixed lengths and gaps, detections near some of them and clutter,
    /// so candidate counts differ from track to track and some tracks have none.
    static func scene(_ config: Seq2SeqConfig, rng: inout RandomSource) -> (histories: [[Observation]], frame: Int, detections: [Observation]) {
        let frame = 40
        let A = config.appearanceDim
        func feature() -> [Float] { A > 0 && rng.nextUniform() < 0.8 ? (0..<A).map { _ in Float(rng.nextNormal()) } : [] }
        var histories: [[Observation]] = []
        var detections: [Observation] = []
        for _ in 0..<(3 + rng.nextInt(6)) {
            let n = 1 + rng.nextInt(config.history + 3)
            var x = 50 + 500 * rng.nextUniform(), y = 50 + 350 * rng.nextUniform()
            let vx = 6 * rng.nextUniform() - 3, vy = 4 * rng.nextUniform() - 2, h = 40 + 80 * rng.nextUniform()
            var f = frame - 1 - rng.nextInt(4) - n
            var history: [Observation] = []
            for _ in 0..<n {
                f += 1 + (rng.nextUniform() < 0.2 ? 1 : 0)
                x += vx; y += vy
                history.append(Observation(frame: f, box: BoundingBox(x: x, y: y, width: h * 0.4, height: h),
                                           score: Float(0.3 + 0.7 * rng.nextUniform()), feature: feature()))
            }
            if history.last!.frame >= frame { continue }
            histories.append(history)
            for _ in 0..<rng.nextInt(5) {
                detections.append(Observation(frame: frame, box: BoundingBox(x: x + 20 * rng.nextNormal(), y: y + 20 * rng.nextNormal(),
                                                                             width: h * 0.4, height: h * (0.8 + 0.4 * rng.nextUniform())),
                                              score: Float(rng.nextUniform()), feature: feature()))
            }
        }
        for _ in 0..<3 {
            detections.append(Observation(frame: frame, box: BoundingBox(x: 600 * rng.nextUniform(), y: 400 * rng.nextUniform(), width: 30, height: 70),
                                          score: Float(rng.nextUniform()), feature: feature()))
        }
        return (histories, frame, detections)
    }

    @Test(arguments: 0..<configs.count)
    func packedInferenceMatchesGraphForward(configIndex: Int) {
        BLAS.setThreads(1)
        let config = Self.configs[configIndex]
        let model = Self.randomModel(config, seed: UInt64(7 + configIndex))
        let engine = Seq2SeqInference(model: model)   // one engine: buffers grow and shrink between batches
        var rng = RandomSource(seed: UInt64(31 + configIndex))
        var batch = AssociationBatch(config: config)
        var compared = 0
        var worst: Float = 0
        for round in 0..<6 {
            let s = Self.scene(config, rng: &rng)
            guard !s.histories.isEmpty else { continue }
            batch.build(histories: s.histories, frame: s.frame, detections: s.detections, compact: round % 2 == 0)
            var a: [Float] = [], b: [Float] = [], fa: [BoundingBox] = [], fb: [BoundingBox] = []
            engine.predict(batch, logProbabilities: &a, forecasts: &fa)
            model.predictReference(batch, logProbabilities: &b, forecasts: &fb)
            #expect(a.count == b.count && fa.count == fb.count)
            for (x, y) in zip(a, b) {
                #expect(x.isFinite == y.isFinite, "config \(configIndex) round \(round): padding differs")
                if x.isFinite && y.isFinite { worst = max(worst, abs(x - y) / max(1, abs(y))) }
            }
            for (x, y) in zip(fa, fb) {
                #expect(abs(x.x - y.x) + abs(x.y - y.y) + abs(x.width - y.width) + abs(x.height - y.height) < 1e-3 * max(1, y.height))
            }
            // Padding never reaches the engine: the same batch at full length gives the same bits.
            var full = batch
            full.build(histories: s.histories, frame: s.frame, detections: s.detections, compact: round % 2 != 0)
            var c: [Float] = [], fc: [BoundingBox] = []
            engine.predict(full, logProbabilities: &c, forecasts: &fc)
            #expect(c.map(\.bitPattern) == a.map(\.bitPattern) && fc == fa)
            compared += a.filter(\.isFinite).count
        }
        #expect(worst < 5e-6, "largest log-probability difference \(worst)")
        #expect(compared > 20)
    }

    @Test func predictFollowsWeightChanges() {
        BLAS.setThreads(1)
        let config = Self.configs[0]
        let model = Self.randomModel(config, seed: 3)
        var rng = RandomSource(seed: 5)
        var s = Self.scene(config, rng: &rng)
        while s.histories.isEmpty { s = Self.scene(config, rng: &rng) }
        var batch = AssociationBatch(config: config)
        batch.build(histories: s.histories, frame: s.frame, detections: s.detections)
        var before: [Float] = [], after: [Float] = [], reference: [Float] = [], boxes: [BoundingBox] = []
        model.predict(batch, logProbabilities: &before, forecasts: &boxes)
        // The model keeps its engine (a copy of the weights) until a weight changes.
        let p = model.store.index(of: "logit_head.weight")!
        var w = model.store.tensors[p]
        for i in w.data.indices { w.data[i] += 0.5 }
        model.store.setValue(p, w)
        model.predict(batch, logProbabilities: &after, forecasts: &boxes)
        model.predictReference(batch, logProbabilities: &reference, forecasts: &boxes)
        #expect(after != before)
        for (x, y) in zip(after, reference) where y.isFinite { #expect(abs(x - y) <= 5e-6 * max(1, abs(y))) }
    }

    @Test func exactExpMatchesExpfOnASampleOfFloats() {
        // Every 16411th float in (-88, 88), both signs, plus the edges of the vector path and
        // special values; the exhaustive check of all 2.2 billion is Scripts/check-exact-exp.sh.
        var values: [Float] = [0, -0, 88, -88, Float(88).nextDown, -Float(88).nextDown, .nan, .infinity, -.infinity,
                               100, -120, 1e-30, -103.5, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        var bits: UInt32 = 0
        while Float(bitPattern: bits) < 88 {
            let v = Float(bitPattern: bits)
            values.append(v); values.append(-v)
            bits += 16411
        }
        for path in 0...max(0, ExactExp.bestPath) {
            for offset in 0..<16 {   // every lane position and tail length
                var e = Array(values[offset...])
                let source = e
                e.withUnsafeMutableBufferPointer { ExactExp.exp($0.baseAddress!, count: $0.count, path: path) }
                var mismatches = 0
                for (v, r) in zip(source, e) where r.bitPattern != expf(v).bitPattern && !(r.isNaN && v.isNaN) { mismatches += 1 }
                #expect(mismatches == 0, "\(mismatches) of \(e.count) on path \(path)")
            }
        }
    }
}
