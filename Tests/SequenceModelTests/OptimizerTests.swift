import Foundation
import Testing
@testable import SequenceModel

@Suite struct OptimizerTests {
    @Test func scheduleWarmsUpAndDecays() {
        let s = LearningRateSchedule(peak: 1e-3, warmupSteps: 10, totalSteps: 110, finalFraction: 0.1)
        #expect(abs(s.rate(at: 0) - 1e-4) < 1e-12)
        #expect(abs(s.rate(at: 9) - 1e-3) < 1e-12)
        #expect(abs(s.rate(at: 60) - (1e-4 + 0.9e-3 * 0.5)) < 1e-9)
        #expect(abs(s.rate(at: 110) - 1e-4) < 1e-12)
        #expect(abs(s.rate(at: 500) - 1e-4) < 1e-12)
        for i in 10..<110 { #expect(s.rate(at: i + 1) <= s.rate(at: i) + 1e-15) }
    }

    @Test func clippingBoundsTheFirstStep() {
        // With Adam the first step is lr * sign(g) regardless of scale; check clipping via
        // the returned norm and that decay only touches decayed parameters.
        let store = ParameterStore()
        let w = store.register("w", Tensor(shape: [2], data: [1, 1]), decay: true)
        let b = store.register("b", Tensor(shape: [1], data: [1]), decay: false)
        store.grads[w] = [30, 40]
        store.grads[b] = [0]
        var opt = AdamW(schedule: .init(peak: 0.1, warmupSteps: 1, totalSteps: 1), weightDecay: 0.5, clipNorm: 1)
        let norm = opt.update(store)
        #expect(abs(norm - 50) < 1e-9)
        #expect(abs(store.tensors[w].data[0] - (1 - 0.05 - 0.1)) < 1e-5)
        #expect(store.tensors[b].data[0] == 1)
        #expect(store.grads[w] == [0, 0])
    }

    @Test func adamMinimisesAQuadratic() {
        let store = ParameterStore()
        let x = store.register("x", Tensor(shape: [3], data: [2, -1, 0.5]), decay: false)
        var opt = AdamW(schedule: .init(peak: 0.05, warmupSteps: 5, totalSteps: 400), weightDecay: 0, clipNorm: 10)
        let target = Tensor(shape: [3], data: [0.3, 0.7, -0.2])
        for _ in 0..<400 {
            let g = Graph()
            let d = g.sub(g.parameter(x, in: store), g.constant(target))
            g.backward(from: g.sum(g.mul(d, d)))
            opt.update(store)
        }
        for i in 0..<3 { #expect(abs(store.tensors[x].data[i] - target.data[i]) < 1e-2) }
    }
}

@Suite struct SafetensorsTests {
    @Test func roundTrip() throws {
        var rng = RandomSource(seed: 3)
        let store = ParameterStore()
        store.register("layer.weight", .randomNormal(shape: [3, 4], std: 1, using: &rng), decay: true)
        store.register("layer.bias", .randomNormal(shape: [4], std: 1, using: &rng), decay: false)
        store.register("scalar \"quoted\"", Tensor(scalar: -0.0), decay: false)
        store.register("empty", Tensor(zeros: [0, 5]), decay: false)
        let meta = ["config": "{\"width\": 64}", "data": "simulated 10\nline two"]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Safetensors.save(store, metadata: meta, to: path)
        let raw = try #require(FileManager.default.contents(atPath: path))
        let headerLength = raw.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
        #expect(raw.count == 8 + headerLength + 4 * (12 + 4 + 1))
        let back = try Safetensors.load(path: path)
        #expect(back.metadata == meta)
        #expect(back.names == store.names)
        for (n, t) in zip(store.names, store.tensors) {
            #expect(back.tensors[n] == t)
        }
        let other = ParameterStore()
        other.register("layer.weight", Tensor(zeros: [3, 4]), decay: true)
        try Safetensors.assign(back, to: other, path: path)
        #expect(other.tensors[0] == store.tensors[0])
        let wrong = ParameterStore()
        wrong.register("layer.weight", Tensor(zeros: [4, 3]), decay: true)
        #expect(throws: SequenceModelError.self) { try Safetensors.assign(back, to: wrong, path: path) }
    }

    @Test func rejectsDamagedFiles() {
        #expect(throws: SequenceModelError.self) { try Safetensors.decode(Data([1, 2, 3]), path: "x") }
        var big = Data([255, 0, 0, 0, 0, 0, 0, 0]); big.append(contentsOf: Array("{}".utf8))
        #expect(throws: SequenceModelError.self) { try Safetensors.decode(big, path: "x") }
        func file(_ header: String, payload: Int) -> Data {
            var d = Data()
            var n = UInt64(header.utf8.count).littleEndian
            withUnsafeBytes(of: &n) { d.append(contentsOf: $0) }
            d.append(contentsOf: Array(header.utf8))
            d.append(contentsOf: [UInt8](repeating: 0, count: payload))
            return d
        }
        #expect(throws: SequenceModelError.self) { try Safetensors.decode(file("{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", payload: 2), path: "x") }
        #expect(throws: SequenceModelError.self) { try Safetensors.decode(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", payload: 4), path: "x") }
        #expect(throws: SequenceModelError.self) { try Safetensors.decode(file("not json", payload: 0), path: "x") }
        let ok = try? Safetensors.decode(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", payload: 4), path: "x")
        #expect(ok?.tensors["a"]?.data == [0])
    }
}
