import Testing
import TracklineCore
@testable import Detection

@Suite struct AveragePrecisionTests {
    private func box(_ x: Double, _ y: Double = 0) -> BoundingBox { BoundingBox(x: x, y: y, width: 10, height: 10) }

    @Test func handMadeRanking() {
        // Frame 1: positives at x = 0 and 100, an ignore box at 200. Frame 2: positive at 0.
        let gt = [
            GroundTruthBox(frame: 1, box: box(0)), GroundTruthBox(frame: 1, box: box(100)),
            GroundTruthBox(frame: 1, box: box(200), ignored: true), GroundTruthBox(frame: 2, box: box(0)),
        ]
        let dets = [
            Detection(frame: 1, box: box(1), score: 0.9),    // TP (IoU 0.82)
            Detection(frame: 1, box: box(0.5), score: 0.8),  // duplicate -> FP
            Detection(frame: 1, box: box(201), score: 0.7),  // on ignore box -> dropped
            Detection(frame: 2, box: box(0), score: 0.6),    // TP
            Detection(frame: 1, box: box(50), score: 0.4),   // FP
            Detection(frame: 1, box: box(104), score: 0.3),  // IoU 6/14 = 0.43 < 0.5 -> FP
        ]
        let r = AveragePrecision(groundTruth: gt, detections: dets)
        // Ranked: TP, FP, TP, FP, FP -> recall 1/3, 1/3, 2/3, 2/3, 2/3; precision 1, 1/2, 2/3, 1/2, 2/5.
        // AP = 1/3 * 1 + 1/3 * 2/3.
        #expect(abs(r.ap - (1.0 / 3 + 2.0 / 9)) < 1e-12)
        #expect(r.positives == 3)
        #expect(r.ignoredDetections == 1)
        #expect(r.truePositivesAtThreshold == 2 && r.falsePositivesAtThreshold == 1)
        #expect(abs(r.maxRecall - 2.0 / 3) < 1e-12)
        #expect(abs(r.precisionAtThreshold - 2.0 / 3) < 1e-12)
    }

    @Test func bestMatchIsTakenAmongIgnoreBoxesToo() {
        // The detection overlaps a positive at IoU 0.74 but the ignore box better (0.90): dropped.
        let gt = [GroundTruthBox(frame: 1, box: box(0)), GroundTruthBox(frame: 1, box: box(1), ignored: true)]
        let r = AveragePrecision(groundTruth: gt, detections: [Detection(frame: 1, box: box(1.5), score: 1)])
        #expect(r.ignoredDetections == 1 && r.ap == 0 && r.maxRecall == 0)
    }

    @Test func perfectDetectionsScoreOne() {
        let gt = (1...5).map { GroundTruthBox(frame: $0, box: box(Double($0))) }
        let dets = (1...5).map { Detection(frame: $0, box: box(Double($0)), score: 0.5) }
        #expect(AveragePrecision(groundTruth: gt, detections: dets).ap == 1)
    }
}

@Suite struct ROCAUCTests {
    @Test func separatedOverlappingAndTied() {
        #expect(rocAUC(positives: [0.9, 0.8], negatives: [0.1, 0.2, 0.3]) == 1)
        #expect(rocAUC(positives: [0.1], negatives: [0.9]) == 0)
        #expect(rocAUC(positives: [0.5], negatives: [0.5]) == 0.5)
        // Pairs: (0.6 > 0.5) yes, (0.6 > 0.7) no, (0.8 > both) yes x2 -> 3/4.
        #expect(rocAUC(positives: [0.6, 0.8], negatives: [0.5, 0.7]) == 0.75)
    }
}
