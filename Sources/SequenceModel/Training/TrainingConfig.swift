import Foundation
import TracklineCore

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

    /// Largest simulated or validation sequence count, frames per simulated sequence and mean
    /// people in view: limits that keep a configuration's run within hours and memory within
    /// this machine's (a sequence of 100,000 frames with 1,000 people is about 10^8 boxes).
    public static let maxSequences = 100_000
    public static let maxSimulatedFrames = 100_000
    public static let maxPeople = 1_000.0

    /// Reads a JSON file. Missing keys, at any depth, keep their defaults; unknown keys,
    /// values of the wrong type and values out of range are errors naming the key
    /// (`simulator.minPeople`, ...).
    public static func read(path: String) throws -> TrainingConfig {
        let data: Data
        do { data = Data(try InputFile.read(path: path, limit: 16 << 20)) } catch {
            throw error
        }
        let config = try decode(data, path: path)
        try config.validate(source: path)
        return config
    }

    /// Decodes JSON over the defaults (see `read`), without range checks.
    public static func decode(_ data: Data, path: String = "<memory>") throws -> TrainingConfig {
        func bad(_ reason: String) -> SequenceModelError { .invalidConfiguration(path: path, reason: reason) }
        guard !data.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) else { throw bad("the file is empty; write a JSON object such as {\"epochs\": 6}") }
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data) } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw bad("not valid JSON (\(detail))")
        }
        guard let given = parsed as? [String: Any] else { throw bad("expected a JSON object ({...}) at the top level") }
        if let unknown = unknownKeys(in: given).first {
            throw bad("unknown key '\(unknown)' (a typo? `trackline train --write-config FILE` writes every key)")
        }
        guard let defaults = try? JSONSerialization.jsonObject(with: JSONEncoder().encode(TrainingConfig())) as? [String: Any] else {
            throw bad("cannot encode the defaults")
        }
        func attempt(_ object: [String: Any]) -> Result<TrainingConfig, Error> {
            Result {
                let bytes = try JSONSerialization.data(withJSONObject: object)
                return try JSONDecoder().decode(TrainingConfig.self, from: bytes)
            }
        }
        if case .success(let config) = attempt(merge(defaults, given)) { return config }
        // Find the value at fault: each given value alone over the defaults.
        for (keyPath, value) in leaves(given, "") {
            let single = merge(defaults, nest(keyPath, value))
            guard case .failure(let error) = attempt(single) else { continue }
            if let d = error as? DecodingError, case let .typeMismatch(type, _) = d {
                throw bad("\(keyPath): \(Self.text(value)) is not \(Self.typeName(type))")
            }
            let example = leaves(defaults, "").first { $0.0 == keyPath }.map { " (the default is \(Self.text($0.1)))" } ?? ""
            throw bad("\(keyPath): \(Self.text(value)) is not a valid value\(example)")
        }
        if case .failure(let error) = attempt(merge(defaults, given)) {
            throw bad((error as? DecodingError).map(Self.describe) ?? "\(error)")
        }
        throw bad("cannot be read")
    }

    /// `base` with `over`'s values put in, objects merged key by key.
    private static func merge(_ base: [String: Any], _ over: [String: Any]) -> [String: Any] {
        var out = base
        for (k, v) in over {
            if let sub = v as? [String: Any], let old = base[k] as? [String: Any] { out[k] = merge(old, sub) } else { out[k] = v }
        }
        return out
    }

    /// Every non-object value with its dotted key path, in key order.
    private static func leaves(_ object: [String: Any], _ prefix: String) -> [(String, Any)] {
        object.keys.sorted().flatMap { k -> [(String, Any)] in
            if let sub = object[k] as? [String: Any] { return leaves(sub, prefix + k + ".") }
            return [(prefix + k, object[k]!)]
        }
    }

    private static func nest(_ keyPath: String, _ value: Any) -> [String: Any] {
        keyPath.split(separator: ".").reversed().reduce(value) { inner, key in [String(key): inner] } as? [String: Any] ?? [:]
    }

    private static func text(_ value: Any) -> String {
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }

    /// A decoding error as "key.path: what was wrong".
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case let .typeMismatch(type, context):
            return "\(path(context.codingPath)): expected \(Self.typeName(type)) (\(context.debugDescription))"
        case let .valueNotFound(type, context):
            return "\(path(context.codingPath)): expected \(Self.typeName(type)), found null"
        case let .keyNotFound(key, context):
            return "\(path(context.codingPath + [key])): missing"
        case let .dataCorrupted(context):
            let at = path(context.codingPath)
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let what = context.debugDescription.contains("not valid JSON") || underlying != nil
                ? "not valid JSON (\(underlying ?? context.debugDescription))" : context.debugDescription
            return at.isEmpty ? what : "\(at): \(what)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is UInt64.Type: return "a whole number >= 0"
        case is Int.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        default: return "\(type)"
        }
    }

    /// Keys in `given` (a JSON object) that no field of the configuration has, as dotted paths.
    static func unknownKeys(in given: [String: Any]) -> [String] {
        var full = TrainingConfig()
        full.simulator.appearanceShared = [0, 1]
        full.simulator.appearanceNoiseSpread = 0
        guard let known = try? JSONSerialization.jsonObject(with: JSONEncoder().encode(full)) as? [String: Any] else { return [] }
        var out: [String] = []
        func walk(_ g: [String: Any], _ k: [String: Any], _ prefix: String) {
            for key in g.keys.sorted() {
                guard let sub = k[key] else { out.append(prefix + key); continue }
                if let gd = g[key] as? [String: Any], let kd = sub as? [String: Any] { walk(gd, kd, prefix + key + ".") }
            }
        }
        walk(given, known, "")
        return out
    }

    public func validate(source: String) throws {
        try model.validate(source: source)
        func bad(_ r: String) -> SequenceModelError { .invalidConfiguration(path: source, reason: r) }
        func probability(_ v: Double, _ key: String) throws {
            if !(v >= 0 && v <= 1) { throw bad("\(key) is \(v); a probability must be in 0...1") }
        }
        if simulatedSequences < 0 || simulatedSequences > Self.maxSequences { throw bad("simulatedSequences must be in 0...\(Self.maxSequences)") }
        if validationSequences < 0 || validationSequences > Self.maxSequences { throw bad("validationSequences must be in 0...\(Self.maxSequences)") }
        if realRepeat < 1 || realRepeat > 1000 { throw bad("realRepeat must be in 1...1000") }
        if let shared = simulator.appearanceShared, shared.count != 2 || !shared.allSatisfy(\.isFinite) {
            throw bad("simulator.appearanceShared needs [mean, sd] of the log weight")
        }
        if !(emaDecay >= 0 && emaDecay < 1) { throw bad("emaDecay must be in [0, 1) (0: off)") }
        if epochs < 1 || epochs > 10_000 || batchSize < 1 || batchSize > 1 << 16 { throw bad("epochs must be in 1...10000 and batchSize in 1...65536") }
        if !(learningRate > 0 && learningRate <= 1) { throw bad("learningRate is \(learningRate); it must be in (0, 1] (the default is 0.002)") }
        if warmupSteps < 0 { throw bad("warmupSteps must be >= 0") }
        if !(weightDecay >= 0 && weightDecay <= 1) { throw bad("weightDecay must be in 0...1") }
        if !(clipNorm > 0 && clipNorm.isFinite) { throw bad("clipNorm must be a positive number") }
        let sim = simulator
        if sim.frameRates.isEmpty || sim.frameRates.contains(where: { !($0 > 0 && $0 <= 1000) }) {
            throw bad("simulator.frameRates must be numbers in (0, 1000]")
        }
        if sim.minFrames < 2 || sim.maxFrames < sim.minFrames || sim.maxFrames > Self.maxSimulatedFrames {
            throw bad("simulator frame counts: need 2 <= minFrames <= maxFrames <= \(Self.maxSimulatedFrames)")
        }
        if !(sim.minPeople >= 0 && sim.minPeople <= sim.maxPeople && sim.maxPeople <= Self.maxPeople) {
            throw bad("simulator people: need 0 <= minPeople <= maxPeople <= \(Int(Self.maxPeople)), not \(sim.minPeople) and \(sim.maxPeople)")
        }
        try probability(sim.groupProbability, "simulator.groupProbability")
        try probability(sim.movingCameraFraction, "simulator.movingCameraFraction")
        try probability(sim.appearanceFraction, "simulator.appearanceFraction")
        if !(sim.stopRate >= 0 && sim.stopRate <= 10) { throw bad("simulator.stopRate must be in 0...10 stops per second") }
        if !(sim.stopSeconds.lowerBound >= 0 && sim.stopSeconds.upperBound <= 3600) { throw bad("simulator.stopSeconds must lie in 0...3600") }
        if sim.appearanceDim < 0 || sim.appearanceDim > 4096 { throw bad("simulator.appearanceDim must be in 0...4096") }
        if !(sim.appearanceNoise >= 0 && sim.appearanceNoise <= 100) { throw bad("simulator.appearanceNoise must be in 0...100") }
        if let s = sim.appearanceNoiseSpread, !(s >= 0 && s <= 10) { throw bad("simulator.appearanceNoiseSpread must be in 0...10") }
        if noise.missRate.count != (noise.heightBins.count + 1) * (noise.occlusionBins.count + 1) { throw bad("noise.missRate has the wrong number of cells") }
        for (k, v) in noise.missRate.enumerated() { try probability(v, "noise.missRate[\(k)]") }
        try probability(noise.falsePositiveNearFraction, "noise.falsePositiveNearFraction")
        if !(noise.falsePositivesPerPerson >= 0 && noise.falsePositivesPerPerson <= 100 && noise.falsePositivesPerFrame >= 0 && noise.falsePositivesPerFrame <= 1000) {
            throw bad("noise.falsePositivesPerPerson must be in 0...100 and noise.falsePositivesPerFrame in 0...1000")
        }
        if noise.jitter.count != 4 || noise.bias.count != 4 { throw bad("noise.jitter and noise.bias need 4 values") }
        if !(noise.jitter + noise.bias).allSatisfy({ $0.isFinite && abs($0) <= 10 }) || noise.jitter.contains(where: { $0 < 0 }) {
            throw bad("noise.jitter must be 4 numbers in 0...10 and noise.bias 4 numbers in -10...10")
        }
        if !(noise.scoreLow >= 0 && noise.scoreLow < 1) { throw bad("noise.scoreLow must be in [0, 1)") }
        for (name, h) in [("noise.truePositiveScores", noise.truePositiveScores), ("noise.falsePositiveScores", noise.falsePositiveScores)] {
            if h.isEmpty || h.contains(where: { !($0 >= 0 && $0.isFinite) }) || !(h.reduce(0, +) > 0) {
                throw bad("\(name) must be non-negative frequencies with a positive sum")
            }
        }
        for (key, v) in [("samples.sampleProbability", samples.sampleProbability), ("samples.falsePositiveTrackProbability", samples.falsePositiveTrackProbability),
                         ("samples.dropProbability", samples.dropProbability), ("samples.gapProbability", samples.gapProbability),
                         ("samples.switchProbability", samples.switchProbability), ("samples.falsePositiveProbability", samples.falsePositiveProbability)] {
            try probability(v, key)
        }
        if samples.maxGap < 1 || samples.maxGap > 4096 || samples.maxCut < 0 || samples.maxCut > 4096 { throw bad("samples.maxGap must be in 1...4096 and samples.maxCut in 0...4096") }
    }

    /// Pretty JSON with sorted keys.
    public func json() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        return (try? String(data: e.encode(self), encoding: .utf8)) ?? "{}"
    }
}
