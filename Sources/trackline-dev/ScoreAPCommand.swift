import ArgumentParser
import Detection
import Foundation
import TracklineCore

/// `trackline-dev score-ap GT --det FILE...`: the AP table of detection files against ground
/// truth (Scripts/det-ap.sh).
struct ScoreAPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-ap", abstract: "AP@0.5, recall and precision of detection files against MOTChallenge ground truth.")

    @Argument(help: "Ground truth gt.txt.")
    var groundTruth: String

    @Option(help: "Detection file (repeatable).")
    var det: [String] = []

    @Option(help: "Label of each --det file in the table (repeatable, in the same order).")
    var label: [String] = []

    @Option(help: "Only frames up to this one (1-based).")
    var maxFrame: Int?

    func run() throws {
        guard !det.isEmpty else { throw ValidationError("give at least one --det FILE") }
        let path = groundTruth
        let maxF = maxFrame ?? .max
        let gt = try GroundTruthBox.read(motFile: path, maxFrame: maxF)
        let positives = gt.filter { !$0.ignored }.count
        print("ground truth: \(positives) positive boxes, \(gt.count - positives) ignore boxes"
              + (maxFrame.map { " (frames <= \($0))" } ?? ""))
        print("| detections | AP@0.5 | recall @score>=0.5 | precision @score>=0.5 | TP/FP @0.5 | dets (dropped on ignore boxes) | max recall |")
        print("|---|--:|--:|--:|--:|--:|--:|")
        for (i, file) in det.enumerated() {
            let dets = try DetectionFileSource(path: file).all.filter { $0.frame <= maxF }
            let r = AveragePrecision(groundTruth: gt, detections: dets)
            let name = i < label.count ? label[i] : file
            print(String(format: "| %@ | %.4f | %.4f | %.4f | %d/%d | %d (%d) | %.4f |",
                         name, r.ap, r.recallAtThreshold, r.precisionAtThreshold,
                         r.truePositivesAtThreshold, r.falsePositivesAtThreshold, r.detections, r.ignoredDetections, r.maxRecall))
        }
    }
}
