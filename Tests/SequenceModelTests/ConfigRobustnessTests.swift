import Foundation
import Testing
@testable import SequenceModel

/// Crafted weights files must be refused with an error, never trap or allocate absurd memory.
@Suite struct ConfigRobustnessTests {
    @Test(arguments: [(appearance: 0, layers: 1), (appearance: 4, layers: 2)])
    func parameterCountMatchesTheBuiltModel(appearance: Int, layers: Int) {
        var c = tinyConfig(appearance: appearance)
        c.encoderLayers = layers
        c.decoderLayers = layers + 1
        #expect(c.parameterCount == Seq2SeqModel(config: c, seed: 1).store.scalarCount)
    }

    @Test func defaultConfigCountMatchesToo() {
        let c = Seq2SeqConfig()
        #expect(c.parameterCount == Seq2SeqModel(config: c, seed: 1).store.scalarCount)
    }

    /// Saves a tiny model whose `config` metadata is replaced by `edit`'s result.
    func craftedFile(_ edit: (inout Seq2SeqConfig) -> Void) throws -> String {
        let model = Seq2SeqModel(config: tinyConfig(), seed: 2)
        var c = model.config
        edit(&c)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("crafted-\(UUID().uuidString).safetensors").path
        var meta = ["format": "trackline-seq2seq-1"]
        meta["config"] = c.json()
        try Safetensors.save(model.store, metadata: meta, to: path)
        return path
    }

    @Test(arguments: [1 << 20, 1 << 62])
    func hugeWidthIsRefused(width: Int) throws {
        let path = try craftedFile { $0.width = width; $0.heads = 1 }
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SequenceModelError.self) { _ = try Seq2SeqModel.load(path: path) }
    }

    @Test(arguments: [1 << 28, 1 << 40])
    func hugeFeedForwardIsRefused(feedForward: Int) throws {
        let path = try craftedFile { $0.feedForward = feedForward }
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SequenceModelError.self) { _ = try Seq2SeqModel.load(path: path) }
    }

    /// Within the limits but bigger than the file: refused before the model is built.
    @Test func configLargerThanTheFileIsRefused() throws {
        let path = try craftedFile { $0.width = 4096; $0.feedForward = 65536; $0.encoderLayers = 8; $0.decoderLayers = 8 }
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try Seq2SeqModel.load(path: path)
            Issue.record("loaded a model whose config does not fit the file")
        } catch let e as SequenceModelError {
            #expect("\(e)".contains(path))
            #expect("\(e)".contains("parameters"))
        }
    }
}
