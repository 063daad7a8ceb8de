import ArgumentParser
import Detection
import Foundation
import Media
import Tracking
import TracklineCore

struct TrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Track people in a video, or link boxes from a detection file, into trajectories.",
        discussion: "From video: decode -> detect -> track, streaming (memory stays flat). From detections: "
            + "--detections det.txt (MOTChallenge), a <SEQ> folder, or a MOTChallenge root (then every sequence "
            + "is tracked and --mot DIR receives <SEQ>.txt for `trackline eval`). Frame count and rate come from "
            + "seqinfo.ini beside det.txt (or its parent), else from --fps. Outputs: CSV "
            + "(frame,time_s,track_id,x,y,w,h,score; the source's 1-based frame numbers; time_s from the video's "
            + "timestamps, or (frame - 1) / fps for detection files), MOT txt and an overlay video; each appears "
            + "whole or not at all, and no output may be one of the inputs.")

    @Argument(help: "Video file to track (optional with --detections).")
    var video: String?

    @Option(help: "Detector for video input: ssdlite (CNN, needs `make models`) or motion (background subtraction). Default: ssdlite.")
    var detector: String?

    @Option(help: "Detections instead of a detector: det.txt, a <SEQ> folder or a MOTChallenge root.")
    var detections: String?

    @Option(name: .customLong("tracker"), help: "Tracker: \(TrackerFactory.names.joined(separator: ", ")) (default: seq2seq; bytetrack, with a warning, when the seq2seq weights are not found).")
    var trackerArgument: String?

    /// The tracker in use: `--tracker`, else the default (resolved in `validate`).
    var tracker: String { (trackerArgument ?? TrackerFactory.names[0]).lowercased() }

    /// The detector in use with a video: `--detector`, else SSDLite.
    var detectorName: String { (detector ?? "ssdlite").lowercased() }

    @Flag(name: .customLong("appearance"), inversion: .prefixedNo, help: "Attach colour-histogram appearance vectors to the boxes (needs VIDEO). seq2seq then uses the weights trained with them (Models/seq2seq-appearance.safetensors) and merges duplicate tracks; bytetrack adds them to its cost. Default: on for seq2seq with a VIDEO, else off.")
    var appearanceFlag: Bool?

    /// Whether boxes get appearance vectors: `--[no-]appearance`, else on for seq2seq with a
    /// video (docs/seq2seq.md gives the measurements behind the default).
    var appearance: Bool { appearanceFlag ?? (video != nil && tracker == "seq2seq") }

    @Option(help: "First frame to track (1-based, source numbering is kept).")
    var startFrame: Int?

    @Option(help: "Last frame to track (1-based, inclusive).")
    var endFrame: Int?

    @Option(name: [.short, .customLong("output")], help: "CSV output (a folder for a MOTChallenge root).")
    var output: String?

    @Option(help: "MOTChallenge txt output (a folder for a MOTChallenge root).")
    var mot: String?

    @Option(help: "Overlay video output (needs VIDEO).")
    var render: String?

    @Option(help: "Fill gaps of at most N frames (0...\(Self.maxInterpolate)) in each trajectory linearly (default: 0; seq2seq: every gap it bridges, up to its linking window).")
    var interpolate: Int?

    @Option(help: "Smooth each trajectory: every box becomes the mean of its track's boxes within N frames (0...\(Self.maxSmooth)) either side (default: 0; seq2seq: 3).")
    var smooth: Int?

    @Option(help: "Frame rate of a detection file without seqinfo.ini (default 30); overrides seqinfo.ini's frameRate when given.")
    var fps: Double?

    @Option(name: .customLong("tracker-option"), help: ArgumentHelp("Tracker parameter NAME=VALUE (repeatable), e.g. track_thresh=0.6; --list-options shows them.", valueName: "name=value"))
    var trackerOptions: [String] = []

    @Flag(help: "List the tracker's parameters (name, range, default, meaning) and exit.")
    var listOptions = false

    @Option(help: "Weights of the seq2seq tracker (default: the committed Models/seq2seq.safetensors).")
    var model: String?

    @Option(help: "SSDLite network input size in pixels (\(Self.detectorSizes.lowerBound)...\(Self.detectorSizes.upperBound)): 576 finds small people far better; 300 (as trained) is ~3x faster.")
    var detectorSize: Int = 576

    @Option(help: "Also write the detector's boxes as a MOTChallenge det.txt (to track them again later).")
    var saveDetections: String?

    @Option(help: .hidden)
    var benchRepeat: Int = 0

    @Flag(help: "Print a progress line on stderr even when it is not a terminal.")
    var progress = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    /// Longest gap filled: the gap filler holds this many frames of rows.
    static let maxInterpolate = 10_000
    /// Largest smoothing radius: the smoother holds twice this many frames of rows.
    static let maxSmooth = 1_000
    /// SSDLite input sizes accepted (pixels a side).
    static let detectorSizes = 32...2048

    mutating func validate() throws {
        if listOptions {
            guard TrackerFactory.kind(tracker) != nil else {
                throw ValidationError("unknown tracker '\(tracker)'; choose one of: \(TrackerFactory.names.joined(separator: ", "))")
            }
            return
        }
        guard video != nil || detections != nil else {
            throw ValidationError("give a VIDEO to track, or --detections det.txt to track boxes from a file")
        }
        if trackerArgument == nil && model == nil && Seq2SeqTracker.defaultModelPath() == nil {
            // A binary copied away from the repository still tracks, and says how to get seq2seq.
            trackerArgument = "bytetrack"
            if !quiet {
                say("Warning: seq2seq weights (\(Seq2SeqTracker.defaultModelName)) not found; tracking with bytetrack. Pass --model FILE or set TRACKLINE_SEQ2SEQ_MODEL to use seq2seq.")
            }
        }
        guard TrackerFactory.kind(tracker) != nil else {
            throw ValidationError("unknown tracker '\(tracker)'; choose one of: \(TrackerFactory.names.joined(separator: ", "))")
        }
        if let s = startFrame, s < 1 { throw ValidationError("--start-frame must be at least 1 (frames are 1-based), not \(s)") }
        if let e = endFrame, e < 1 { throw ValidationError("--end-frame must be at least 1 (frames are 1-based), not \(e)") }
        if let s = startFrame, let e = endFrame, e < s { throw ValidationError("--end-frame \(e) is before --start-frame \(s)") }
        if let n = interpolate, !(0...Self.maxInterpolate).contains(n) {
            throw ValidationError("--interpolate must be 0...\(Self.maxInterpolate) frames, not \(n)")
        }
        if let n = smooth, !(0...Self.maxSmooth).contains(n) {
            throw ValidationError("--smooth must be 0...\(Self.maxSmooth) frames, not \(n)")
        }
        if let f = fps {
            if !(f > 0 && f <= 1000) { throw ValidationError("--fps must be a number in (0, 1000], not \(f)") }
            if video != nil {
                throw ValidationError("--fps is for detection files: with a VIDEO, its own frame rate and timestamps are used")
            }
        }
        if detections != nil {
            if detector != nil {
                throw ValidationError("--detector has no effect with --detections: the boxes come from the file")
            }
            if saveDetections != nil {
                throw ValidationError("--save-detections has nothing to save with --detections: the boxes already are in a file")
            }
        } else if !["ssdlite", "motion"].contains(detectorName) {
            throw ValidationError("unknown detector '\(detector ?? "")'; choose ssdlite or motion (or give --detections det.txt)")
        }
        if detections == nil && detectorName == "ssdlite" && !Self.detectorSizes.contains(detectorSize) {
            throw ValidationError("--detector-size must be \(Self.detectorSizes.lowerBound)...\(Self.detectorSizes.upperBound) pixels, not \(detectorSize)")
        }
        _ = try parsedTrackerOptions()
        if render != nil && video == nil { throw ValidationError("--render needs a VIDEO to draw on") }
        if appearanceFlag == true && video == nil {
            throw ValidationError("--appearance needs a VIDEO: the colour histograms come from its frames (give the video beside --detections)")
        }
        if tracker == "seq2seq" {
            do { try Seq2SeqTracker.checkModel(path: model, appearance: appearance) } catch { throw CLIError("\(error)") }
        } else if model != nil {
            throw ValidationError("--model is only used by --tracker seq2seq")
        }
    }

    /// `--tracker-option` values, each checked against the tracker's parameter table.
    func parsedTrackerOptions() throws -> [String: Double] {
        guard let kind = TrackerFactory.kind(tracker) else { return [:] }
        var out: [String: Double] = [:]
        for o in trackerOptions {
            do {
                let (name, value) = try kind.parse(o)
                out[name] = value
            } catch {
                throw CLIError("--tracker-option '\(o)': \(error)")
            }
        }
        return out
    }

    func run() throws {
        if listOptions {
            let kind = TrackerFactory.kind(tracker)!
            print("\(kind.name): \(kind.summary)")
            print(kind.parameterNames.isEmpty ? "  (no parameters)" : kind.listing, terminator: "")
            return
        }
        // The CLI owns its process, so it may tune malloc for the model's per-frame tensors.
        if tracker == "seq2seq" { Seq2SeqTracker.keepHeapMapped() }
        if let det = detections, video == nil {
            try runFromDetections(det)
        } else {
            try runVideo()
        }
    }

    func say(_ s: String) {
        if !quiet { FileHandle.standardError.write(Data((s + "\n").utf8)) }
    }

    func warn(_ s: String) { say("warning: " + s) }

    /// ByteTrack thresholds per box source, tuned lightly on PETS09-S2L1 frames 1-397
    /// (docs/benchmarks.md): the public Faster R-CNN detections score high (median 0.97), so
    /// the library defaults suit det files; SSDLite's scores are spread lower (median 0.76);
    /// the motion detector's (foreground fraction) sit between 0.3 and 0.75. seq2seq takes the
    /// same birth threshold, and drops its Kalman cue for these boxes, which jitter more than
    /// detection files'.
    func detectorDefaults() -> [String: Double] {
        guard detections == nil, ["bytetrack", "seq2seq"].contains(tracker) else { return [:] }
        let extra: [String: Double] = tracker == "seq2seq" ? ["kalman_weight": 0] : [:]
        switch detectorName {
        case "ssdlite": return extra.merging(["track_thresh": 0.5, "new_track_thresh": 0.6]) { $1 }
        case "motion": return extra.merging(["track_thresh": 0.3, "new_track_thresh": 0.4]) { $1 }
        default: return [:]
        }
    }

    func makeTracker(frameRate: Double) throws -> any Tracker {
        // Explicit --tracker-option wins over detector defaults; seq2seq has no track_thresh.
        guard let kind = TrackerFactory.kind(tracker) else { throw CLIError("unknown tracker '\(tracker)'") }
        let defaults = detectorDefaults().filter { kind.parameterNames.contains($0.key) }
        let params = defaults.merging(try parsedTrackerOptions()) { $1 }
        do {
            return try kind.make(.init(frameRate: frameRate, appearance: appearance, parameters: params, model: model))
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// Tracking-only throughput (detections already parsed, no output): best of `benchRepeat`
    /// runs, printed on stdout as `bench<TAB>seq<TAB>frames<TAB>seconds<TAB>cpu-seconds` for
    /// Scripts/bench-track.sh. CPU seconds are this thread's (the best run's), which move less
    /// than wall time when the machine is shared.
    func benchmark(_ seq: DetectionSequence, frameRate: Double) throws {
        var best = Double.infinity, bestCPU = Double.infinity
        let clock = ContinuousClock()
        func threadCPU() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
        }
        for _ in 0..<benchRepeat {
            var t = try makeTracker(frameRate: frameRate)
            t.recordsHistory = false
            let t0 = clock.now, c0 = threadCPU()
            for (k, dets) in seq.byFrame.enumerated() { _ = t.update(frame: seq.frames.lowerBound + k, detections: dets) }
            let wall = (clock.now - t0) / .seconds(1)
            if wall < best { best = wall; bestCPU = threadCPU() - c0 }
        }
        print("bench\t\(seq.name)\t\(seq.byFrame.count)\t\(best)\t\(bestCPU)")
    }

    /// The outputs of one sequence of a detection-file run, as (option, path, format).
    func outputs(for seq: DetectionSequence?, isRoot: Bool) -> [(option: String, path: String, format: ResultFormat)] {
        var out: [(String, String, ResultFormat)] = []
        if isRoot, let seq {
            if let o = output { out.append(("--output", o + "/" + seq.name + ".csv", .csv)) }
            if let m = mot { out.append(("--mot", m + "/" + seq.name + ".txt", .mot)) }
        } else {
            if output != nil || mot == nil { out.append(("--output", output ?? "tracks.csv", .csv)) }
            if let m = mot { out.append(("--mot", m, .mot)) }
        }
        return out
    }

    func runFromDetections(_ path: String) throws {
        let (files, isRoot) = try DetectionSequence.resolve(path)
        if isRoot && output == nil && mot == nil {
            throw ValidationError("\(path) is a MOTChallenge root with \(files.count) sequences: give --mot DIR (and/or -o DIR) for the per-sequence results")
        }
        // Load every sequence first: names decide the output files, and two sequences that
        // share a name would write one file twice.
        let sequences = try files.map { try DetectionSequence.load(detPath: $0, start: startFrame, end: endFrame) }
        var runFiles = RunFiles()
        runFiles.input("--model", model)
        var owner: [String: String] = [:]
        for seq in sequences {
            runFiles.input("--detections", seq.path)
            if let ini = SeqInfo.locate(near: seq.path) { runFiles.input("--detections", ini) }
            if isRoot, let other = owner[seq.name] {
                throw CLIError("\(other) and \(seq.path) both name their sequence '\(seq.name)' (seqinfo.ini name=); their results would go to one file. Give each sequence its own name")
            }
            owner[seq.name] = seq.path
            for o in outputs(for: seq, isRoot: isRoot) { runFiles.output(o.option, o.path) }
        }
        try runFiles.check()
        for seq in sequences { try track(seq, isRoot: isRoot) }
    }

    private func track(_ seq: DetectionSequence, isRoot: Bool) throws {
        let file = seq.path
        if seq.ignoredRows > 0, let r = seq.ignoredFrames, let info = seq.seqInfo {
            warn("\(file): \(seq.ignoredRows) rows for frames \(r.lowerBound)-\(r.upperBound) are past seqLength \(info.seqLength) of its seqinfo.ini and were not tracked")
        }
        if seq.byFrame.isEmpty {
            let last = seq.seqInfo?.seqLength ?? seq.fileFrames?.upperBound ?? 0
            throw CLIError("\(file): no frames to track: --start-frame \(startFrame ?? 1) is past the last frame (\(last))")
        }
        let rate: Double
        if let f = fps {
            if let info = seq.seqInfo, info.frameRate != f {
                say("note: --fps \(MOTFile.formatDecimal(f, decimals: 6)) overrides the frame rate \(MOTFile.formatDecimal(info.frameRate, decimals: 6)) of \(file)'s seqinfo.ini")
            }
            rate = f
        } else if let r = seq.seqInfo?.frameRate {
            rate = r
        } else {
            rate = 30
            warn("\(file): no seqinfo.ini beside it and no --fps; assuming 30 fps")
        }
        if benchRepeat > 0 { try benchmark(seq, frameRate: rate) }
        var writers: [ResultWriter] = []
        for o in outputs(for: seq, isRoot: isRoot) { writers.append(try ResultWriter(path: o.path, format: o.format, option: o.option)) }
        var session = TrackingSession(tracker: try makeTracker(frameRate: rate), frameRate: rate,
                                      interpolate: interpolate, smooth: smooth, writers: writers)
        let clock = ContinuousClock()
        let t0 = clock.now
        do {
            for (k, dets) in seq.byFrame.enumerated() {
                _ = try session.process(frame: seq.frames.lowerBound + k, detections: dets)
            }
            try session.finish()
        } catch {
            session.discard()
            throw error
        }
        let secs = (clock.now - t0) / .seconds(1)
        say("\(seq.name): \(seq.byFrame.count) frames (\(seq.frames.lowerBound)-\(seq.frames.upperBound)), \(session.tracksWritten) tracks, "
            + "\(String(format: "%.0f", Double(seq.byFrame.count) / max(secs, 1e-9))) frames/s -> \(writers.map(\.path).joined(separator: ", "))")
    }
}

extension TrackCommand {
    func makeDetector(width: Int, height: Int) throws -> any Detector {
        switch detectorName {
        case "ssdlite":
            do {
                return try SSDLiteDetector(inputSize: detectorSize)
            } catch let error as SSDLiteError {
                throw CLIError("cannot load the SSDLite model: \(error)")
            }
        default:
            return try MotionDetector()
        }
    }

    func runVideo() throws {
        guard let video else { return }
        var fileDetections: DetectionSequence? = nil
        var runFiles = RunFiles()
        runFiles.input("VIDEO", video)
        runFiles.input("--model", model)
        if let det = detections {
            let (files, isRoot) = try DetectionSequence.resolve(det)
            guard !isRoot, let file = files.first else {
                throw ValidationError("with a VIDEO, --detections must name one det.txt or one sequence folder")
            }
            // The video decides how many frames there are, not a seqinfo.ini beside the file.
            fileDetections = try DetectionSequence.load(detPath: file, start: startFrame, end: endFrame, useSeqLength: false)
            runFiles.input("--detections", file)
        }
        let csvPath = output ?? (mot == nil ? "tracks.csv" : nil)
        runFiles.output("--output", csvPath)
        runFiles.output("--mot", mot)
        runFiles.output("--render", render)
        runFiles.output("--save-detections", saveDetections)
        try runFiles.check()

        let reader = try VideoReader(path: video, options: VideoReaderOptions(
            format: .rgb24, startFrame: startFrame ?? 1, endFrame: endFrame))
        if reader.metadata.rotation != 0 {
            say("note: \(video) is stored turned; its frames are rotated \(reader.metadata.rotation)° clockwise to stand upright (boxes are in upright pixels, \(reader.outputWidth)x\(reader.outputHeight))")
        }
        // Trackers run at the sequence's own rate when a seqinfo.ini beside the detections
        // gives it (a container's rate can be wrong: vtest.avi says 10 fps, PETS09 is 7);
        // time_s always comes from the video's timestamps.
        let rate = fileDetections?.seqInfo?.frameRate ?? (reader.metadata.frameRate > 0 ? reader.metadata.frameRate : 30)
        var writers: [ResultWriter] = []
        if let o = csvPath { writers.append(try ResultWriter(path: o, format: .csv, option: "--output")) }
        if let m = mot { writers.append(try ResultWriter(path: m, format: .mot, option: "--mot")) }
        var session = TrackingSession(tracker: try makeTracker(frameRate: rate), frameRate: rate,
                                      interpolate: interpolate, smooth: smooth, writers: writers)
        var overlay: VideoWriter? = nil
        if let r = render {
            // Encoders need even sizes; the overlay drops a last odd row/column if any.
            guard reader.outputWidth >= 2, reader.outputHeight >= 2 else {
                throw MediaError.invalidArgument("--render: \(video) is \(reader.outputWidth)x\(reader.outputHeight); an overlay video needs at least 2x2 pixels")
            }
            overlay = try VideoWriter(path: r, width: reader.outputWidth & ~1, height: reader.outputHeight & ~1,
                                      frameRate: reader.metadata.frameRate > 0 ? reader.metadata.frameRate : rate)
        }
        var total: Int? = reader.metadata.frameCount.map { $0 - (startFrame ?? 1) + 1 }
        if let e = endFrame { total = min(total ?? Int.max, e - (startFrame ?? 1) + 1) }
        var line = ProgressLine(total: total)
        let showProgress = !quiet && (progress || ProgressLine.stderrIsTerminal)
        let pipeline = VideoPipeline()
        let timing: VideoPipeline.Timing
        do {
            if let seq = fileDetections {
                // With pixels at hand, boxes from a file get appearance vectors too.
                var d: any Detector = appearance ? FeatureAttachingDetector(FileDetections(seq)) : FileDetections(seq)
                timing = try pipeline.run(reader: reader, detector: &d, session: &session,
                                          renderer: overlay == nil ? nil : OverlayRenderer(), overlay: overlay,
                                          progress: showProgress ? { line.update(frames: $0, elapsed: $1) } : nil)
            } else {
                let base = try makeDetector(width: reader.outputWidth, height: reader.outputHeight)
                var d = RecordingDetector(base: appearance ? FeatureAttachingDetector(base) : base,
                                          recording: saveDetections != nil)
                timing = try runPipeline(pipeline, reader: reader, detector: &d, session: &session, overlay: overlay,
                                         progress: showProgress ? { line.update(frames: $0, elapsed: $1) } : nil)
                if let p = saveDetections { try MOTFile.writeDetections(d.recorded, to: p) }
            }
            if showProgress { line.update(frames: timing.frames, elapsed: timing.wall, force: true); line.end() }
            if timing.frames == 0 {
                if reader.decodedFrameCount == 0 {
                    throw MediaError.noFrames(path: video, detail: reader.warnings.first ?? "the stream holds no decodable frame")
                }
                throw CLIError("\(video): no frames to track: --start-frame \(startFrame ?? 1) is past the last frame (\(reader.frameNumber))")
            }
            try session.finish()
            try overlay?.finish()
        } catch {
            line.end()
            session.discard()
            throw error
        }
        for problem in reader.damageReport { warn("\(video): \(problem)") }
        if let seq = fileDetections, let fileFrames = seq.fileFrames {
            let last = reader.frameNumber
            let beyond = seq.byFrame.enumerated().filter { seq.frames.lowerBound + $0.offset > last }.reduce(0) { $0 + $1.element.count }
            if beyond > 0 {
                warn("\(seq.path): \(beyond) rows for frames \(last + 1)-\(min(fileFrames.upperBound, endFrame ?? .max)) were not tracked: \(video) ends after frame \(last)")
            }
        }
        let outs = [csvPath, mot, render, saveDetections].compactMap { $0 }
        let busy = max(1e-9, timing.wall)
        say(String(format: "%d frames in %.1f s (%.1f fps; decode %.0f%%, detection %.0f%%, tracking %.0f%%, render %.0f%% of wall time; peak memory %.1f MB) -> %@",
                   timing.frames, timing.wall, timing.framesPerSecond, 100 * timing.decode / busy, 100 * timing.detect / busy,
                   100 * timing.track / busy, 100 * timing.render / busy, PeakMemory.megabytes, outs.joined(separator: ", ")))
    }

    private func runPipeline(_ p: VideoPipeline, reader: VideoReader, detector: inout some Detector, session: inout TrackingSession,
                             overlay: VideoWriter?, progress: ((Int, Double) -> Void)?) throws -> VideoPipeline.Timing {
        try p.run(reader: reader, detector: &detector, session: &session,
                  renderer: overlay == nil ? nil : OverlayRenderer(), overlay: overlay, progress: progress)
    }
}

/// Passes a detector's boxes through, keeping them when asked (for --save-detections).
struct RecordingDetector: Detector {
    var base: any Detector
    var recording: Bool
    var recorded: [Detection] = []
    mutating func detect(in frame: Frame) throws -> [Detection] {
        let d = try base.detect(in: frame)
        if recording { recorded.append(contentsOf: d) }
        return d
    }
}
