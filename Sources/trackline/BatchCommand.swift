import ArgumentParser
import Detection
import Foundation
import Pipeline
import Tracking

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Track many videos with one configuration; shard them over a cluster and merge the results.",
        discussion: """
        INPUT is a video file or URL, a folder (searched with its subfolders for video files, or \
        taken as one folder of images when it holds no video) or a manifest (.txt/.list/.lst: one \
        path or URL a line, # comments). Each video gets DIR/<name>/ (<name>: the file name without \
        extension, made unique with a hash when two inputs share it) with tracks.csv, tracks.txt \
        (MOTChallenge) and the run file tracks.run.json, each written whole; DIR/summary.csv and \
        DIR/summary.json list every input with frames, source duration, tracks, wall time, frames/s, \
        status (ok, skipped, failed) and error. A failing video never stops the others.

        --shard K/N (K = 0..N-1) tracks the inputs whose name hashes to K (FNV-1a mod N), so N \
        workers given the same INPUTs cover each input exactly once; a shard writes \
        summary.shard-K-of-N.csv/.json. `trackline batch --merge DIR... --out DIR` checks that every \
        shard is there once, copies per-video folders into DIR and writes the whole summary.

        Exit status: 0 when every input was tracked or skipped, 2 when some failed (they are \
        listed on stderr and in the summary), 1 when the batch itself could not run.
        """)

    @Argument(help: "Videos, folders, manifests or URLs; with --merge, the output folders of the shards.")
    var inputs: [String] = []

    @Option(help: "Output folder: DIR/<name>/ per video, DIR/summary.csv and DIR/summary.json.")
    var out: String

    @Option(help: "Videos tracked at once (1 to the number of cores); each gets cores / N decoder and SSDLite threads.")
    var jobs = 1

    @Flag(help: "Skip videos whose run file in DIR/<name>/ holds the same job configuration (config-sha256) and whose outputs are all there.")
    var resume = false

    @Option(help: "Track only shard K of N (K = 0..N-1, e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT); a stable hash of each video's name decides its shard.")
    var shard: String?

    @Flag(help: "Merge the summaries of shard output folders (the INPUTs) into --out instead of tracking.")
    var merge = false

    @Option(help: "A job file (YAML or JSON) with the detector, tracker and their options; flags given here override it. Inputs and outputs are set per video.")
    var config: String?

    @Option(help: "Detector: ssdlite or motion. Default: ssdlite.")
    var detector: DetectorKind?

    @Option(name: .customLong("tracker"), help: "Tracker: \(TrackerFactory.names.joined(separator: ", ")). Default: seq2seq.")
    var tracker: String?

    @Option(name: .customLong("tracker-option"), help: ArgumentHelp("Tracker parameter NAME=VALUE (repeatable).", valueName: "name=value"))
    var trackerOptions: [String] = []

    @Option(name: .customLong("detector-option"), help: ArgumentHelp("Detector parameter NAME=VALUE (repeatable).", valueName: "name=value"))
    var detectorOptions: [String] = []

    @Option(help: "SSDLite network input size in pixels (64-2048). Default: 576.")
    var detectorSize: Int?

    @Option(help: "Weights of the seq2seq tracker. Default: the committed Models/seq2seq.safetensors.")
    var model: String?

    @Option(help: "SSDLite model file. Default: Models/cache/frozen_inference_graph.pb.")
    var detectorModel: String?

    @Option(help: "Stop each video after N frames. Default: every frame.")
    var maxFrames: Int?

    @Option(help: "Stop each video after SECONDS of its time. Default: all of it.")
    var duration: Double?

    @Flag(help: "Also write DIR/<name>/tracks.jsonl (JSON Lines, one object per box and a summary).")
    var jsonl = false

    @Flag(help: "Also write DIR/<name>/tracks.summary.csv (one row per track).")
    var trackSummary = false

    @Flag(help: "Also write DIR/<name>/overlay.mp4.")
    var render = false

    @Flag(help: "Print the batch's progress line on stderr even when it is not a terminal.")
    var progress = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        CLILogging.set(quiet: quiet, verbose: false)
        guard !inputs.isEmpty else { throw ValidationError("give the videos to track (or, with --merge, the shard folders)") }
        let observer = ConsoleBatchObserver(quiet: quiet, progress: !quiet && (progress || ProgressLine.stderrIsTerminal))
        if merge {
            let merged: BatchSummary
            do { merged = try BatchMerge.merge(inputs, into: out) } catch { throw CLIError("\(error)") }
            observer.say("merged \(merged.items.count) inputs into \(out)/summary.csv and summary.json")
            try report(merged.failed)
            return
        }
        var batch = BatchJob(inputs: inputs, outputFolder: out)
        do {
            if let config { batch.template = try TrackingJob.read(path: config) }
            batch.template = batch.template.overridden(by: try template())
            if batch.template.model == nil, (batch.template.tracker ?? "seq2seq").lowercased() == "seq2seq" { batch.template.model = Environment.seq2seqModel }
            if batch.template.detectorModel == nil, (batch.template.detector ?? .ssdlite) == .ssdlite { batch.template.detectorModel = Environment.ssdliteModel }
            batch.shard = try shard.map { try Shard(parsing: $0) }
        } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        batch.jobs = jobs
        batch.resume = resume
        batch.jsonl = jsonl
        batch.trackSummary = trackSummary
        batch.render = render
        batch.command = (["trackline"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        if jobs > batch.effectiveJobs { observer.say("note: --jobs \(jobs) is more than the \(batch.cores) cores; running \(batch.effectiveJobs) at once") }
        if (batch.template.tracker ?? "seq2seq").lowercased() == "seq2seq" { Seq2SeqTracker.keepHeapMapped() }
        var runner = BatchRunner(batch)
        runner.ssdliteKernels = Environment.ssdliteKernels
        let summary: BatchSummary
        do { summary = try runner.run(observer: observer) } catch {
            observer.endLine()
            throw CLIError("\(error)")
        }
        observer.endLine()
        let ok = summary.items.filter { $0.status == .ok }
        observer.say(String(format: "%d inputs: %d tracked, %d skipped, %d failed; %d frames -> %@/%@.csv",
                            summary.items.count, ok.count, summary.items.count - ok.count - summary.failed.count,
                            summary.failed.count, summary.items.reduce(0) { $0 + $1.frames }, out, BatchSummary.stem(shard: batch.shard)))
        try report(summary.failed)
    }

    /// Lists the failed inputs and exits with status 2 when there are any.
    func report(_ failed: [BatchItem]) throws {
        guard !failed.isEmpty else { return }
        var text = "\(failed.count) input\(failed.count == 1 ? "" : "s") failed:\n"
        for f in failed { text += "  \(f.input): \(f.error)\n" }
        FileHandle.standardError.write(Data(text.utf8))
        throw ExitCode(2)
    }

    /// The job the flags describe (unset flags stay nil).
    func template() throws -> TrackingJob {
        var j = TrackingJob()
        j.detector = detector
        j.tracker = tracker
        j.detectorSize = detectorSize
        j.model = model
        j.detectorModel = detectorModel
        j.maxFrames = maxFrames
        j.duration = duration
        if !trackerOptions.isEmpty { j.trackerOptions = try TrackCommand.assignments(trackerOptions, "--tracker-option") }
        if !detectorOptions.isEmpty { j.detectorOptions = try TrackCommand.assignments(detectorOptions, "--detector-option") }
        return j
    }
}

/// Prints a batch's progress line and per-input results on stderr.
final class ConsoleBatchObserver: BatchObserver, @unchecked Sendable {
    let quiet: Bool
    let showProgress: Bool
    private var lastDraw = -1.0
    private var drawn = false

    init(quiet: Bool, progress: Bool) {
        self.quiet = quiet
        showProgress = progress
    }

    func say(_ s: String) {
        endLine()
        if !quiet { FileHandle.standardError.write(Data((s + "\n").utf8)) }
    }

    func endLine() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }

    func progress(_ p: BatchProgress) {
        guard showProgress, p.elapsed - lastDraw >= 0.25 else { return }
        lastDraw = p.elapsed
        let line = String(format: "\rbatch %d/%d done (%d failed, %d skipped), %d running  %d frames  %.1f frames/s   ",
                          p.done + p.failed + p.skipped, p.total, p.failed, p.skipped, p.running, p.frames, p.framesPerSecond)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finished(_ item: BatchItem) {
        switch item.status {
        case .failed: say("\(item.name): failed: \(item.error)")
        case .skipped: say("\(item.name): skipped (done before with this configuration)")
        case .ok: say(String(format: "%@: %d frames, %d tracks in %.1f s (%.1f frames/s)", item.name, item.frames, item.tracks, item.seconds, item.framesPerSecond))
        }
    }

    func message(_ text: String, warning: Bool) { say((warning ? "warning: " : "note: ") + text) }
}
