import Foundation
import Testing
import TracklineCore
@testable import SequenceModel

/// A small configuration so tests stay fast in debug builds.
func tinyConfig(appearance: Int = 0) -> Seq2SeqConfig {
    var c = Seq2SeqConfig()
    c.history = 4
    c.width = 8
    c.heads = 2
    c.encoderLayers = 1
    c.decoderLayers = 1
    c.feedForward = 16
    c.maxCandidates = 4
    c.maxAge = 8
    c.appearanceDim = appearance
    return c
}

/// A pedestrian walking right at `speed` px/frame, observed in frames 1...n.
func walker(x: Double, y: Double, speed: Double, frames: ClosedRange<Int>, feature: [Float] = []) -> [Observation] {
    frames.map { f in
        Observation(frame: f, box: BoundingBox(x: x + speed * Double(f), y: y, width: 20, height: 50), score: 0.9, feature: feature)
    }
}

/// Two people crossing side by side plus clutter: the right answer follows the motion.
func handMadeSamples(appearance: Int = 0) -> [AssociationSample] {
    var samples: [AssociationSample] = []
    let fa: [Float] = appearance > 0 ? (0..<appearance).map { $0 % 2 == 0 ? 1 : 0 } : []
    let fb: [Float] = appearance > 0 ? (0..<appearance).map { $0 % 2 == 0 ? 0 : 1 } : []
    for (k, speed) in [4.0, -4.0, 6.0, 0.0].enumerated() {
        let a = walker(x: 100, y: 100, speed: speed, frames: 1...5, feature: fa)
        let b = walker(x: 100, y: 100 + 30, speed: -speed, frames: 1...5, feature: fb)
        let next = 6
        let ca = Observation(frame: next, box: BoundingBox(x: 100 + speed * 6, y: 100, width: 20, height: 50), score: 0.9, feature: fa)
        let cb = Observation(frame: next, box: BoundingBox(x: 100 - speed * 6, y: 130, width: 20, height: 50), score: 0.8, feature: fb)
        let fp = Observation(frame: next, box: BoundingBox(x: 100, y: 115, width: 20, height: 50), score: 0.3)
        let cands = k % 2 == 0 ? [cb, fp, ca] : [ca, cb, fp]
        let targetA = cands.firstIndex(of: ca)!
        samples.append(AssociationSample(history: a, frame: next, candidates: cands, target: targetA, targetBox: ca.box))
        samples.append(AssociationSample(history: b, frame: next, candidates: cands, target: cands.firstIndex(of: cb)!, targetBox: cb.box))
        // The same track missed: only clutter left.
        samples.append(AssociationSample(history: a, frame: next, candidates: [fp], target: nil, targetBox: ca.box))
    }
    return samples
}

@Suite(.serialized) struct ModelTests {
    @Test func batchLayoutAndGating() {
        var c = tinyConfig()
        c.maxCandidates = 2
        var batch = AssociationBatch(config: c)
        let track = walker(x: 0, y: 0, speed: 5, frames: 1...6)
        let dets = [
            Observation(frame: 7, box: BoundingBox(x: 500, y: 0, width: 20, height: 50), score: 0.9), // far: gated out
            Observation(frame: 7, box: BoundingBox(x: 36, y: 0, width: 20, height: 50), score: 0.9),  // near forecast
            Observation(frame: 7, box: BoundingBox(x: 45, y: 0, width: 20, height: 50), score: 0.9),
            Observation(frame: 7, box: BoundingBox(x: 20, y: 0, width: 20, height: 50), score: 0.9),
        ]
        batch.build(histories: [track, Array(track.prefix(1))], frame: 7, detections: dets)
        #expect(batch.tracks == 2)
        #expect(batch.queries == 3)
        // Track 0 forecast x = 35 (+10 centre): nearest first, capped at 2.
        #expect(Array(batch.candidateIndex[0..<3]) == [-1, 1, 2])
        #expect(batch.observationMask[0..<4].allSatisfy { $0 })
        #expect(Array(batch.observationMask[4..<8]) == [false, false, false, true])
        #expect(batch.ages[3] == 1 && batch.ages[0] == 4)
        #expect(batch.queryMask.allSatisfy { $0 } || batch.queryMask.filter { $0 }.count >= 4)
        #expect(batch.gaps == [1, 6])
    }

    @Test func tracksInABatchDoNotInteract() {
        let model = Seq2SeqModel(config: tinyConfig(), seed: 3)
        let samples = handMadeSamples()
        var batch = AssociationBatch(config: model.config)
        var lp: [Float] = [], boxes: [BoundingBox] = []
        let all = samples.prefix(3)
        batch.build(histories: all.map(\.history), frame: 6, detections: all[0].candidates)
        model.predict(batch, logProbabilities: &lp, forecasts: &boxes)
        let Q = batch.queries
        for (i, s) in all.enumerated() {
            var single = AssociationBatch(config: model.config)
            var lp1: [Float] = [], b1: [BoundingBox] = []
            single.build(histories: [s.history], frame: 6, detections: all[0].candidates)
            model.predict(single, logProbabilities: &lp1, forecasts: &b1)
            for q in 0..<single.queries {
                #expect(abs(lp1[q] - lp[i * Q + q]) < 1e-4)
            }
            #expect(abs(b1[0].x - boxes[i].x) < 1e-3)
        }
        // Probabilities of each track sum to one.
        for t in 0..<batch.tracks {
            let s = (0..<Q).map { lp[t * Q + $0] }.filter { $0 > -.infinity }.map { Foundation.exp(Double($0)) }.reduce(0, +)
            #expect(abs(s - 1) < 1e-4)
        }
    }

    /// Finite differences through the whole model. The box targets are moved well away from
    /// the initial forecast so no GIoU min/max switch (a kink) lies within the step.
    @Test(arguments: [false, true])
    func wholeModelGradientMatchesFiniteDifferences(withBoxLoss: Bool) {
        BLAS.setThreads(1)
        var config = tinyConfig(appearance: 4)
        config.boxLossWeight = withBoxLoss ? 1 : 0
        let model = Seq2SeqModel(config: config, seed: 5)
        var samples = Array(handMadeSamples(appearance: 4).prefix(4))
        for i in samples.indices {
            let last = samples[i].history.last!.box
            samples[i].targetBox = BoundingBox(x: last.centerX + 0.3 * 50 - 0.3 * 50, y: last.centerY + 0.4 * 50 - 0.65 * 50,
                                               width: 0.6 * 50, height: 1.3 * 50)
        }
        var batch = AssociationBatch(config: model.config)
        let targets = model.prepare(samples, into: &batch)
        func lossValue() -> Double {
            let g = Graph(recording: false)
            return Double(g.value(model.loss(g, batch, targets).total).data[0])
        }
        let g = Graph()
        g.backward(from: model.loss(g, batch, targets).total)
        let store = model.store
        var checked = 0
        for (p, name) in store.names.enumerated() where p % 3 == 0 || name.hasPrefix("box_head") {
            let i = store.tensors[p].count / 2
            let analytic = Double(store.grads[p][i])
            let original = store.tensors[p].data[i]
            let h: Float = 1e-2
            store.tensors[p].data[i] = original + h
            let up = lossValue()
            store.tensors[p].data[i] = original - h
            let down = lossValue()
            store.tensors[p].data[i] = original
            let numeric = (up - down) / Double(2 * h)
            #expect(abs(analytic - numeric) <= 3e-2 * max(0.1, abs(numeric)) + 2e-3, "\(name)[\(i)]: \(analytic) vs \(numeric)")
            checked += 1
        }
        #expect(checked > 10)
    }

    @Test func tinyModelLearnsHandMadeAssociations() {
        BLAS.setThreads(1)
        let model = Seq2SeqModel(config: tinyConfig(), seed: 11)
        let samples = handMadeSamples()
        var batch = AssociationBatch(config: model.config)
        let targets = model.prepare(samples, into: &batch)
        var opt = AdamW(schedule: .init(peak: 0.01, warmupSteps: 10, totalSteps: 250), weightDecay: 0, clipNorm: 5)
        var last: Float = .infinity
        for _ in 0..<250 {
            let g = Graph()
            let l = model.loss(g, batch, targets).total
            last = g.value(l).data[0]
            g.backward(from: l)
            opt.update(model.store)
        }
        #expect(last < 0.1, "final loss \(last)")
        var lp: [Float] = [], boxes: [BoundingBox] = []
        model.predict(batch, logProbabilities: &lp, forecasts: &boxes)
        let Q = batch.queries
        for t in 0..<batch.tracks {
            let best = (0..<Q).max { lp[t * Q + $0] < lp[t * Q + $1] }!
            #expect(best == targets.query[t])
        }
    }

    @Test func saveLoadKeepsPredictions() throws {
        let model = Seq2SeqModel(config: tinyConfig(appearance: 4), seed: 8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("m-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path, metadata: ["data": "hand-made"])
        let (loaded, meta) = try Seq2SeqModel.load(path: path)
        #expect(loaded.config == model.config)
        #expect(meta["data"] == "hand-made")
        #expect(loaded.store.tensors == model.store.tensors)
        let samples = handMadeSamples(appearance: 4)
        var batch = AssociationBatch(config: model.config)
        batch.build(histories: samples.map(\.history), frame: 6, detections: samples[0].candidates)
        var a: [Float] = [], b: [Float] = [], fa: [BoundingBox] = [], fb: [BoundingBox] = []
        model.predict(batch, logProbabilities: &a, forecasts: &fa)
        loaded.predict(batch, logProbabilities: &b, forecasts: &fb)
        #expect(a == b && fa == fb)
        #expect(throws: SequenceModelError.self) { _ = try Seq2SeqModel.load(path: path + ".missing") }
    }
}
