import Detection
import Foundation

extension DetectCommand {
    /// Builds the SSDLite detector, or explains how to get the model file.
    func makeSSDLite() throws -> any Detector {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory) else { throw ModelMissing(path: model) }
        if isDirectory.boolValue {
            throw CLIError("\(model) is a directory; give the frozen_inference_graph.pb file (Scripts/fetch-models.sh puts it in Models/cache/)")
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var detector = try SSDLiteDetector(modelPath: model, inputSize: inputSize,
                                           threads: threads ?? max(1, cores - 1), scoreThreshold: threshold, kernels: Environment.ssdliteKernels)
        detector.calibration = calibrate ? .ssdlite : nil
        return detector
    }
}

struct ModelMissing: Error, CustomStringConvertible {
    var path: String
    var description: String {
        "SSDLite model file not found at \(path): run Scripts/fetch-models.sh to download it (or pass --model PATH, or use --detector motion)"
    }
}
