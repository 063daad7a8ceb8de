import ArgumentParser
import Foundation
import TracklineCore

/// `trackline-dev bench-assignment`: times the linear assignment solver on dense random matrices
/// (release build: `Scripts/bench-assignment.sh`).
struct BenchAssignmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-assignment", abstract: "Time the linear assignment solver on random dense matrices.")

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

/// `trackline-dev bench-read FILE...`: times the MOTChallenge reader (release build).
struct BenchReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-read", abstract: "Time reading MOTChallenge text files.")

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
