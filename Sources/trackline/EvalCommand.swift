import ArgumentParser
import Evaluation
import Foundation
import TracklineCore

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score tracker results against MOTChallenge ground truth (HOTA, CLEAR, Identity; TrackEval 1.3.0 parity).",
        discussion: """
        --gt: a gt.txt, a sequence folder (<SEQ>/gt/gt.txt + seqinfo.ini) or a MOTChallenge root.

        --pred: a result file (MOTChallenge .txt or Trackline CSV) or a results folder holding <SEQ>.txt (or <SEQ>.csv, or TrackEval's data/<SEQ>.txt).

        Percentages as in TrackEval's summary; COMBINED sums counts over sequences and recomputes.
        """)

    @Option(help: "Ground truth: gt.txt, sequence folder or MOTChallenge root.")
    var gt: String

    @Option(help: "Results: a file or a results folder.")
    var pred: String

    @Option(name: .customLong("seq"), help: "Evaluate only this sequence (repeatable).")
    var sequences: [String] = []

    @Option(help: "Ground-truth convention: mot15, mot17 or mot20 (default: detected from the gt file).")
    var flavour: FlavourOption?

    @Option(help: "Output: table, json or csv.")
    var format: FormatOption = .table

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
            let report = EvaluationReport(sequences: rows, combined: evaluator.combine(rows.map(\.scores)))
            let format = EvaluationReport.Format(rawValue: self.format.rawValue) ?? .table
            print(report.formatted(format), terminator: "")
        } catch let error as MOTFileError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        } catch let error as EvaluationError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// `trackline bench-assignment`: times the linear assignment solver on dense random matrices
/// (release build: `Scripts/bench-assignment.sh`).
struct BenchAssignmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-assignment", abstract: "Time the linear assignment solver on random dense matrices.",
        shouldDisplay: false)

    @Option(help: "Matrix size N (N x N).")
    var size: Int = 1000

    @Option(help: "Timed repetitions (each on a fresh random matrix).")
    var repeats: Int = 5

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    func run() throws {
        guard size > 0, repeats > 0 else { throw ValidationError("--size and --repeats must be positive") }
        var state = seed
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var solver = LinearAssignment()
        var times: [Double] = []
        var cost = [Double](repeating: 0, count: size * size)
        for kind in ["uniform", "integer 0..99"] {
            times.removeAll()
            for _ in 0..<repeats {
                for i in cost.indices { cost[i] = kind == "uniform" ? next() : (next() * 100).rounded(.down) }
                let start = DispatchTime.now().uptimeNanoseconds
                try solver.solveInPlace(cost, rows: size, columns: size)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            times.sort()
            print(String(format: "assignment %dx%d %@: median %.4f s, min %.4f s, max %.4f s (%d runs)",
                         size, size, kind, times[times.count / 2], times[0], times[times.count - 1], repeats))
        }
    }
}

/// `trackline bench-read FILE...`: times the MOTChallenge reader (release build).
struct BenchReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-read", abstract: "Time reading MOTChallenge text files.", shouldDisplay: false)

    @Argument(help: "MOTChallenge files (det.txt, gt.txt, results).")
    var files: [String]

    @Option(help: "Timed repetitions.")
    var repeats: Int = 5

    func run() throws {
        guard !files.isEmpty, repeats > 0 else { throw ValidationError("give files and a positive --repeats") }
        var best = Double.infinity
        var rows = 0, bytes = 0
        for _ in 0..<repeats {
            rows = 0; bytes = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for f in files {
                let data = try Data(contentsOf: URL(fileURLWithPath: f))
                bytes += data.count
                rows += try MOTFile.parse(data, path: f).rows.count
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        print(String(format: "read %d files, %d rows, %.1f MB in %.4f s (best of %d): %.1f M rows/s",
                     files.count, rows, Double(bytes) / 1e6, best, repeats, Double(rows) / best / 1e6))
    }
}
