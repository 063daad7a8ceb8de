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
        if let raw = benchRaw {
            let bench = SSDLiteBenchmark(modelPath: model, rawVideo: raw, width: width, height: height, frames: frames)
            for s in sizes.split(separator: ",").compactMap({ Int($0) }) {
                for t in threads.split(separator: ",").compactMap({ Int($0) }) {
                    print(try bench.run(inputSize: s, threads: t))
                }
            }
            return
        }
        guard let golden else { throw ValidationError("give --golden DIR or --bench-video FILE") }
        var check = SSDLiteGoldenCheck(directory: golden, modelPath: model, frame100RGB: frame100RGB)
        check.tolerance = 1e-3
        let ok = try check.run { print($0) }
        if !ok { throw ExitCode(1) }
    }
}
