import Foundation
import TracklineCore

/// One line of the training log.
public struct EpochReport: Sendable {
    public var epoch: Int
    public var trainLoss: Double
    /// Fraction of validation samples whose most likely query is the true one (nil without
    /// validation samples: `validationSequences` 0).
    public var validationAccuracy: Double?
    public var validationLoss: Double?
    /// Accuracy on the real sequences given with `--data` (nil without).
    public var realAccuracy: Double?
    public var seconds: Double
}

/// Trains a `Seq2SeqModel` on simulated and optionally real labelled sequences.
public struct Trainer {
    public var config: TrainingConfig

    public init(config: TrainingConfig) {
        self.config = config
    }

    /// The simulated training and validation sequences (deterministic in the seed).
    public func simulate() -> (train: [LabelledSequence], validation: [LabelledSequence]) {
        var rng = RandomSource(seed: config.seed &* 0x9E37_79B9 &+ 17)
        let simulator = self.simulator()
        let train = (0..<config.simulatedSequences).map { simulator.generate(name: "sim-\($0)", using: &rng) }
        var vrng = RandomSource(seed: config.seed &* 0x9E37_79B9 &+ 91)
        let val = (0..<config.validationSequences).map { simulator.generate(name: "val-\($0)", using: &vrng) }
        return (train, val)
    }

    /// The simulator with the model's appearance length.
    private func simulator() -> PedestrianSimulator {
        var sim = config.simulator
        sim.appearanceDim = config.model.appearanceDim
        return PedestrianSimulator(config: sim, noise: config.noise)
    }

    /// Fresh simulated training sequences for `epoch` (2...), as many as `simulatedSequences`,
    /// deterministic in the seed and the epoch (`resimulateEachEpoch`).
    public func simulateTraining(epoch: Int) -> [LabelledSequence] {
        var rng = RandomSource(seed: config.seed &* 0x9E37_79B9 &+ 17 &+ UInt64(epoch) &* 0x85EB_CA6B)
        let simulator = self.simulator()
        return (0..<config.simulatedSequences).map { simulator.generate(name: "sim-\(epoch)-\($0)", using: &rng) }
    }

    /// Trains and returns the model and the per-epoch reports. `progress` is called during
    /// each epoch with (epoch, step, steps, running loss) and after it with the report.
    ///
    /// Throws `SequenceModelError.nothingToTrainOn` when the sequences give no sample, and
    /// `trainingDiverged` as soon as the loss is not finite (the weights are then useless).
    public func train(simulated: [LabelledSequence], validation: [LabelledSequence], real: [LabelledSequence],
                      progress: (Int, Int, Int, Double) -> Void, epochDone: (EpochReport) -> Void) throws -> (Seq2SeqModel, [EpochReport]) {
        let model = Seq2SeqModel(config: config.model, seed: config.seed)
        var rng = RandomSource(seed: config.seed &+ 1234)
        var valRng = RandomSource(seed: config.seed &+ 99)
        let valSamples = validation.flatMap { SampleGenerator.samples(from: $0, history: config.model.history, options: config.samples, using: &valRng) }
        let realVal = real.flatMap { SampleGenerator.samples(from: $0, history: config.model.history, options: config.samples, using: &valRng) }
        // Samples are recut each epoch so augmentation varies.
        let repeated = (0..<config.realRepeat).flatMap { _ in real }
        var sources = simulated + repeated
        var estimated = 0
        var reports: [EpochReport] = []
        var optimiser: AdamW?
        var batch = AssociationBatch(config: config.model)
        var average = config.emaDecay > 0 ? WeightAverage(model.store, decay: config.emaDecay) : nil
        for epoch in 1...config.epochs {
            let start = Date()
            if config.resimulateEachEpoch && epoch > 1 { sources = simulateTraining(epoch: epoch) + repeated }
            var samples: [AssociationSample] = []
            for s in sources { samples.append(contentsOf: SampleGenerator.samples(from: s, history: config.model.history, options: config.samples, using: &rng)) }
            for i in stride(from: samples.count - 1, to: 0, by: -1) { samples.swapAt(i, rng.nextInt(i + 1)) }
            let steps = (samples.count + config.batchSize - 1) / config.batchSize
            if samples.isEmpty {
                throw SequenceModelError.nothingToTrainOn(reason: "\(simulated.count) simulated and \(real.count) real sequences gave no training sample")
            }
            if optimiser == nil {
                estimated = steps * config.epochs
                optimiser = AdamW(schedule: LearningRateSchedule(peak: config.learningRate, warmupSteps: config.warmupSteps,
                                                                 totalSteps: estimated),
                                  weightDecay: config.weightDecay, clipNorm: config.clipNorm)
            }
            var lossSum = 0.0
            for s in 0..<steps {
                let chunk = Array(samples[(s * config.batchSize)..<min(samples.count, (s + 1) * config.batchSize)])
                let targets = model.prepare(chunk, into: &batch)
                let g = Graph()
                let loss = model.loss(g, batch, targets).total
                let value = Double(g.value(loss).data[0])
                guard value.isFinite else {
                    throw SequenceModelError.trainingDiverged(epoch: epoch, step: s + 1, learningRate: config.learningRate)
                }
                lossSum += value
                g.backward(from: loss)
                optimiser!.update(model.store)
                average?.update(from: model.store)
                if s % 10 == 0 || s == steps - 1 { progress(epoch, s + 1, steps, lossSum / Double(s + 1)) }
            }
            // With averaging on, the averaged weights are the model: report those.
            average?.exchange(with: model.store)
            let (valAcc, valLoss) = valSamples.isEmpty ? (nil, nil) : evaluate(model, valSamples)
            let realAcc = realVal.isEmpty ? nil : evaluate(model, realVal).accuracy
            if epoch < config.epochs { average?.exchange(with: model.store) }
            if !model.store.allFinite {
                throw SequenceModelError.trainingDiverged(epoch: epoch, step: steps, learningRate: config.learningRate)
            }
            let report = EpochReport(epoch: epoch, trainLoss: lossSum / Double(max(1, steps)), validationAccuracy: valAcc,
                                     validationLoss: valLoss, realAccuracy: realAcc, seconds: Date().timeIntervalSince(start))
            reports.append(report)
            epochDone(report)
        }
        return (model, reports)
    }

    /// Association accuracy and loss of `model` on samples.
    public func evaluate(_ model: Seq2SeqModel, _ samples: [AssociationSample]) -> (accuracy: Double, loss: Double) {
        let r = evaluateInDetail(model, samples)
        return (r.accuracy, r.loss)
    }

    /// Accuracy split by error kind: `wrongCandidate` (another detection chosen),
    /// `falseMiss` (missed chosen although the true one was a candidate), `falseMatch`
    /// (a detection chosen although the track was missed), as fractions of all samples.
    public func evaluateInDetail(_ model: Seq2SeqModel, _ samples: [AssociationSample])
        -> (accuracy: Double, loss: Double, wrongCandidate: Double, falseMiss: Double, falseMatch: Double) {
        guard !samples.isEmpty else { return (0, 0, 0, 0, 0) }
        var wrong = 0, falseMiss = 0, falseMatch = 0
        var batch = AssociationBatch(config: model.config)
        var correct = 0, lossSum = 0.0, batches = 0
        var s = 0
        while s < samples.count {
            let chunk = Array(samples[s..<min(samples.count, s + 256)])
            s += 256
            let targets = model.prepare(chunk, into: &batch)
            let g = Graph(recording: false)
            let (loss, logits) = model.loss(g, batch, targets)
            lossSum += Double(g.value(loss).data[0]); batches += 1
            let lv = g.value(logits).data
            let Q = batch.queries
            for t in 0..<batch.tracks {
                var best = 0
                for q in 1..<Q where batch.queryMask[t * Q + q] && lv[t * Q + q] > lv[t * Q + best] { best = q }
                let truth = targets.query[t]
                if best == truth { correct += 1 }
                else if truth == 0 { falseMatch += 1 }
                else if best == 0 { falseMiss += 1 }
                else { wrong += 1 }
            }
        }
        let n = Double(samples.count)
        return (Double(correct) / n, lossSum / Double(batches), Double(wrong) / n, Double(falseMiss) / n, Double(falseMatch) / n)
    }
}

extension Trainer {
    /// Accuracy of the rule "take the gated candidate nearest the constant-velocity forecast,
    /// or missed when there is none": the bar a learned model has to clear.
    public static func nearestBaseline(_ samples: [AssociationSample], config: Seq2SeqConfig) -> Double {
        guard !samples.isEmpty else { return 0 }
        var batch = AssociationBatch(config: config)
        var correct = 0
        for s in samples {
            batch.build(histories: [s.history], frame: s.frame, detections: s.candidates)
            let first = batch.queries > 1 ? batch.candidateIndex[1] : -1
            let predicted: Int? = first >= 0 ? first : nil
            if predicted == s.target { correct += 1 }
        }
        return Double(correct) / Double(samples.count)
    }
}
