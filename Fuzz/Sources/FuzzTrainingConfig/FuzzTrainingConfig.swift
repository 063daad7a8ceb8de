// Training config: TrainingConfig.decode (JSON over the defaults, unknown keys refused) then
// validate(source:), as TrainingConfig.read does.
import Foundation
import SequenceModel

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    guard let config = try? TrainingConfig.decode(bytes, path: "fuzz") else { return 0 }
    _ = try? config.model.validate(source: "fuzz")
    guard (try? config.validate(source: "fuzz")) != nil else { return 0 }
    _ = config.model.parameterCount
    // An accepted config must survive its own JSON (it is what `json()` would save).
    do {
        let again = try TrainingConfig.decode(Data(config.json().utf8), path: "fuzz")
        precondition(again == config, "config differs after json(): \(config.json())")
        let model = try JSONDecoder().decode(Seq2SeqConfig.self, from: Data(config.model.json().utf8))
        precondition(model == config.model, "model config differs after json(): \(config.model.json())")
    } catch {
        fatalError("json() of an accepted config does not decode: \(error)")
    }
    return 0
}
