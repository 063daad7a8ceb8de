import Foundation
import ArgumentParser
import Detection

/// `trackline-dev ssdlite-check`: SSDLite numerics against the golden pack (Scripts/ssdlite-golden.sh)
/// and forward-pass timing (Scripts/bench-detector.sh).
struct SSDLiteCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssdlite-check",
        abstract: "Debug: compare the SSDLite port with the golden reference pack, or time it.")

    @Option(help: "Golden pack directory (../shared/data/golden/ssdlite).")
    var golden: String?

    @Option(help: "frame100.png converted to raw 768x576 RGB24 bytes.")
    var frame100RGB: String?

    @Option(help: "Model file.")
    var model: String = SSDLiteDetector.defaultModelPath

    @Option(help: "Time the detector on this raw RGB24 dump (768x576 unless --width/--height) instead of checking numerics.")
    var benchRaw: String?

    @Option(help: "Width of the raw frames.")
    var width: Int = 768

    @Option(help: "Height of the raw frames.")
    var height: Int = 576

    @Option(help: "Input sizes to time, comma-separated.")
    var sizes: String = "300"

    @Option(help: "Thread counts to time, comma-separated.")
    var threads: String = "1"

    @Option(help: "Frames to time.")
    var frames: Int = 50

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let kernels = env[SSDLiteKernelPath.environmentVariable].flatMap { SSDLiteKernelPath(rawValue: $0.lowercased()) } ?? .fused
        if let raw = benchRaw {
            let bench = SSDLiteBenchmark(modelPath: model, rawVideo: raw, width: width, height: height, frames: frames)
            // Tuning knobs of the network's plan, for experiments (Scripts/bench-detector.sh).
            var tuning = SSDLiteBenchmark.Tuning()
            tuning.kernels = kernels
            tuning.openBLASThreading = env["SSDLITE_OPENBLAS_THREADING"] != nil
            tuning.dispatchSplits = env["SSDLITE_DISPATCH"] != nil
            tuning.bandBytes = env["SSDLITE_BAND_BYTES"].flatMap { Int($0) }
            tuning.streamMinBytes = env["SSDLITE_STREAM_MIN_BYTES"].flatMap { Int($0) }
            for s in sizes.split(separator: ",").compactMap({ Int($0) }) {
                for t in threads.split(separator: ",").compactMap({ Int($0) }) {
                    let (summary, layers) = try bench.run(inputSize: s, threads: t, tuning: tuning)
                    if env["SSDLITE_LAYER_PROFILE"] != nil {
                        for l in layers { FileHandle.standardError.write(Data((l + "\n").utf8)) }
                    }
                    print(summary)
                }
            }
            return
        }
        guard let golden else { throw ValidationError("give --golden DIR or --bench-video FILE") }
        var check = SSDLiteGoldenCheck(directory: golden, modelPath: model, frame100RGB: frame100RGB)
        check.tolerance = 1e-3
        check.kernels = kernels
        let ok = try check.run { print($0) }
        if !ok { throw ExitCode(1) }
    }
}
