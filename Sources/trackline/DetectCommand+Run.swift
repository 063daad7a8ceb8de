import Detection
import Foundation

extension DetectCommand {
    func runDetector(video: String, output: String) throws {
        throw ValidationErrorPlaceholder()
    }

    func measureFeatureAUC(video: String, groundTruth: String) throws {
        throw ValidationErrorPlaceholder()
    }
}

struct ValidationErrorPlaceholder: Error, CustomStringConvertible {
    var description: String { "video input arrives with the Media module's VideoReader" }
}
