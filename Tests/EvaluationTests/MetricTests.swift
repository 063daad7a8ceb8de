import Foundation
import Testing
import TracklineCore
@testable import Evaluation

/// Hand-made sequences. Boxes are 10x10 squares placed far apart, so every IoU is exactly 1
/// (same place) or 0, and every expected value below follows by hand from the definitions.
private func box(_ slot: Int) -> String { "\(slot * 100),0,10,10" }

private func score(gt: String, pred: String, frames: Int, flavour: EvaluationFlavour = .mot15) throws -> SequenceScores {
    let data = try SequenceData(name: "S", groundTruth: try MOTFile.parse(gt, path: "gt.txt"),
                                prediction: try MOTFile.parse(pred, path: "pred.txt"),
                                seqLength: frames, flavour: flavour)
    return try Evaluator().evaluate(data)
}

private func approx(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }

@Suite struct MetricTests {
    @Test func perfectTracking() throws {
        var gt = "", pred = ""
        for f in 1...3 {
            gt += "\(f),1,\(box(0)),1,-1,-1,-1\n\(f),2,\(box(1)),1,-1,-1,-1\n"
            pred += "\(f),5,\(box(0)),0.9,-1,-1,-1\n\(f),6,\(box(1)),0.8,-1,-1,-1\n"
        }
        let s = try score(gt: gt, pred: pred, frames: 3)
        #expect(s.hota.tp == [Int](repeating: 6, count: 19))
        #expect(approx(HOTA.Result.mean(s.hota.hota), 1) && approx(HOTA.Result.mean(s.hota.locA), 1))
        #expect(s.clear.mota == 1 && s.clear.motp == 1 && s.clear.idsw == 0 && s.clear.frag == 0)
        #expect(s.clear.mt == 2 && s.clear.ml == 0)
        #expect(s.identity.idf1 == 1)
        #expect(s.count == { var c = Count.Result(); c.dets = 6; c.gtDets = 6; c.ids = 2; c.gtIDs = 2; return c }())
    }

    @Test func idSwitch() throws {
        // One object for 4 frames; the tracker calls it 1, then 2.
        let gt = (1...4).map { "\($0),1,\(box(0)),1,-1,-1,-1" }.joined(separator: "\n")
        let pred = (1...4).map { "\($0),\($0 <= 2 ? 1 : 2),\(box(0)),1,-1,-1,-1" }.joined(separator: "\n")
        let s = try score(gt: gt, pred: pred, frames: 4)
        #expect(s.clear.tp == 4 && s.clear.idsw == 1 && s.clear.frag == 0)
        #expect(s.clear.mota == 0.75)                       // (4 - 0 - 1) / 4
        // Identity: the object keeps one of its two halves: IDTP 2, IDFN 2, IDFP 2.
        #expect(s.identity.idtp == 2 && s.identity.idfn == 2 && s.identity.idfp == 2 && s.identity.idf1 == 0.5)
        // HOTA: DetA 1; each pair matches 2 of 4 + 2 - 2 -> A = 0.5, so AssA 0.5, AssRe 0.5, AssPr 1.
        #expect(approx(HOTA.Result.mean(s.hota.detA), 1))
        #expect(approx(HOTA.Result.mean(s.hota.assA), 0.5) && approx(HOTA.Result.mean(s.hota.assRe), 0.5))
        #expect(approx(HOTA.Result.mean(s.hota.assPr), 1))
        #expect(approx(HOTA.Result.mean(s.hota.hota), 0.5.squareRoot()))
    }

    @Test func fragmentAndMostlyTrackedThreshold() throws {
        // One object for 5 frames, missed in frame 3 (the tracker reports only a far-away box
        // there), same tracker id before and after.
        let gt = (1...5).map { "\($0),1,\(box(0)),1,-1,-1,-1" }.joined(separator: "\n")
        let pred = [1, 2, 4, 5].map { "\($0),3,\(box(0)),1,-1,-1,-1" }.joined(separator: "\n") + "\n3,9,\(box(5)),1,-1,-1,-1"
        let s = try score(gt: gt, pred: pred, frames: 5)
        #expect(s.clear.tp == 4 && s.clear.fn == 1 && s.clear.fp == 1 && s.clear.idsw == 0 && s.clear.frag == 1)
        #expect(s.clear.mota == 0.6)                        // (4 - 1 - 0) / 5
        // Tracked 4/5 = 0.8 is not > 0.8: partly tracked.
        #expect(s.clear.mt == 0 && s.clear.pt == 1 && s.clear.ml == 0)
        #expect(s.identity.idtp == 4 && s.identity.idfn == 1 && s.identity.idfp == 1 && s.identity.idf1 == 0.8)
        // HOTA: DetA 4/6; A = 4 / (5 + 4 - 4) = 0.8 -> AssA 0.8.
        #expect(approx(HOTA.Result.mean(s.hota.detA), 4.0 / 6) && approx(HOTA.Result.mean(s.hota.assA), 0.8))
        #expect(approx(HOTA.Result.mean(s.hota.hota), (4.0 / 6 * 0.8).squareRoot()))
    }

    @Test func missInAFrameWithoutTrackerBoxesIsNotAFragment() throws {
        // TrackEval quirk kept for parity: a frame where the tracker has no box at all is skipped
        // when following continuity, so the same miss as above is not a fragment.
        let gt = (1...5).map { "\($0),1,\(box(0)),1,-1,-1,-1" }.joined(separator: "\n")
        let pred = [1, 2, 4, 5].map { "\($0),3,\(box(0)),1,-1,-1,-1" }.joined(separator: "\n")
        let s = try score(gt: gt, pred: pred, frames: 5)
        #expect(s.clear.tp == 4 && s.clear.fn == 1 && s.clear.frag == 0 && s.clear.mota == 0.8)
    }

    @Test func falsePositive() throws {
        let gt = "1,1,\(box(0)),1,-1,-1,-1\n2,1,\(box(0)),1,-1,-1,-1\n"
        let pred = "1,1,\(box(0)),1,-1,-1,-1\n2,1,\(box(0)),1,-1,-1,-1\n2,2,\(box(3)),1,-1,-1,-1\n"
        let s = try score(gt: gt, pred: pred, frames: 2)
        #expect(s.clear.tp == 2 && s.clear.fp == 1 && s.clear.fn == 0)
        #expect(s.clear.mota == 0.5 && s.clear.moda == 0.5 && approx(s.clear.precision, 2.0 / 3))
        #expect(s.identity.idfp == 1 && approx(s.identity.idf1, 0.8))
        #expect(approx(HOTA.Result.mean(s.hota.detA), 2.0 / 3) && approx(HOTA.Result.mean(s.hota.assA), 1))
    }

    @Test func gapWithoutGroundTruthIsNotAFragment() throws {
        // The object is unannotated in frame 2, where the tracker still reports it (a false positive).
        // TrackEval skips frames without ground truth when tracking continuity, so no fragment.
        let gt = "1,1,\(box(0)),1,-1,-1,-1\n3,1,\(box(0)),1,-1,-1,-1\n"
        let pred = (1...3).map { "\($0),7,\(box(0)),1,-1,-1,-1" }.joined(separator: "\n")
        let s = try score(gt: gt, pred: pred, frames: 3)
        #expect(s.clear.tp == 2 && s.clear.fp == 1 && s.clear.frag == 0 && s.clear.idsw == 0)
        #expect(s.clear.mota == 0.5 && s.clear.frames == 3)
        // HOTA: TP 2, FP 1; A = 2 / (2 + 3 - 2) = 2/3 -> AssA 2/3, DetA 2/3, HOTA 2/3.
        #expect(approx(HOTA.Result.mean(s.hota.hota), 2.0 / 3))
    }

    @Test func distractorClassBoxIsRemoved() throws {
        // MOT17 ground truth: a pedestrian (class 1), a distractor (class 8), a car (class 3).
        let gt = "1,1,\(box(0)),1,1,1\n1,2,\(box(1)),1,8,1\n1,3,\(box(2)),1,3,1\n"
        let pred = "1,1,\(box(0)),1,-1,-1,-1\n1,2,\(box(1)),1,-1,-1,-1\n1,3,\(box(2)),1,-1,-1,-1\n"
        let gtFile = try MOTFile.parse(gt)
        #expect(EvaluationFlavour.detect(gtFile) == .mot17)
        let s = try score(gt: gt, pred: pred, frames: 1, flavour: .mot17)
        // The box on the distractor is dropped; the one on the car stays as a false positive.
        #expect(s.count.dets == 2 && s.count.gtDets == 1)
        #expect(s.clear.tp == 1 && s.clear.fp == 1 && s.clear.fn == 0)
        // Treated as MOT15 (no classes), all three are people and all three match.
        let s15 = try score(gt: gt, pred: pred, frames: 1, flavour: .mot15)
        #expect(s15.clear.tp == 3 && s15.clear.fp == 0)
    }

    @Test func ignoredBoxIsDroppedButItsMatchStillCounts() throws {
        // MOT15 consider flag 0: the ground truth is dropped, the tracker box on it is kept (as TrackEval).
        let gt = "1,1,\(box(0)),1,-1,-1,-1\n1,2,\(box(1)),0,-1,-1,-1\n"
        let pred = "1,1,\(box(0)),1,-1,-1,-1\n1,2,\(box(1)),1,-1,-1,-1\n"
        let s = try score(gt: gt, pred: pred, frames: 1)
        #expect(s.count.gtDets == 1 && s.count.gtIDs == 1)
        #expect(s.clear.tp == 1 && s.clear.fp == 1)
    }

    @Test func twoSequencesCombineByCountsNotAverages() throws {
        var gtA = "", predA = ""
        for f in 1...3 {
            gtA += "\(f),1,\(box(0)),1,-1,-1,-1\n\(f),2,\(box(1)),1,-1,-1,-1\n"
            predA += "\(f),1,\(box(0)),1,-1,-1,-1\n\(f),2,\(box(1)),1,-1,-1,-1\n"
        }
        let gtB = (1...5).map { "\($0),1,\(box(0)),1,-1,-1,-1" }.joined(separator: "\n")
        let predB = [1, 2, 4, 5].map { "\($0),3,\(box(0)),1,-1,-1,-1" }.joined(separator: "\n") + "\n3,9,\(box(5)),1,-1,-1,-1"
        let a = try score(gt: gtA, pred: predA, frames: 3)
        let b = try score(gt: gtB, pred: predB, frames: 5)
        let c = Evaluator().combine([a, b])
        #expect(c.clear.tp == 10 && c.clear.fn == 1 && c.clear.fp == 1 && c.clear.frag == 1 && c.clear.frames == 8)
        #expect(c.clear.mota == 9.0 / 11)                  // not (1 + 0.6) / 2
        #expect(c.clear.mt == 2 && c.clear.pt == 1)
        #expect(approx(c.identity.idf1, 10.0 / 11))
        // AssA weighted by TP: (1 * 6 + 0.8 * 4) / 10 = 0.92.
        #expect(approx(HOTA.Result.mean(c.hota.assA), 0.92))
        #expect(approx(HOTA.Result.mean(c.hota.hota), (10.0 / 12 * 0.92).squareRoot()))
    }

    @Test func emptyResultScoresZeroRecall() throws {
        let gt = "1,1,\(box(0)),1,-1,-1,-1\n2,1,\(box(0)),1,-1,-1,-1\n"
        let s = try score(gt: gt, pred: "", frames: 2)
        #expect(s.clear.fn == 2 && s.clear.recall == 0 && s.clear.mota == 0 && s.clear.ml == 1 && s.clear.mlr == 1)
        #expect(s.identity.idfn == 2 && HOTA.Result.mean(s.hota.hota) == 0 && s.hota.locA0 == 1)
    }

    @Test func inputErrors() throws {
        let gt = "1,1,\(box(0)),1,-1,-1,-1\n"
        #expect(throws: MOTFileError.frameBeyondSequence(path: "pred.txt", line: 2, frame: 3, seqLength: 2)) {
            _ = try score(gt: gt, pred: "1,1,\(box(0)),1\n3,1,\(box(0)),1\n", frames: 2)
        }
        #expect(throws: EvaluationError.duplicateID(path: "pred.txt", line: 2, frame: 1, id: 4)) {
            _ = try score(gt: gt, pred: "1,4,\(box(0)),1\n1,4,\(box(1)),1\n", frames: 1)
        }
        #expect(throws: EvaluationError.negativeID(path: "pred.txt", line: 1, id: -1)) {
            _ = try score(gt: gt, pred: "1,-1,\(box(0)),1,-1,-1,-1\n", frames: 1)
        }
        #expect(throws: EvaluationError.nonPedestrianClass(path: "pred.txt", line: 1, classID: 3)) {
            _ = try score(gt: gt, pred: "1,1,\(box(0)),1,3,-1,-1\n", frames: 1)
        }
    }

    @Test func trackEvalIoUConventions() {
        var out: [Double] = []
        let a = BoundingBox(x: 0, y: 0, width: 10, height: 10)
        BoxSimilarity.iou(gt: [a], tracker: [BoundingBox(x: 5, y: 0, width: 10, height: 10),
                                            BoundingBox(x: 0, y: 0, width: 0, height: 10),
                                            BoundingBox(x: 10, y: 0, width: 10, height: 10)], into: &out)
        #expect(out == [50.0 / 150, 0, 0])
    }

    @Test func numpyPairwiseSumMatchesReference() {
        // 0.1 summed 10 times: sequential gives 0.9999999999999999; NumPy's 8-way pairwise sum gives 1.0.
        #expect(numpySum([Double](repeating: 0.1, count: 10)) == 1.0)
        #expect(numpySum([0.1, 0.2, 0.3]) == 0.1 + 0.2 + 0.3)
    }

    @Test func reportFormats() throws {
        let s = try score(gt: "1,1,\(box(0)),1,-1,-1,-1\n", pred: "1,1,\(box(0)),1,-1,-1,-1\n", frames: 1)
        let report = EvaluationReport(sequences: [("S", s)], combined: Evaluator().combine([s]))
        let json = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any]
        let combined = json?["combined"] as? [String: Any]
        #expect(combined?["HOTA"] as? Double == 100 && combined?["IDSW"] as? Int == 0)
        #expect(combined?["HOTA___50"] as? Double == 100)
        #expect((json?["sequences"] as? [String: Any])?["S"] != nil)
        let table = report.table()
        #expect(table.contains("COMBINED") && table.contains("100.000"))
        #expect(report.csv().hasPrefix("seq,HOTA,DetA,AssA,DetRe"))
    }
}
