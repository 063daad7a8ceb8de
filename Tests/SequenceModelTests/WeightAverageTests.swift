import Foundation
import Testing
@testable import SequenceModel

@Suite struct WeightAverageTests {
    @Test func averageFollowsTheWeightsAndExchangesBack() {
        let store = ParameterStore()
        let w = store.register("w", Tensor(shape: [2], data: [1, -2]), decay: true)
        var average = WeightAverage(store, decay: 0.75)
        store.tensors[w].data = [5, 2]
        average.update(from: store)                     // 0.75 * [1, -2] + 0.25 * [5, 2]
        store.tensors[w].data = [9, 6]
        average.update(from: store)                     // 0.75 * [2, -1] + 0.25 * [9, 6]
        average.exchange(with: store)
        #expect(store.tensors[w].data == [3.75, 0.75])
        average.exchange(with: store)
        #expect(store.tensors[w].data == [9, 6])
    }

    @Test func emaDecayDefaultsToOffAndIsBounded() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"epochs\": 2}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try TrainingConfig.read(path: path).emaDecay == 0)
        try Data("{\"emaDecay\": 0.999}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try TrainingConfig.read(path: path).emaDecay == 0.999)
        for bad in ["1", "-0.1", "1.5"] {
            try Data("{\"emaDecay\": \(bad)}".utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: SequenceModelError.self) { _ = try TrainingConfig.read(path: path) }
        }
    }
}
