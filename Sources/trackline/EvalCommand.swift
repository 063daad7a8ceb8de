import ArgumentParser
import Evaluation
import Foundation
import Report
import TracklineCore

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score tracker results against MOTChallenge ground truth (HOTA, CLEAR, Identity; TrackEval 1.3.0 parity).",
        discussion: """
        --gt: a gt.txt, a sequence folder (<SEQ>/gt/gt.txt + seqinfo.ini) or a MOTChallenge root.

        --pred: a result file (MOTChallenge .txt or Trackline CSV) or a results folder holding <SEQ>.txt (or <SEQ>.csv, or TrackEval's data/<SEQ>.txt).

        Percentages as in TrackEval's summary; COMBINED sums counts over sequences and recomputes.

        Several --pred: each is scored and printed in turn (table and csv: a `# <pred>` line before         each; json: an object keyed by pred). --report FILE writes an HTML report: one run's metrics,         errors and tracks, or with several --pred the runs side by side (see `trackline report`).
        """)

    @Option(help: "Ground truth: gt.txt, sequence folder or MOTChallenge root.")
    var gt: String

    @Option(help: "Results: a file or a results folder (repeatable: several runs, scored in turn).")
    var pred: [String]

    @Option(name: .customLong("seq"), help: "Evaluate only this sequence (repeatable).")
    var sequences: [String] = []

    @Option(help: "Ground-truth convention: mot15, mot17 or mot20 (default: detected from the gt file).")
    var flavour: FlavourOption?

    @Option(help: "Output: table, json or csv.")
    var format: FormatOption = .table

    @Flag(help: "Also break the errors down: misses (never detected, only below --threshold, dropped by the tracker), boxes the tracker recovered, false boxes (on a detection or not), and localisation by person height. Uses each sequence's det/det.txt, or --detections.")
    var breakdown = false

    @Option(help: "Detections for --breakdown: a det.txt (one sequence) or a MOTChallenge root holding <SEQ>/det/det.txt. Default: det/det.txt beside each sequence's gt/.")
    var detections: String?

    @Option(help: "Lowest detection score the tracker uses, for --breakdown (default 0.1, seq2seq's and bytetrack's low threshold).")
    var threshold: Double = 0.1

    @Option(help: "Also write an HTML report of the scored runs (one run, or several side by side) to this file.")
    var report: String?

    enum FlavourOption: String, ExpressibleByArgument, CaseIterable {
        case mot15, mot16, mot17, mot20
        var flavour: EvaluationFlavour {
            switch self {
            case .mot15: return .mot15
            case .mot16, .mot17: return .mot17
            case .mot20: return .mot20
            }
        }
    }

    enum FormatOption: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    func run() throws {
        do {
            let format = EvaluationReport.Format(rawValue: self.format.rawValue) ?? .table
            var outputs: [String] = []
            for p in pred { outputs.append(try score(p).formatted(format)) }
            if pred.count == 1 {
                print(outputs[0], terminator: "")
            } else if format == .json {
                let body = zip(pred, outputs).map { p, text in
                    "  " + Self.quoted(p) + ": " + text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "\n  ")
                }
                print("{\n" + body.joined(separator: ",\n") + "\n}")
            } else {
                for (p, text) in zip(pred, outputs) { print("# \(p)\n" + text, terminator: "") }
            }
            if let report {
                let runs: [ReportRun]
                if pred.count == 1 {
                    runs = [try ReportLoader.run(results: pred[0], groundTruth: gt, flavour: flavour?.flavour, only: sequences)]
                } else {
                    runs = try ReportLoader.comparison(results: pred, groundTruth: gt, flavour: flavour?.flavour, only: sequences)
                }
                try ReportCommand.write(runs, to: report, extraInputs: [gt])
            }
            if breakdown {
                for p in pred {
                    if pred.count > 1 { print("\n# \(p)", terminator: "") }
                    try printBreakdown(try EvaluationInputs(groundTruth: gt, prediction: p, only: sequences))
                }
            }
        } catch let error as MOTFileError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        } catch let error as EvaluationError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The error breakdown of every sequence, then pooled.
    func printBreakdown(_ inputs: EvaluationInputs) throws {
        var pooled = ErrorBreakdown()
        var text = "\n"
        for seq in inputs.sequences {
            let gtFile = try MOTFile.read(path: seq.groundTruthPath)
            let predFile = try EvaluationInputs.readPrediction(path: try inputs.predictionFile(for: seq))
            let seqFolder = URL(fileURLWithPath: seq.groundTruthPath).deletingLastPathComponent().deletingLastPathComponent().path
            var detPath: String? = seqFolder + "/det/det.txt"
            if let d = detections {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: d, isDirectory: &isDir), isDir.boolValue { detPath = d + "/" + seq.name + "/det/det.txt" } else { detPath = d }
            }
            var detFile: MOTFile? = nil
            if let p = detPath, FileManager.default.fileExists(atPath: p) { detFile = try MOTFile.read(path: p) }
            let b = ErrorBreakdown(groundTruth: gtFile, prediction: predFile, detections: detFile, threshold: threshold)
            pooled.merge(b)
            text += b.formatted(title: seq.name + (detFile == nil ? " (no detections found: misses and false boxes are not split)" : " (detections: \(detPath!))"), threshold: threshold)
        }
        if inputs.sequences.count > 1 { text += pooled.formatted(title: "COMBINED", threshold: threshold) }
        print(text, terminator: "")
    }

    /// Scores one results file or folder against --gt.
    func score(_ pred: String) throws -> EvaluationReport {
        let inputs = try EvaluationInputs(groundTruth: gt, prediction: pred, only: sequences)
        let data = try inputs.load(flavour: flavour?.flavour) { message in
            FileHandle.standardError.write(Data(("warning: " + message + "\n").utf8))
        }
        // Progress on a terminal only, so that redirected output stays clean.
        let showProgress = isatty(2) != 0 && data.count > 1
        let evaluator = Evaluator()
        var rows: [(name: String, scores: SequenceScores)] = []
        for (i, sequence) in data.enumerated() {
            if showProgress {
                FileHandle.standardError.write(Data("\reval: \(sequence.name) (\(i + 1)/\(data.count))\u{1B}[K".utf8))
            }
            rows.append((sequence.name, try evaluator.evaluate(sequence)))
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        return EvaluationReport(sequences: rows, combined: evaluator.combine(rows.map(\.scores)))
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
