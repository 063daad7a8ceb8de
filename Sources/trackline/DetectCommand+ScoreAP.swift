import Detection
import Foundation
import TracklineCore

extension DetectCommand {
    /// Prints the AP table of each `--det` file against the ground truth (frames <= --max-frame).
    func scoreAveragePrecision(groundTruth path: String) throws {
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
