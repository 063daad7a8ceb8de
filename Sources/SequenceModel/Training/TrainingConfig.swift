import Foundation

/// Everything `trackline train` needs besides the real data: model shape, simulator, detector
/// noise, sampling and optimisation. Read from JSON (`--config FILE`); missing keys keep
/// their defaults.
public struct TrainingConfig: Codable, Sendable, Equatable {
    public var model = Seq2SeqConfig()
    public var simulator = SimulatorConfig()
    public var noise = DetectorNoiseModel()
    public var samples = SampleOptions()
    /// Simulated training sequences (validation uses `validationSequences` more).
    public var simulatedSequences: Int = 120
    public var validationSequences: Int = 12
    public var epochs: Int = 6
    public var batchSize: Int = 128
    public var learningRate: Double = 2e-3
    public var warmupSteps: Int = 100
    public var weightDecay: Double = 0.01
    public var clipNorm: Double = 1.0
    public var seed: UInt64 = 1
    /// Times each real (`--data`) sequence is cut into samples per epoch, so a few short real
    /// sequences are not drowned by the simulated ones (augmentation differs each time).
    public var realRepeat: Int = 1
    /// Decay of the exponential moving average of the weights that is saved instead of the
    /// last step's weights (0: off, the last step's weights are saved).
    public var emaDecay: Double = 0
    /// Simulate `simulatedSequences` new training sequences for every epoch after the first,
    /// instead of recutting the same ones, so the model sees `epochs` times as many scenes.
    public var resimulateEachEpoch: Bool = false

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingConfig()
        model = try c.decodeIfPresent(Seq2SeqConfig.self, forKey: .model) ?? d.model
        simulator = try c.decodeIfPresent(SimulatorConfig.self, forKey: .simulator) ?? d.simulator
        noise = try c.decodeIfPresent(DetectorNoiseModel.self, forKey: .noise) ?? d.noise
        samples = try c.decodeIfPresent(SampleOptions.self, forKey: .samples) ?? d.samples
        simulatedSequences = try c.decodeIfPresent(Int.self, forKey: .simulatedSequences) ?? d.simulatedSequences
        validationSequences = try c.decodeIfPresent(Int.self, forKey: .validationSequences) ?? d.validationSequences
        epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? d.epochs
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? d.learningRate
        warmupSteps = try c.decodeIfPresent(Int.self, forKey: .warmupSteps) ?? d.warmupSteps
        weightDecay = try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? d.weightDecay
        clipNorm = try c.decodeIfPresent(Double.self, forKey: .clipNorm) ?? d.clipNorm
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        realRepeat = try c.decodeIfPresent(Int.self, forKey: .realRepeat) ?? d.realRepeat
        emaDecay = try c.decodeIfPresent(Double.self, forKey: .emaDecay) ?? d.emaDecay
        resimulateEachEpoch = try c.decodeIfPresent(Bool.self, forKey: .resimulateEachEpoch) ?? d.resimulateEachEpoch
    }

    /// Reads a JSON file.
    public static func read(path: String) throws -> TrainingConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SequenceModelError.invalidConfiguration(path: path, reason: "cannot read the file")
        }
        let config: TrainingConfig
        do { config = try JSONDecoder().decode(TrainingConfig.self, from: data) } catch {
            throw SequenceModelError.invalidConfiguration(path: path, reason: "not valid training JSON: \(error)")
        }
        try config.validate(source: path)
        return config
    }

    public func validate(source: String) throws {
        try model.validate(source: source)
        func bad(_ r: String) -> SequenceModelError { .invalidConfiguration(path: source, reason: r) }
        if simulatedSequences < 0 || validationSequences < 0 { throw bad("sequence counts must be >= 0") }
        if realRepeat < 1 || realRepeat > 1000 { throw bad("realRepeat must be in 1...1000") }
        if let shared = simulator.appearanceShared, shared.count != 2 || !shared.allSatisfy(\.isFinite) {
            throw bad("simulator.appearanceShared needs [mean, sd] of the log weight")
        }
        if !(emaDecay >= 0 && emaDecay < 1) { throw bad("emaDecay must be in [0, 1) (0: off)") }
        if epochs < 1 || batchSize < 1 { throw bad("epochs and batchSize must be >= 1") }
        if !(learningRate > 0) || warmupSteps < 0 { throw bad("learningRate must be > 0 and warmupSteps >= 0") }
        if simulator.frameRates.isEmpty || simulator.frameRates.contains(where: { !($0 > 0) }) { throw bad("simulator.frameRates must be positive") }
        if simulator.minFrames < 2 || simulator.maxFrames < simulator.minFrames { throw bad("simulator frame counts: need 2 <= minFrames <= maxFrames") }
        if noise.missRate.count != (noise.heightBins.count + 1) * (noise.occlusionBins.count + 1) { throw bad("noise.missRate has the wrong number of cells") }
        if noise.jitter.count != 4 || noise.bias.count != 4 { throw bad("noise.jitter and noise.bias need 4 values") }
        if noise.truePositiveScores.isEmpty || noise.falsePositiveScores.isEmpty { throw bad("score histograms must not be empty") }
    }

    /// Pretty JSON with sorted keys.
    public func json() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        return (try? String(data: e.encode(self), encoding: .utf8)) ?? "{}"
    }
}
