import ArgumentParser
import Foundation
import SequenceModel
import TracklineCore

/// Writes simulated sequences (the training simulator and detector noise model) as
/// MOTChallenge folders, so tracker settings can be tuned on data that is neither the dev
/// sequences nor the model's training set.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write simulated pedestrian sequences (gt + noisy detections) in MOTChallenge layout.",
        discussion: """
        Uses the simulator and detector noise model of a training config. Writes
        <output>/SIM-<k>/seqinfo.ini, gt/gt.txt (frame,id,x,y,w,h,1,-1,-1,-1; 1-based frames,
        pixels, top-left x,y) and det/det.txt (frame,-1,x,y,w,h,score,-1,-1,-1). Pick a seed other
        than the config's training seed to get sequences the model never saw.
        """)

    @Option(help: "Training config JSON whose simulator and noise model to use (defaults apply to missing keys).")
    var config: String?

    @Option(help: "Number of sequences.")
    var sequences = 10

    @Option(help: "Random seed (the same seed gives the same sequences).")
    var seed: UInt64 = 777

    @Option(name: .shortAndLong, help: "Output folder (a MOTChallenge root).")
    var output: String

    func validate() throws {
        guard (1...10_000).contains(sequences) else { throw ValidationError("--sequences must be in 1...10000") }
    }

    func run() throws {
        if output.isEmpty { throw ValidationError("--output is empty; give a folder for the sequences") }
        if FileIdentity.kind(FileIdentity.resolvingLinks(output)) != .directory && FileIdentity.kind(output) != .missing {
            throw CLIError("--output \(output) is a file; simulate writes a MOTChallenge root, so give a folder (it is created when missing)")
        }
        let cfg = try config.map { try TrainingConfig.read(path: $0) } ?? TrainingConfig()
        let simulator = PedestrianSimulator(config: cfg.simulator, noise: cfg.noise)
        var rng = RandomSource(seed: seed)
        for k in 0..<sequences {
            let name = String(format: "SIM-%03d", k)
            let seq = simulator.generate(name: name, using: &rng)
            let dir = output + "/" + name
            var truth: [TrackedBox] = []
            for (id, boxes) in seq.truth {
                for (frame, box) in boxes { truth.append(TrackedBox(frame: frame, trackID: id, box: box, score: 1)) }
            }
            var detections: [Detection] = []
            for frame in seq.frames {
                for d in frame {
                    let o = d.observation
                    detections.append(Detection(frame: o.frame, box: o.box, score: o.score))
                }
            }
            let width = Int((truth.map { $0.box.x + $0.box.width }.max() ?? 640).rounded(.up))
            let height = Int((truth.map { $0.box.y + $0.box.height }.max() ?? 480).rounded(.up))
            let info = SeqInfo(name: name, frameRate: seq.frameRate, seqLength: seq.frames.count,
                               imWidth: max(1, width), imHeight: max(1, height))
            // gt rows carry consider = 1 in the score column.
            try MOTDataset.writeSequence(folder: dir, info: info, groundTruth: MOTFile.resultsText(truth),
                                         detections: MOTFile.detectionsText(detections))
            let fps = MOTFile.formatDecimal(seq.frameRate, decimals: 6)
            print("\(dir): \(seq.frames.count) frames at \(fps) fps, \(seq.truth.count) people, \(detections.count) detections")
        }
    }
}
