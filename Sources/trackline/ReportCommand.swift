import ArgumentParser
import Evaluation
import Foundation
import Report
import TracklineCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report of a run (or compare runs): one self-contained file to open in a browser, offline.",
        discussion: """
        The report shows the run (inputs, settings, frames, speed, where the time went, from the \
        run file beside the results: tracks.csv -> tracks.run.json), every track on a sortable \
        timeline with its gaps, per-frame counts, trajectories and a density map over a frame of \
        the video. With --gt: the metrics of `trackline eval`, HOTA by alpha, ID switches and \
        fragmentations on the timeline, each ground-truth object's coverage, and the frames with \
        the most errors as pictures. Several results with --gt: one report comparing them.

        Thumbnails are decoded from --video, else from the run file's video when it exists. The \
        page needs no network: style, script, data and pictures are inside the file.
        """)

    @Argument(help: "Results: a Trackline CSV or MOTChallenge txt (several with --gt to compare runs). Default: the run file's output.")
    var results: [String] = []

    @Option(name: .customLong("run"), help: "The run file (default: beside the results, tracks.csv -> tracks.run.json).")
    var runFile: String?

    @Option(help: "Video the results came from, for thumbnails (default: the run file's video, if it exists).")
    var video: String?

    @Option(help: "Ground truth: gt.txt, sequence folder or MOTChallenge root (one sequence for a results file).")
    var gt: String?

    @Option(help: "Ground-truth convention: mot15, mot17 or mot20 (default: detected from the gt file).")
    var flavour: EvalCommand.FlavourOption?

    @Option(help: "Name of the run in the report (default: the tracker from the run file, else the file name).")
    var label: String?

    @Flag(inversion: .prefixedNo, help: "Embed video frames as JPEG thumbnails when a video is known (default: on).")
    var thumbnails = true

    @Option(name: [.short, .customLong("output")], help: "The HTML file to write. Default: report.html.")
    var output = "report.html"

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        CLILogging.set(quiet: quiet, verbose: false)
        if results.count > 1 && gt == nil { throw ValidationError("comparing several results needs --gt") }
        if results.count > 1 && (runFile != nil || video != nil || label != nil) {
            throw ValidationError("--run, --video and --label describe one run; with several results each run file is found beside its results")
        }
        if results.isEmpty && runFile == nil { throw ValidationError("give a results file (CSV or MOTChallenge txt) or --run FILE") }
        let runs: [ReportRun]
        do {
            if results.count > 1, let gt {
                runs = try ReportLoader.comparison(results: results, groundTruth: gt, flavour: flavour?.flavour, warn: Self.warn)
            } else {
                runs = [try ReportLoader.run(results: results.first, runFile: runFile, video: video, groundTruth: gt,
                                             flavour: flavour?.flavour, label: label, warn: Self.warn)]
            }
        } catch let e as ReportError { throw CLIError(e.description) }
        try Self.write(runs, to: output, extraInputs: [runFile, video, gt].compactMap { $0 }, thumbnails: thumbnails, quiet: quiet)
    }

    static func warn(_ message: String) { FileHandle.standardError.write(Data(("warning: " + message + "\n").utf8)) }

    /// Writes the report of `runs` to `path` after checking it is none of the inputs.
    static func write(_ runs: [ReportRun], to path: String, extraInputs: [String] = [], thumbnails: Bool = true, quiet: Bool = false) throws {
        var files = RunFiles()
        for r in runs {
            files.input("RESULTS", r.resultsPath)
            for s in r.sequences { files.input("--video", s.video) }
        }
        for p in extraInputs { files.input("input", p) }
        files.output("--report", path)
        do { try files.check() } catch { throw CLIError(error.description) }
        var report = HTMLReport(runs: runs)
        report.thumbnails = thumbnails
        do { try report.write(to: path) } catch let e as OutputError { throw CLIError(e.description) }
        if !quiet {
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            FileHandle.standardError.write(Data("report: \(path)\(bytes.map { String(format: " (%.1f kB)", Double($0) / 1000) } ?? "")\n".utf8))
        }
    }
}
