import ArgumentParser
import Foundation
import Tracking
import TracklineCore

/// `trackline-dev bench-track DET... --tracker T`: tracking-only throughput (detections parsed
/// beforehand, no output), best of `--repeat` runs, one line per sequence on stdout:
/// `bench<TAB>seq<TAB>frames<TAB>seconds<TAB>cpu-seconds` (Scripts/bench-track.sh). CPU seconds
/// are this thread's in the best run, which move less than wall time on a shared machine.
struct BenchTrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-track", abstract: "Time trackers on detection files (tracking only).")

    @Argument(help: "det.txt files, sequence folders or MOTChallenge roots.")
    var detections: [String]

    @Option(help: "Tracker name.")
    var tracker = "seq2seq"

    @Option(name: .customLong("tracker-option"), help: "Tracker parameter name=value (repeatable).")
    var trackerOptions: [String] = []

    @Option(help: "Timed runs per sequence; the best is printed.")
    var `repeat` = 3

    func run() throws {
        guard let kind = TrackerFactory.kind(tracker) else { throw ValidationError("unknown tracker '\(tracker)'") }
        var parameters: [String: Double] = [:]
        for o in trackerOptions {
            let (name, value) = try kind.parse(o)
            parameters[name] = value
        }
        if kind.name == "seq2seq" { Seq2SeqTracker.keepHeapMapped() }
        let clock = ContinuousClock()
        func threadCPU() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
        }
        for path in detections {
            for file in try DetectionSequence.resolve(path).files {
                let seq = try DetectionSequence.load(detPath: file)
                var best = Double.infinity, bestCPU = Double.infinity
                for _ in 0..<max(1, `repeat`) {
                    var t = try kind.make(.init(frameRate: seq.seqInfo?.frameRate ?? 30, appearance: false, parameters: parameters))
                    t.recordsHistory = false
                    let t0 = clock.now, c0 = threadCPU()
                    for (k, dets) in seq.byFrame.enumerated() { _ = t.update(frame: seq.frames.lowerBound + k, detections: dets) }
                    let wall = (clock.now - t0) / .seconds(1)
                    if wall < best { best = wall; bestCPU = threadCPU() - c0 }
                }
                print("bench\t\(seq.name)\t\(seq.byFrame.count)\t\(best)\t\(bestCPU)")
            }
        }
    }
}
