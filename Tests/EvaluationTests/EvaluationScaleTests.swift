import Foundation
import Testing
import TracklineCore
@testable import Evaluation

/// Issue #14 item 6: evaluation memory grows with overlapping box pairs, not with boxes per
/// frame squared or ground-truth ids x tracker ids. Serialized so that the memory measurement
/// sees one of them at a time (other suites are small).
/// Memory and time bounds do not hold under a sanitizer (`make sanitize` sets TRACKLINE_SANITIZER),
/// which adds shadow memory and slows every access.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["TRACKLINE_SANITIZER"] == nil))
struct EvaluationScaleTests {
    /// 10,000 ground-truth and 10,000 predicted boxes in one frame: a 100 x 100 grid of 24 x 10
    /// boxes, 20 apart, so each box also overlaps its left and right neighbours (IoU 40/440);
    /// the predictions are the same boxes under other ids, in shuffled order. Every box must
    /// match its twin: HOTA, MOTA, IDF1 and LocA are exactly 1.
    @Test func tenThousandBoxesInOneFrame() throws {
        let side = 100, n = side * side
        var rng = SplitMix(seed: 10_000)
        var gtRows: [MOTRow] = [], predRows: [MOTRow] = []
        var trackerIDs = Array(0..<n)
        trackerIDs.shuffle(using: &rng)
        for k in 0..<n {
            let box = BoundingBox(x: Double(20 * (k % side)), y: Double(20 * (k / side)), width: 24, height: 10)
            gtRows.append(MOTRow(frame: 1, id: k, box: box))
            predRows.append(MOTRow(frame: 1, id: trackerIDs[k], box: box))
        }
        predRows.shuffle(using: &rng)
        let start = ThreadClock.seconds()
        let (scores, grown) = try PeakMemory.growth {
            let data = try SequenceData(name: "grid", groundTruth: MOTFile(path: "gt", rows: gtRows),
                                        prediction: MOTFile(path: "pred", rows: predRows), seqLength: 1, flavour: .mot15)
            #expect(data.similarity[0].count == n + 2 * (n - side))   // itself and two neighbours, less the row ends
            return try Evaluator().evaluate(data)
        }
        let seconds = ThreadClock.seconds() - start
        #expect(scores.hota.tp == [Int](repeating: n, count: HOTA.alphaCount))
        #expect(HOTA.Result.mean(scores.hota.hota) == 1 && HOTA.Result.mean(scores.hota.locA) == 1)
        #expect(HOTA.Result.mean(scores.hota.assA) == 1 && HOTA.Result.mean(scores.hota.detA) == 1)
        #expect(scores.clear.tp == n && scores.clear.fp == 0 && scores.clear.fn == 0)
        #expect(scores.clear.mota == 1 && scores.clear.motp == 1 && scores.clear.mt == n)
        #expect(scores.identity.idtp == n && scores.identity.idf1 == 1)
        // Dense, this frame needed 10^8 IoUs and 19 x 10^8 match counts (about 17 GB).
        #expect(seconds < 10, "took \(seconds) s of CPU")
        if let grown { #expect(grown < 200 << 20, "peak memory grew by \(grown >> 20) MB") }
    }

    /// 3,000 frames with one box each, every box its own id (3,000 gt ids x 3,000 tracker ids,
    /// 3,000 overlapping pairs). Dense id x id tables needed about 1.4 GB here.
    @Test func threeThousandFramesOfOneBoxEach() throws {
        let frames = 3_000
        var gtRows: [MOTRow] = [], predRows: [MOTRow] = []
        for f in 1...frames {
            let x = Double(20 * (f % 50)), y = Double(20 * (f / 50))
            gtRows.append(MOTRow(frame: f, id: f, box: BoundingBox(x: x, y: y, width: 15, height: 15)))
            // Shifted by one pixel: IoU 196/254, so matched at alpha <= 0.75 only.
            predRows.append(MOTRow(frame: f, id: frames + 1 - f, box: BoundingBox(x: x + 1, y: y + 1, width: 15, height: 15)))
        }
        let (scores, grown) = try PeakMemory.growth {
            let data = try SequenceData(name: "long", groundTruth: MOTFile(path: "gt", rows: gtRows),
                                        prediction: MOTFile(path: "pred", rows: predRows), seqLength: frames, flavour: .mot15)
            #expect(data.numGtIDs == frames && data.numTrackerIDs == frames && data.pairs.count == frames)
            return try Evaluator().evaluate(data)
        }
        // alpha 0.05 ... 0.75 (15 of 19) match every box: HOTA 1 there, 0 above; MOTA 1.
        let matchedAlphas = HOTA.alphas.filter { 196.0 / 254 >= $0 - Double.ulpOfOne }.count
        #expect(matchedAlphas == 15)
        #expect(scores.hota.tp == (0..<HOTA.alphaCount).map { $0 < matchedAlphas ? frames : 0 })
        #expect(abs(HOTA.Result.mean(scores.hota.hota) - 15.0 / 19) < 1e-12)
        #expect(scores.clear.mota == 1 && scores.identity.idf1 == 1)
        if let grown { #expect(grown < 200 << 20, "peak memory grew by \(grown >> 20) MB") }
    }
}
