import Foundation
import Testing
@testable import SequenceModel

/// The simulator's appearance vectors against the colour histograms of PETS09-S2L1 (ground-truth
/// boxes 10 frames apart, `Scripts/feature-auc.sh`): median cosine 0.869 for the same person,
/// 0.516 for two people.
@Suite struct SimulatedAppearanceTests {
    func cosines(_ config: SimulatorConfig) -> (same: Float, different: Float) {
        var c = config
        c.appearanceDim = 256; c.appearanceFraction = 1
        c.minFrames = 60; c.maxFrames = 60; c.minPeople = 6; c.maxPeople = 8
        let sim = PedestrianSimulator(config: c, noise: DetectorNoiseModel())
        var rng = RandomSource(seed: 3)
        var same: [Float] = [], different: [Float] = []
        for k in 0..<6 {
            let seq = sim.generate(name: "a\(k)", using: &rng)
            for f in 0..<(seq.frames.count - 10) {
                for a in seq.frames[f] where a.identity > 0 {
                    for b in seq.frames[f + 10] where b.identity > 0 {
                        let dot = zip(a.observation.feature, b.observation.feature).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                        if a.identity == b.identity { same.append(dot) } else { different.append(dot) }
                    }
                }
            }
        }
        func median(_ v: [Float]) -> Float { v.sorted()[v.count / 2] }
        return (median(same), median(different))
    }

    @Test func aSharedSceneComponentMakesTwoPeopleAlikeAsInRealHistograms() {
        let independent = cosines(SimulatorConfig())
        #expect(abs(independent.different) < 0.05, "independent vectors: \(independent)")
        var c = SimulatorConfig()
        c.appearanceNoise = 0.32; c.appearanceShared = [0.20, 0.50]; c.appearanceNoiseSpread = 0.45
        let shared = cosines(c)
        #expect(abs(shared.different - 0.516) < 0.06, "shared: \(shared)")
        #expect(abs(shared.same - 0.869) < 0.06, "shared: \(shared)")
    }

    @Test func aMalformedSharedComponentIsRejected() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"simulator\": {\"frameRates\": [10], \"minFrames\": 10, \"maxFrames\": 20, \"minPeople\": 1, \"maxPeople\": 2, \"groupProbability\": 0, \"stopRate\": 0, \"stopSeconds\": [1, 2], \"movingCameraFraction\": 0, \"appearanceDim\": 8, \"appearanceNoise\": 0.3, \"appearanceFraction\": 1, \"appearanceShared\": [0.2]}}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SequenceModelError.self) { _ = try TrainingConfig.read(path: path) }
        try Data("{\"simulator\": {\"frameRates\": [10], \"minFrames\": 10, \"maxFrames\": 20, \"minPeople\": 1, \"maxPeople\": 2, \"groupProbability\": 0, \"stopRate\": 0, \"stopSeconds\": [1, 2], \"movingCameraFraction\": 0, \"appearanceDim\": 8, \"appearanceNoise\": 0.3, \"appearanceFraction\": 1, \"appearanceShared\": [0.2, 0.5]}}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try TrainingConfig.read(path: path).simulator.appearanceShared == [0.2, 0.5])
    }
}
