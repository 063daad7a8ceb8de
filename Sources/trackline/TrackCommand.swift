import ArgumentParser
import Detection
import Foundation
import Pipeline
import Report
import Tracking
import TracklineCore

struct TrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Track people in a video, or link boxes from a detection file, into trajectories.",
        discussion: """
        From a video: decode -> detect -> track, streaming (memory stays flat). From detections: \
        --detections det.txt (MOTChallenge), a <SEQ> folder, or a MOTChallenge root (every sequence \
        is tracked; --mot DIR receives <SEQ>.txt for `trackline eval`); frame count and rate come from \
        seqinfo.ini beside det.txt (or its parent), else from --fps.

        Outputs: CSV (frame,time_s,track_id,x,y,w,h,score: the source's 1-based frame numbers, time \
        from the video's timestamps or (frame - 1) / fps for detection files, top-left boxes in \
        pixels), MOTChallenge txt, an overlay video, and a run file beside the first output \
        (tracks.csv -> tracks.run.json) holding every value in effect: `trackline track --config \
        tracks.run.json` runs the same job again. Each output appears whole or not at all; no output \
        may be one of the inputs.
        """)

    @Argument(help: "What to track: a video file, an image pattern (img1/%06d.jpg), a folder of images (natural order), a URL (rtsp, rtmp, http(s), udp, tcp, srt), - for standard input, or a camera (/dev/video0); optional with --detections.")
    var video: String?

    @Option(help: "A job file (YAML or JSON) whose keys are these options' long names (detections:, tracker:, tracker-options:, ...); flags given here override it.")
    var config: String?

    @Option(help: "Detector for video frames: ssdlite (CNN, needs `make models`) or motion (background subtraction). Default: ssdlite.")
    var detector: DetectorKind?

    @Option(help: "Detections instead of a detector: det.txt, a <SEQ> folder or a MOTChallenge root.")
    var detections: String?

    @Option(name: .customLong("tracker"), help: "Tracker: \(TrackerFactory.names.joined(separator: ", ")) (default: seq2seq; bytetrack, with a note, when the seq2seq weights are not found).")
    var tracker: String?

    @Flag(name: .customLong("appearance"), inversion: .prefixedNo, help: "Attach colour-histogram appearance vectors to the boxes (needs VIDEO); seq2seq then uses its weights trained with them and merges duplicate tracks. Default: on for seq2seq with a VIDEO, else off.")
    var appearance: Bool?

    @Option(help: "First frame to track (1-based; source numbering is kept).")
    var startFrame: Int?

    @Option(help: "Last frame to track (1-based, inclusive).")
    var endFrame: Int?

    @Option(name: [.short, .customLong("output")], help: "CSV output (a folder for a MOTChallenge root). Default: tracks.csv unless --mot is given.")
    var output: String?

    @Option(help: "MOTChallenge txt output (a folder for a MOTChallenge root).")
    var mot: String?

    @Option(help: "Overlay video output (needs VIDEO): boxes, ids and trails drawn on every frame. A video file is decoded a second time after tracking, so the overlay shows the final ids and the smoothed, gap-filled boxes of the CSV; a live stream (URL) shows the tracker's live ids.")
    var render: String?

    @Option(help: "Also write an HTML report of the run (tracks, counts, trajectories, speed; see `trackline report`), read back from the CSV (or MOT txt) and the run file.")
    var report: String?

    @Option(help: "Fill gaps of at most N frames (0-10000) in each trajectory linearly. Default: the tracker's (seq2seq: gaps it bridges, up to 1 s; others 0).")
    var interpolate: Int?

    @Option(help: "Smooth each trajectory: each box becomes the mean of its track's boxes within N frames (0-1000) either side. Default: the tracker's (seq2seq: 3; others 0).")
    var smooth: Int?

    @Option(name: .customLong("camera-motion"), help: "Follow a moving camera: 'boxes' estimates each frame's shift and zoom from the boxes and tracks, fills gaps and smooths in the first frame's coordinates; 'off' takes the camera as still. Default: off.")
    var cameraMotion: CameraMotionMode?

    @Option(help: "Frame rate of a detection file without seqinfo.ini (default 30); overrides seqinfo.ini's frameRate when given.")
    var fps: Double?

    @Option(name: .customLong("tracker-option"), help: ArgumentHelp("Tracker parameter NAME=VALUE (repeatable), e.g. track_thresh=0.6; --list-options shows them.", valueName: "name=value"))
    var trackerOptions: [String] = []

    @Option(name: .customLong("detector-option"), help: ArgumentHelp("Detector parameter NAME=VALUE (repeatable), e.g. threshold_sigmas=2.5 for motion; --list-options --detector D shows them.", valueName: "name=value"))
    var detectorOptions: [String] = []

    @Flag(help: "List the parameters of the tracker (or, with --detector, of the detector): name, range, default, meaning; then exit.")
    var listOptions = false

    @Option(help: "Weights of the seq2seq tracker (default: the committed Models/seq2seq.safetensors, or $TRACKLINE_SEQ2SEQ_MODEL).")
    var model: String?

    @Option(help: "SSDLite model file (TensorFlow frozen graph; default: Models/cache/frozen_inference_graph.pb from `make models`, or $TRACKLINE_SSDLITE_MODEL).")
    var detectorModel: String?

    @Option(help: "SSDLite network input size in pixels (64-2048): 576 finds small people far better; 300 (as trained) is about 3x faster. Default: 576.")
    var detectorSize: Int?

    @Option(help: "Also write the detector's boxes as a MOTChallenge det.txt (to track them again later).")
    var saveDetections: String?

    @Option(help: "Also write JSON Lines: one object per box (frame, time_s, id, class, x, y, w, h, score), then a summary object.")
    var jsonl: String?

    @Option(help: "Also write a per-track summary CSV: id, class, first/last frame and time (s), frames seen, mean score, path length (px), mean speed (px/s).")
    var trackSummary: String?

    @Flag(help: "Network sources: reconnect with backoff (0.5 s doubling to 30 s, 20 attempts) when the stream stalls, drops or ends. Default: off (a stall or drop ends the run with an error).")
    var reconnect = false

    @Option(help: "Network sources: seconds without data before the stream counts as stalled (0 waits forever). Default: 10.")
    var stallTimeout: Double?

    @Option(help: "Stop after SECONDS of the source (its presentation time from the first frame). Default: the whole source.")
    var duration: Double?

    @Option(help: "Stop after N frames. Default: the whole source.")
    var maxFrames: Int?

    @Flag(help: "Print a progress line on stderr even when it is not a terminal.")
    var progress = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Also print the libraries' debug messages.")
    var verbose = false

    func run() throws {
        CLILogging.set(quiet: quiet, verbose: verbose)
        if listOptions { return try list() }
        var job = TrackingJob()
        if let config {
            do { job = try TrackingJob.read(path: config) } catch { throw CLIError("\(error)") }
        }
        job = job.overridden(by: try flags())
        // Model files from the environment, where the job names none.
        if job.model == nil, (job.tracker ?? "seq2seq").lowercased() == "seq2seq" { job.model = Environment.seq2seqModel }
        if job.detectorModel == nil, job.detections == nil, (job.detector ?? .ssdlite) == .ssdlite { job.detectorModel = Environment.ssdliteModel }
        let resolved: ResolvedJob
        do { resolved = try job.resolve() } catch { throw CLIError("\(error)") }
        // The CLI owns its process, so it may tune malloc for the model's per-frame tensors.
        if resolved.tracker.name == "seq2seq" { Seq2SeqTracker.keepHeapMapped() }
        let observer = ConsoleObserver(quiet: quiet, progress: !quiet && (progress || ProgressLine.stderrIsTerminal))
        var runner = JobRunner(resolved)
        runner.ssdliteKernels = Environment.ssdliteKernels
        runner.command = (["trackline"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        if let config { runner.protectedFiles = [config] }
        if let report {
            if case .detections(_, _, true) = resolved.input {
                throw CLIError("--report: a MOTChallenge root gives one result file per sequence; run `trackline report` on each")
            }
            runner.additionalOutputs = [("--report", report)]
        }
        if resolved.isLive {
            // Ctrl-C / SIGTERM end a live run with complete outputs (a second one ends it at once).
            let stop = StopSignal()
            runner.stop = stop
            Interruption.onFirstSignal { stop.request() }
        }
        do {
            try runner.run(observer: observer)
            if let report { try writeReport(report, job: resolved) }
        } catch let error as JobError {
            observer.endLine()
            throw CLIError("\(error)")
        } catch {
            observer.endLine()
            throw error
        }
    }

    /// The report of the finished run, from its results file and run file.
    func writeReport(_ path: String, job: ResolvedJob) throws {
        let j = job.job
        let results = j.output ?? j.mot ?? "tracks.csv"
        let runFile = RunRecord.path(for: job).flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        let run = try ReportLoader.run(results: results, runFile: runFile, video: j.video)
        try ReportCommand.write([run], to: path, quiet: quiet)
    }

    /// The job the flags describe (unset flags stay nil).
    func flags() throws -> TrackingJob {
        var j = TrackingJob()
        j.video = video
        j.detections = detections
        j.detector = detector
        j.detectorSize = detectorSize
        j.detectorModel = detectorModel
        j.tracker = tracker
        j.model = model
        j.appearance = appearance
        j.startFrame = startFrame
        j.endFrame = endFrame
        j.fps = fps
        j.interpolate = interpolate
        j.smooth = smooth
        j.cameraMotion = cameraMotion
        j.output = output
        j.mot = mot
        j.render = render
        j.saveDetections = saveDetections
        j.jsonl = jsonl
        j.trackSummary = trackSummary
        j.reconnect = reconnect ? true : nil
        j.stallTimeout = stallTimeout
        j.duration = duration
        j.maxFrames = maxFrames
        if !trackerOptions.isEmpty { j.trackerOptions = try Self.assignments(trackerOptions, "--tracker-option") }
        if !detectorOptions.isEmpty { j.detectorOptions = try Self.assignments(detectorOptions, "--detector-option") }
        return j
    }

    /// `name=value` flags as a table (values: decimal numbers, or on/off/true/false).
    static func assignments(_ texts: [String], _ flag: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for t in texts {
            let p = t.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard p.count == 2, !p[0].isEmpty else { throw CLIError("\(flag) '\(t)' must look like name=number") }
            guard let v = ParameterTable<Void>.value(p[1]) else { throw CLIError("\(flag) '\(t)' must look like name=number") }
            out[p[0]] = v
        }
        return out
    }

    func list() throws {
        if let detector {
            switch detector {
            case .ssdlite: print("ssdlite: SSDLite-MobileNetV2 pedestrian CNN\n" + SSDLiteSettings.table.listing(defaults: SSDLiteSettings()), terminator: "")
            case .motion: print("motion: background subtraction\n" + MotionDetector.Parameters.table.listing(defaults: .init()), terminator: "")
            }
            return
        }
        let name = (tracker ?? TrackerFactory.names[0]).lowercased()
        guard let kind = TrackerFactory.kind(name) else {
            throw ValidationError("unknown tracker '\(name)'; choose one of: \(TrackerFactory.names.joined(separator: ", "))")
        }
        print("\(kind.name): \(kind.summary)")
        print(kind.parameterNames.isEmpty ? "  (no parameters)" : kind.listing, terminator: "")
        print("output filter (--interpolate, --smooth):\n" + FilterSettings.table.listing(defaults: FilterSettings()), terminator: "")
    }
}

/// Prints what a run reports on stderr: notes and warnings as they come, a progress line, and a
/// summary line per sequence.
final class ConsoleObserver: RunObserver {
    let quiet: Bool
    let showProgress: Bool
    private var line: ProgressLine?

    init(quiet: Bool, progress: Bool) {
        self.quiet = quiet
        showProgress = progress
    }

    func say(_ s: String) {
        if !quiet { FileHandle.standardError.write(Data((s + "\n").utf8)) }
    }

    func started(sequence: String, expectedFrames: Int?) {
        if showProgress { line = ProgressLine(total: expectedFrames) }
    }

    func progress(frames: Int, elapsed: Double) { line?.update(frames: frames, elapsed: elapsed) }

    func endLine() { line?.end(); line = nil }

    func warning(_ message: String) { endLine(); say("warning: " + message) }
    func note(_ message: String) { endLine(); say("note: " + message) }

    func finished(_ s: SequenceSummary) {
        if showProgress { line?.update(frames: s.frames, elapsed: s.seconds, force: true) }
        endLine()
        let busy = max(1e-9, s.seconds)
        let range = s.frameRange.map { " (\($0.lowerBound)-\($0.upperBound))" } ?? ""
        say(String(format: "%@: %d frames%@, %d tracks in %.1f s (%.1f frames/s; decode %.0f%%, detection %.0f%%, tracking %.0f%%, render %.0f%% of wall time; peak memory %.1f MB) -> %@",
                   s.name, s.frames, range, s.tracks, s.seconds, s.framesPerSecond, 100 * s.decodeSeconds / busy, 100 * s.detectSeconds / busy,
                   100 * s.trackSeconds / busy, 100 * s.renderSeconds / busy, PeakMemory.megabytes, s.outputs.joined(separator: ", ")))
    }
}

extension DetectorKind: ExpressibleByArgument {}
extension CameraMotionMode: ExpressibleByArgument {}
