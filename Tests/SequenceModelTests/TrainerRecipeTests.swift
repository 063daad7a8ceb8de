import Testing
@testable import SequenceModel

/// The recipe switches of `TrainingConfig` change what is trained, and stay deterministic.
@Suite(.serialized) struct TrainerRecipeTests {
    func tinyConfig() -> TrainingConfig {
        var c = TrainingConfig()
        c.model.width = 16; c.model.heads = 2; c.model.feedForward = 32
        c.model.encoderLayers = 1; c.model.decoderLayers = 1; c.model.history = 4
        c.simulator.minFrames = 30; c.simulator.maxFrames = 40
        c.simulator.minPeople = 3; c.simulator.maxPeople = 4
        c.simulatedSequences = 2; c.validationSequences = 1
        c.epochs = 2; c.batchSize = 64; c.warmupSteps = 2
        return c
    }

    func weights(_ c: TrainingConfig) throws -> [Tensor] {
        BLAS.setThreads(1)
        let trainer = Trainer(config: c)
        let (sim, val) = trainer.simulate()
        let (model, reports) = try trainer.train(simulated: sim, validation: val, real: [], progress: { _, _, _, _ in }, epochDone: { _ in })
        #expect(reports.count == c.epochs)
        return model.store.tensors
    }

    @Test func resimulatingAndAveragingChangeTheWeightsDeterministically() throws {
        let base = try weights(tinyConfig())
        var fresh = tinyConfig(); fresh.resimulateEachEpoch = true
        var averaged = tinyConfig(); averaged.emaDecay = 0.9
        let f1 = try weights(fresh), f2 = try weights(fresh)
        let a1 = try weights(averaged), a2 = try weights(averaged)
        #expect(f1 == f2)
        #expect(a1 == a2)
        #expect(f1 != base)
        #expect(a1 != base)
        // New scenes for epoch 2, the same ones for the same seed.
        let trainer = Trainer(config: fresh)
        let epoch2 = trainer.simulateTraining(epoch: 2)
        #expect(epoch2.count == 2)
        #expect(epoch2.map { $0.frames.count } == trainer.simulateTraining(epoch: 2).map { $0.frames.count })
        #expect(epoch2.map { $0.frames.flatMap { $0.map(\.observation) } } != trainer.simulate().train.map { $0.frames.flatMap { $0.map(\.observation) } })
    }
}
