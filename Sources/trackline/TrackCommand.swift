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
            + "(frame,time_s,track_id,x,y,w,h,score; the source's 1-based frame numbers), MOT txt and an overlay "
            + "video; each appears whole or not at all.")

    @Argument(help: "Video file to track (optional with --detections).")
    var video: String?

    @Option(help: "Detector for video input: ssdlite (CNN, needs `make models`) or motion (background subtraction).")
    var detector: String = "ssdlite"

    @Option(help: "Detections instead of a detector: det.txt, a <SEQ> folder or a MOTChallenge root.")
    var detections: String?

    @Option(name: .customLong("tracker"), help: "Tracker: \(TrackerFactory.names.joined(separator: ", ")) (default: seq2seq; bytetrack, with a warning, when the seq2seq weights are not found).")
    var trackerArgument: String?

    /// The tracker in use: `--tracker`, else the default (resolved in `validate`).
    var tracker: String { trackerArgument ?? TrackerFactory.names[0] }

    @Flag(name: .customLong("appearance"), inversion: .prefixedNo, help: "Attach colour-histogram appearance vectors to the boxes (needs VIDEO). seq2seq then uses the weights trained with them (Models/seq2seq-appearance.safetensors) and merges duplicate tracks (duplicate_iou 0.7); bytetrack adds them to its cost. Default: on for seq2seq with a VIDEO, else off (bytetrack lost HOTA on PETS09 with it; README, \"Sequence model\").")
    var appearanceFlag: Bool?

    /// Whether boxes get appearance vectors: `--[no-]appearance`, else on for seq2seq with a
    /// video (end to end on vtest.avi it raised HOTA by 10.2 with SSDLite and 2.2 with motion
    /// boxes over five training seeds; README, "Sequence model", session 6).
    var appearance: Bool { appearanceFlag ?? (video != nil && tracker.lowercased() == "seq2seq") }

    @Option(help: "First frame to track (1-based, source numbering is kept).")
    var startFrame: Int?

    @Option(help: "Last frame to track (inclusive).")
    var endFrame: Int?

    @Option(name: [.short, .customLong("output")], help: "CSV output (a folder for a MOTChallenge root).")
    var output: String?

    @Option(help: "MOTChallenge txt output (a folder for a MOTChallenge root).")
    var mot: String?

    @Option(help: "Overlay video output (needs VIDEO).")
    var render: String?

    @Option(help: "Fill gaps of at most N frames in each trajectory linearly (default: 0; seq2seq: every gap it bridges, up to its linking window).")
    var interpolate: Int?

    @Option(help: "Smooth each trajectory: every box becomes the mean of its track's boxes within N frames either side (default: 0; seq2seq: 3).")
    var smooth: Int?

    @Option(help: "Image size WxH when there is no seqinfo.ini or video.")
    var imageSize: String?

    @Option(help: "Frame rate when there is no seqinfo.ini or video.")
    var fps: Double?

    @Option(name: .customLong("tracker-option"), help: ArgumentHelp("Tracker parameter NAME=VALUE (repeatable), e.g. track_thresh=0.6.", valueName: "name=value"))
    var trackerOptions: [String] = []

    @Option(help: "Weights of the seq2seq tracker (default: the committed Models/seq2seq.safetensors).")
    var model: String?

    @Option(help: "SSDLite network input size: 576 finds small people far better; 300 (as trained) is ~3x faster.")
    var detectorSize: Int = 576

    @Option(help: "Also write the detector's boxes as a MOTChallenge det.txt (to track them again later).")
    var saveDetections: String?

    @Option(help: .hidden)
    var benchRepeat: Int = 0

    @Flag(help: "Print a progress line on stderr even when it is not a terminal.")
    var progress = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    mutating func validate() throws {
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
        guard TrackerFactory.names.contains(tracker.lowercased()) else {
            throw ValidationError("unknown tracker '\(tracker)'; choose one of: \(TrackerFactory.names.joined(separator: ", "))")
        }
        if let s = startFrame, s < 1 { throw ValidationError("--start-frame must be at least 1 (frames are 1-based)") }
        if let s = startFrame, let e = endFrame, e < s { throw ValidationError("--end-frame \(e) is before --start-frame \(s)") }
        if let n = interpolate, n < 0 { throw ValidationError("--interpolate must be 0 or more frames") }
        if let n = smooth, n < 0 { throw ValidationError("--smooth must be 0 or more frames") }
        if let f = fps, !(f > 0 && f.isFinite) { throw ValidationError("--fps must be a positive number") }
        if let s = imageSize, Self.parseSize(s) == nil { throw ValidationError("--image-size must look like 768x576") }
        _ = try parsedTrackerOptions()
        if render != nil && video == nil { throw ValidationError("--render needs a VIDEO to draw on") }
        if appearanceFlag == true && video == nil {
            throw ValidationError("--appearance needs a VIDEO: the colour histograms come from its frames (give the video beside --detections)")
        }
        if tracker.lowercased() == "seq2seq" {
            do { try Seq2SeqTracker.checkModel(path: model, appearance: appearance) } catch { throw CLIError("\(error)") }
        } else if model != nil {
            throw ValidationError("--model is only used by --tracker seq2seq")
        }
    }

    func parsedTrackerOptions() throws -> [String: Double] {
        var out: [String: Double] = [:]
        let known = TrackerFactory.parameterNames(tracker)
        for o in trackerOptions {
            let p = o.split(separator: "=", maxSplits: 1).map(String.init)
            guard p.count == 2, let v = Double(p[1]), v.isFinite else {
                throw CLIError("--tracker-option '\(o)' must look like name=number")
            }
            guard known.contains(p[0]) else {
                if known.isEmpty { throw CLIError("--tracker-option '\(o)': \(tracker) takes no options") }
                throw CLIError("tracker '\(tracker)' has no parameter '\(p[0])'; known: \(known.joined(separator: ", "))")
            }
            if let problem = TrackerFactory.parameterProblem(tracker, p[0], v) {
                throw CLIError("--tracker-option '\(o)': \(problem)")
            }
            out[p[0]] = v
        }
        return out
    }

    static func parseSize(_ s: String) -> (Int, Int)? {
        let p = s.lowercased().split(separator: "x")
        guard p.count == 2, let w = Int(p[0]), let h = Int(p[1]), w > 0, h > 0 else { return nil }
        return (w, h)
    }

    func run() throws {
        // The CLI owns its process, so it may tune malloc for the model's per-frame tensors.
        if tracker.lowercased() == "seq2seq" { Seq2SeqTracker.keepHeapMapped() }
        if let det = detections, video == nil {
            try runFromDetections(det)
        } else {
            try runVideo()
        }
    }

    func say(_ s: String) {
        if !quiet { FileHandle.standardError.write(Data((s + "\n").utf8)) }
    }

    /// ByteTrack thresholds per box source, tuned lightly on PETS09-S2L1 frames 1-397: the
    /// public Faster R-CNN detections score high (median 0.97), so the library defaults (track
    /// 0.6, new track 0.9) suit det files; SSDLite's scores are spread lower (median 0.76), and
    /// ByteTrack's own 0.5 / 0.6 gives HOTA 34.1 there against 30.1 with the file defaults. The
    /// motion detector's scores (foreground fraction) sit between 0.3 and 0.75, so 0.3 / 0.4
    /// (HOTA 30.3; 0.5 / 0.6 gives 26.4; the file defaults start no track at all). seq2seq takes
    /// the same birth threshold (it ignores track_thresh: the model weighs scores itself).
    /// seq2seq also drops its Kalman cue for these boxes, which jitter more than detection
    /// files' (end to end on vtest.avi, `kalman_weight` 2 scored lower than 0 in 11 of 12 runs
    /// of fold models over two recipes and three seeds; README, "Sequence model").
    func detectorDefaults() -> [String: Double] {
        guard detections == nil, ["bytetrack", "seq2seq"].contains(tracker.lowercased()) else { return [:] }
        let extra: [String: Double] = tracker.lowercased() == "seq2seq" ? ["kalman_weight": 0] : [:]
        switch detector.lowercased() {
        case "ssdlite": return extra.merging(["track_thresh": 0.5, "new_track_thresh": 0.6]) { $1 }
        case "motion": return extra.merging(["track_thresh": 0.3, "new_track_thresh": 0.4]) { $1 }
        default: return [:]
        }
    }

    func makeTracker(frameRate: Double) -> any Tracker {
        // validate() checked the name; explicit --tracker-option wins over detector defaults.
        let params = detectorDefaults().merging((try? parsedTrackerOptions()) ?? [:]) { $1 }
        return TrackerFactory.make(tracker, options: .init(frameRate: frameRate, appearance: appearance, parameters: params, model: model)) ?? SORT()
    }

    /// Tracking-only throughput (detections already parsed, no output): best of `benchRepeat`
    /// runs, printed on stdout as `bench<TAB>seq<TAB>frames<TAB>seconds<TAB>cpu-seconds` for
    /// Scripts/bench-track.sh. CPU seconds are this thread's (the best run's), which move less
    /// than wall time when the machine is shared.
    func benchmark(_ seq: DetectionSequence, frameRate: Double) {
        var best = Double.infinity, bestCPU = Double.infinity
        let clock = ContinuousClock()
        func threadCPU() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
        }
        for _ in 0..<benchRepeat {
            var t = makeTracker(frameRate: frameRate)
            t.recordsHistory = false
            let t0 = clock.now, c0 = threadCPU()
            for (k, dets) in seq.byFrame.enumerated() { _ = t.update(frame: seq.frames.lowerBound + k, detections: dets) }
            let wall = (clock.now - t0) / .seconds(1)
            if wall < best { best = wall; bestCPU = threadCPU() - c0 }
        }
        print("bench\t\(seq.name)\t\(seq.byFrame.count)\t\(best)\t\(bestCPU)")
    }

    func runFromDetections(_ path: String) throws {
        let (files, isRoot) = try DetectionSequence.resolve(path)
        if isRoot && output == nil && mot == nil {
            throw ValidationError("\(path) is a MOTChallenge root with \(files.count) sequences: give --mot DIR (and/or -o DIR) for the per-sequence results")
        }
        for file in files {
            let seq = try DetectionSequence.load(detPath: file, start: startFrame, end: endFrame)
            if seq.ignoredRows > 0 && startFrame == nil && endFrame == nil {
                say("warning: \(file): \(seq.ignoredRows) rows outside frames \(seq.frames) ignored")
            }
            let rate = seq.seqInfo?.frameRate ?? fps ?? 30
            if seq.seqInfo == nil && fps == nil {
                say("warning: \(file): no seqinfo.ini beside it and no --fps; assuming 30 fps")
            }
            if benchRepeat > 0 { benchmark(seq, frameRate: rate) }
            var writers: [ResultWriter] = []
            var targets: [String] = []
            if isRoot {
                if let o = output { targets.append(o + "/" + seq.name + ".csv"); writers.append(try ResultWriter(path: targets.last!, format: .csv)) }
                if let m = mot { targets.append(m + "/" + seq.name + ".txt"); writers.append(try ResultWriter(path: targets.last!, format: .mot)) }
            } else {
                if let m = mot { targets.append(m); writers.append(try ResultWriter(path: m, format: .mot)) }
                if output != nil || mot == nil {
                    let o = output ?? "tracks.csv"
                    targets.append(o); writers.insert(try ResultWriter(path: o, format: .csv), at: 0)
                }
            }
            var session = TrackingSession(tracker: makeTracker(frameRate: rate), frameRate: rate,
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
                + "\(String(format: "%.0f", Double(seq.byFrame.count) / max(secs, 1e-9))) frames/s -> \(targets.joined(separator: ", "))")
        }
    }
}

extension TrackCommand {
    func makeDetector(width: Int, height: Int) throws -> any Detector {
        switch detector.lowercased() {
        case "ssdlite":
            do {
                return try SSDLiteDetector(inputSize: detectorSize)
            } catch {
                throw CLIError("cannot load the SSDLite model (\(error)); run `make models` (Scripts/fetch-models.sh) first")
            }
        case "motion":
            return try MotionDetector()
        default:
            throw ValidationError("unknown detector '\(detector)'; choose ssdlite or motion (or give --detections det.txt)")
        }
    }

    func runVideo() throws {
        guard let video else { return }
        var fileDetections: DetectionSequence? = nil
        if let det = detections {
            let (files, isRoot) = try DetectionSequence.resolve(det)
            guard !isRoot, let file = files.first else {
                throw ValidationError("with a VIDEO, --detections must name one det.txt or one sequence folder")
            }
            fileDetections = try DetectionSequence.load(detPath: file, start: startFrame, end: endFrame)
        }
        let reader = try VideoReader(path: video, options: VideoReaderOptions(
            format: .rgb24, startFrame: startFrame ?? 1, endFrame: endFrame))
        let rate = fileDetections?.seqInfo?.frameRate ?? fps ?? reader.metadata.frameRate
        var writers: [ResultWriter] = []
        if let m = mot { writers.append(try ResultWriter(path: m, format: .mot)) }
        let csvPath = output ?? (mot == nil ? "tracks.csv" : nil)
        if let o = csvPath { writers.insert(try ResultWriter(path: o, format: .csv), at: 0) }
        var session = TrackingSession(tracker: makeTracker(frameRate: rate), frameRate: rate,
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
            try session.finish()
            try overlay?.finish()
        } catch {
            line.end()
            session.discard()
            throw error
        }
        let outs = [csvPath, mot, render].compactMap { $0 }
        let busy = max(1e-9, timing.wall)
        say(String(format: "%d frames in %.1f s (%.1f fps; decode %.0f%%, detection %.0f%%, tracking %.0f%%, render %.0f%% of wall time) -> %@",
                   timing.frames, timing.wall, timing.framesPerSecond, 100 * timing.decode / busy, 100 * timing.detect / busy,
                   100 * timing.track / busy, 100 * timing.render / busy, outs.joined(separator: ", ")))
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
