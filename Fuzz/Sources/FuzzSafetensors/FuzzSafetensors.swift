// safetensors: Safetensors.decode(data, path:), then the decoded tensors assigned to a model
// (Safetensors.assign) and, for files whose metadata has a `config`, Seq2SeqModel.load(path:).
import Foundation
import SequenceModel

/// The smallest valid model; `assign` copies matching tensors into it.
nonisolated(unsafe) let tinyModel: Seq2SeqModel = {
    var c = Seq2SeqConfig()
    c.history = 2; c.width = 4; c.heads = 1; c.encoderLayers = 1; c.decoderLayers = 1
    c.feedForward = 1; c.maxCandidates = 1; c.maxAge = 1
    return Seq2SeqModel(config: c, seed: 0)
}()

/// `Seq2SeqModel.load` only reads files: inputs with a `config` go through this one.
let scratchFile: String = {
    let dir = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return (dir as NSString).appendingPathComponent("trackline-fuzz-\(getpid()).safetensors")
}()

/// FUZZ_VERBOSE=1: say how far each input got (for checking that seeds reach the model).
let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] == "1"

func sameBits(_ a: Safetensors.Contents, _ b: Safetensors.Contents) -> Bool {
    guard Set(a.names) == Set(b.names), a.names.count == b.names.count, a.metadata == b.metadata else { return false }
    for (name, t) in a.tensors {
        guard let u = b.tensors[name], u.shape == t.shape, u.data.map(\.bitPattern) == t.data.map(\.bitPattern) else { return false }
    }
    return true
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    guard let contents = try? Safetensors.decode(bytes, path: "fuzz") else { return 0 }
    // What `encode` writes from accepted contents must decode to the same tensors and metadata.
    do {
        let again = try Safetensors.decode(Safetensors.encode(contents), path: "written")
        precondition(sameBits(contents, again), "re-encoded contents differ")
    } catch {
        fatalError("safetensors written from accepted contents do not decode: \(error)")
    }
    let assigned = Result { try Safetensors.assign(contents, to: tinyModel.store, path: "fuzz") }
    if verbose { print("decoded \(contents.names.count) tensors; assign: \(assigned)") }
    if contents.metadata["config"] != nil {
        guard FileManager.default.createFile(atPath: scratchFile, contents: bytes) else { fatalError("cannot write \(scratchFile)") }
        defer { unlink(scratchFile) }
        let loaded = Result { try Seq2SeqModel.load(path: scratchFile) }
        if verbose { print("load: \(loaded.map { $0.model.config })") }
    }
    return 0
}
