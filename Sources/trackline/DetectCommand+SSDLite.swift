import Detection
import Foundation

extension DetectCommand {
    /// Builds the SSDLite detector, or explains how to get the model file.
    func makeSSDLite() throws -> any Detector {
        guard FileManager.default.fileExists(atPath: model) else {
            throw ModelMissing(path: model)
        }
        throw ModelMissing(path: model, notBuilt: true)
    }
}

struct ModelMissing: Error, CustomStringConvertible {
    var path: String
    var notBuilt = false
    var description: String {
        notBuilt
            ? "the SSDLite detector is not part of this build yet; use --detector motion"
            : "SSDLite model file not found at \(path): run Scripts/fetch-models.sh to download it (or pass --model PATH)"
    }
}
