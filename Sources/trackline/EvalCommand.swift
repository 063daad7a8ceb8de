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
        } catch let error as MOTFileError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        } catch let error as EvaluationError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
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
