import Testing
import TracklineCore
@testable import Evaluation

@Suite struct ErrorBreakdownTests {
    func row(_ f: Int, _ id: Int, _ x: Double, score: Double = 1, h: Double = 100) -> MOTRow {
        MOTRow(frame: f, id: id, box: BoundingBox(x: x, y: 0, width: 40, height: h), confidence: score)
    }

    @Test func everyBoxLandsInOneBin() {
        // Frame 1: persons at x 0, 100, 200, 300. Detections: 0 (strong), 100 (weak), 200 (strong),
        // nothing at 300, and a strong false one at 500.
        // Tracker: boxes on 0 and 300 (recovered), a false box on 500 (a detection) and at 700.
        let gt = MOTFile(rows: [row(1, 1, 0), row(1, 2, 100), row(1, 3, 200), row(1, 4, 300),
                                row(1, 5, 900, score: 0)])  // ignored
        let det = MOTFile(rows: [row(1, -1, 2, score: 0.9), row(1, -1, 100, score: 0.05), row(1, -1, 200, score: 0.8),
                                 row(1, -1, 500, score: 0.9)])
        let pred = MOTFile(rows: [row(1, 1, 4), row(1, 2, 300), row(1, 3, 500), row(1, 4, 700)])
        let b = ErrorBreakdown(groundTruth: gt, prediction: pred, detections: det, threshold: 0.1)
        #expect(b.personBoxes == 4)
        #expect(b.matched == 2)
        #expect(b.recovered == 1)
        #expect(b.dropped == 1)  // person 3: a strong detection the tracker left out
        #expect(b.belowThreshold == 1)  // person 2
        #expect(b.neverDetected == 0)  // person 4 was tracked (recovered), not missed
        #expect(b.detected == 2)
        #expect(b.falseFromDetections == 1 && b.falseWithoutDetection == 1)
        #expect(b.trackerBoxes == 4)
        // Localisation: the tracker's box on person 1 is 4 px right of it (0.04 heights).
        let band = b.tracker[ErrorBreakdown.band(100)]
        #expect(band.matches == 2)
        #expect(abs(band.meanOffsets[0] - 0.02) < 1e-9)  // (0.04 + 0) / 2
        var pooled = ErrorBreakdown()
        pooled.merge(b); pooled.merge(b)
        #expect(pooled.personBoxes == 8 && pooled.tracker[ErrorBreakdown.band(100)].matches == 4)
        #expect(b.formatted(title: "t", threshold: 0.1).contains("never detected"))
    }
}
