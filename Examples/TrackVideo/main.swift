// Tracks the people in a video with the library and writes their trajectories as CSV:
//   swift run TrackVideo VIDEO [tracks.csv]
// The motion detector needs no weights; ByteTrack needs no model file.
import Foundation
import Pipeline

/// Prints progress every 100 frames and anything the run reports.
final class Printer: RunObserver {
    func progress(frames: Int, elapsed: Double) {
        if frames % 100 == 0 { print("\(frames) frames, \(Int(Double(frames) / max(elapsed, 1e-9))) frames/s") }
    }
    func warning(_ message: String) { print("warning: \(message)") }
    func note(_ message: String) { print("note: \(message)") }
}

let arguments = CommandLine.arguments.dropFirst()
guard let video = arguments.first else {
    print("usage: TrackVideo VIDEO [tracks.csv]")
    exit(2)
}
var job = TrackingJob()
job.video = video
job.detector = .motion
job.tracker = "bytetrack"
job.output = arguments.dropFirst().first ?? "tracks.csv"
do {
    let summary = try JobRunner(try job.resolve()).run(observer: Printer())[0]
    print("\(summary.frames) frames, \(summary.tracks) tracks -> \(summary.outputs.joined(separator: ", "))")
} catch {
    print("error: \(error)")
    exit(1)
}
