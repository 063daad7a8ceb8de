import ArgumentParser
import Detection
import Foundation
import Media
import TracklineCore

/// `trackline detect`: run a detector over a video and write MOTChallenge det.txt.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect people in a video and write MOTChallenge det.txt (frame,-1,x,y,w,h,score,-1,-1,-1).",
        discussion: """
        Frames are 1-based decode order; boxes are top-left x,y,width,height in original pixels.
        The ssdlite detector needs the model file: run Scripts/fetch-models.sh once.
        """)

    enum DetectorKind: String, ExpressibleByArgument, CaseIterable {
        case ssdlite, motion
    }

    @Argument(help: "Video file or image pattern (e.g. img1/%06d.jpg) to read.")
    var video: String?

    @Option(help: "Detector: ssdlite (CNN, needs the model file) or motion (background subtraction, no weights).")
    var detector: DetectorKind = .ssdlite

    @Option(help: "SSDLite input size in pixels (300 as trained; 576 finds small people).")
    var inputSize: Int = 300

    @Option(help: "Keep detections scoring at least this (0-1). For AP use 0.05 or lower.")
    var threshold: Float = 0.3

    @Option(help: "First frame to process (1-based).")
    var startFrame: Int = 1

    @Option(help: "Last frame to process (1-based, inclusive); default: to the end.")
    var endFrame: Int?

    @Option(name: .customLong("motion"), help: ArgumentHelp(
        "Motion detector parameter NAME=VALUE (repeatable), e.g. --motion scale=2 --motion threshold_sigmas=2.5.",
        discussion: "Names: \(MotionDetector.Parameters.table.names.joined(separator: ", ")).", valueName: "name=value"))
    var motionSettings: [String] = []

    @Option(name: .customLong("model"), help: "SSDLite model file (TensorFlow frozen graph; default: Models/cache/frozen_inference_graph.pb in the working directory or above the executable, or $TRACKLINE_SSDLITE_MODEL).")
    var modelOption: String?

    /// The SSDLite model in use.
    var model: String { modelOption ?? Environment.ssdliteModel ?? SSDLiteDetector.defaultModelPath }

    @Flag(name: .customLong("calibrate"), inversion: .prefixedNo, help: "Correct SSDLite's boxes to the MOTChallenge annotation convention, as `track` does (default on); --no-calibrate writes the network's own boxes (for comparing with the reference network).")
    var calibrate = true

    @Option(help: "OpenBLAS threads for ssdlite (default: cores - 1, at least 1, leaving a core for decoding).")
    var threads: Int?

    @Option(name: [.short, .customLong("output")], help: "Output det.txt path (written atomically).")
    var output: String?

    @Flag(help: "Print the progress line even when stderr is not a terminal.")
    var progress = false

    @Flag(help: "Print nothing on stderr except errors.")
    var quiet = false

    func validate() throws {
        guard video != nil else { throw ValidationError("missing VIDEO argument") }
        if output == nil { throw ValidationError("missing -o/--output det.txt") }
        if startFrame < 1 { throw ValidationError("--start-frame must be >= 1 (frames are 1-based)") }
        if let e = endFrame, e < startFrame { throw ValidationError("--end-frame \(e) is before --start-frame \(startFrame)") }
        if !(threshold >= 0 && threshold <= 1) { throw ValidationError("--threshold must be in [0, 1]") }
        if inputSize < 64 || inputSize > 2048 { throw ValidationError("--input-size must be 64...2048, got \(inputSize)") }
        if let t = threads, t < 1 || t > 64 { throw ValidationError("--threads must be 1...64") }
    }

    func run() throws {
        if let video, let output { try runDetector(video: video, output: output) }
    }
}
