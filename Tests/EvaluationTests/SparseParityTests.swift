import Testing
import TracklineCore
@testable import Evaluation

/// The sparse path (`SequenceData`, `Evaluator`) against the dense reference (`DenseSequence`,
/// `DenseMetrics`) on small random sequences of integer boxes made to tie: identical and
/// duplicated boxes, ground truth covered twice, tracker boxes on top of each other, id switches,
/// distractor classes and zero-marked rows (MOT17). Every field must be bit-identical, both with
/// the production shortcuts for small frames and with them off (every frame through
/// `OverlapSweep` and the sparse assignment algorithm).
@Suite struct SparseParityTests {
    /// MOTChallenge text for one random sequence.
    static func randomSequence(_ rng: inout SplitMix, flavour: EvaluationFlavour) -> (gt: String, pred: String, frames: Int) {
        let frames = Int.random(in: 1...12, using: &rng)
        let span = [12, 30, 80].randomElement(using: &rng) ?? 30
        var gt: [(Int, String)] = [], pred: [(Int, String)] = []
        var nextTracker = 1
        let objects = Int.random(in: 0...8, using: &rng)
        for obj in stride(from: 1, through: objects, by: 1) {
            let first = Int.random(in: 1...frames, using: &rng), last = Int.random(in: first...frames, using: &rng)
            var x = Int.random(in: 0...span, using: &rng), y = Int.random(in: 0...span, using: &rng)
            let w = Int.random(in: 1...12, using: &rng), h = Int.random(in: 1...12, using: &rng)
            let cls = flavour == .mot15 ? -1 : ([1, 1, 1, 1, 2, 7, 8, 12, 3, 6].randomElement(using: &rng) ?? 1)
            var tid = nextTracker
            nextTracker += 1
            for f in first...last {
                x += Int.random(in: -1...1, using: &rng)
                y += Int.random(in: -1...1, using: &rng)
                let zero = Int.random(in: 0..<10, using: &rng) == 0 ? 0 : 1
                let tail = flavour == .mot15 ? "\(zero),-1,-1,-1" : "\(zero),\(cls),\([0, 0.25, 1][Int.random(in: 0..<3, using: &rng)])"
                gt.append((f, "\(f),\(obj),\(x),\(y),\(w),\(h),\(tail)"))
                if Int.random(in: 0..<7, using: &rng) == 0 { continue }                       // missed
                if Int.random(in: 0..<10, using: &rng) == 0 { tid = nextTracker; nextTracker += 1 }  // id switch
                let dx = [0, 0, 0, 1, -1, 2].randomElement(using: &rng) ?? 0
                let dw = [0, 0, 1, -1].randomElement(using: &rng) ?? 0
                pred.append((f, "\(f),\(tid),\(x + dx),\(y),\(max(1, w + dw)),\(h),0.9,-1,-1,-1"))
                if Int.random(in: 0..<6, using: &rng) == 0 {                                   // a twin on top
                    pred.append((f, "\(f),\(nextTracker),\(x + dx),\(y),\(max(1, w + dw)),\(h),0.5,-1,-1,-1"))
                    nextTracker += 1
                }
            }
        }
        for f in 1...frames {
            for _ in 0..<(Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 1...3, using: &rng) : 0) {
                let w = Int.random(in: 1...12, using: &rng) * (Int.random(in: 0..<15, using: &rng) == 0 ? -1 : 1)
                pred.append((f, "\(f),\(nextTracker),\(Int.random(in: 0...span, using: &rng)),\(Int.random(in: 0...span, using: &rng)),\(w),\(Int.random(in: 1...12, using: &rng)),0.3,-1,-1,-1"))
                nextTracker += 1
            }
        }
        // Shuffle within frames (file order decides rows and columns, and so ties).
        gt.shuffle(using: &rng)
        pred.shuffle(using: &rng)
        let text = { (lines: [(Int, String)]) in
            lines.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1).joined(separator: "\n")
        }
        return (text(gt), text(pred), frames)
    }

    /// Names of the fields where the two differ (bitwise for doubles).
    static func differences(_ a: SequenceScores, _ b: SequenceScores) -> [String] {
        zip(a.detailedFields, b.detailedFields).compactMap { x, y in
            x.name == y.name && x.value == y.value ? nil : "\(x.name): \(x.value) vs \(y.value)"
        }
    }

    @Test(arguments: [(EvaluationFlavour.mot15, true), (.mot15, false), (.mot17, true), (.mot17, false)])
    func sparseEqualsDenseOnTiedRandomSequences(flavour: EvaluationFlavour, shortcuts: Bool) throws {
        try BoxSimilarity.$pairwiseScanLimit.withValue(shortcuts ? BoxSimilarity.pairwiseScanLimit : 0) {
            try SparseAssignment.$denseLimit.withValue(shortcuts ? SparseAssignment.denseLimit : 0) {
                try compareOnRandomSequences(flavour: flavour)
            }
        }
    }

    func compareOnRandomSequences(flavour: EvaluationFlavour) throws {
        var rng = SplitMix(seed: flavour == .mot15 ? 15 : 17)
        var sparseScores: [SequenceScores] = [], denseScores: [SequenceScores] = []
        for k in 0..<400 {
            let s = Self.randomSequence(&rng, flavour: flavour)
            let gt = try MOTFile.parse(s.gt, path: "gt.txt")
            let pred = try MOTFile.parse(Array(s.pred.utf8), path: "pred.txt", allowNegativeSizes: true)
            let sparse = try SequenceData(name: "S\(k)", groundTruth: gt, prediction: pred, seqLength: s.frames, flavour: flavour)
            let dense = try DenseSequence(name: "S\(k)", groundTruth: gt, prediction: pred, seqLength: s.frames, flavour: flavour)
            #expect(sparse.gtIDs == dense.gtIDs && sparse.trackerIDs == dense.trackerIDs)
            #expect(sparse.similarity.map { $0.dense() } == dense.similarity)
            let a = try Evaluator().evaluate(sparse), b = try DenseMetrics.scores(dense)
            let diff = Self.differences(a, b)
            #expect(diff.isEmpty, "sequence \(k):\n\(s.gt)\n--\n\(s.pred)\n\(diff.prefix(8))")
            if !diff.isEmpty { return }
            sparseScores.append(a)
            denseScores.append(b)
        }
        #expect(Self.differences(Evaluator().combine(sparseScores), Evaluator().combine(denseScores)).isEmpty)
    }

    /// The dense matrix built without `OverlapSweep`, pair by pair, equals the sparse one.
    @Test func overlapSweepFindsEveryNonzeroIoU() {
        BoxSimilarity.$pairwiseScanLimit.withValue(0) { overlapSweepTrials() }
    }

    func overlapSweepTrials() {
        var rng = SplitMix(seed: 5)
        for _ in 0..<3_000 {
            let n = Int.random(in: 0...25, using: &rng), m = Int.random(in: 0...25, using: &rng)
            let coordinate = { (rng: inout SplitMix) -> Double in
                switch Int.random(in: 0..<20, using: &rng) {
                case 0: return Double.random(in: -3...3, using: &rng)          // odd sizes, some negative
                case 1: return 1e308                                          // corners overflow to infinity
                default: return Double(Int.random(in: 0...20, using: &rng))
                }
            }
            let boxes = { (count: Int, rng: inout SplitMix) in
                (0..<count).map { _ in BoundingBox(x: coordinate(&rng), y: coordinate(&rng), width: coordinate(&rng), height: coordinate(&rng)) }
            }
            let a = boxes(n, &rng), b = boxes(m, &rng)
            var dense: [Double] = []
            BoxSimilarity.iou(gt: a, tracker: b, into: &dense)
            let sparse = BoxSimilarity.sparse(gt: a, tracker: b).dense()
            // NaN (from infinite corners) must be stored in the same cells.
            #expect(sparse.map { $0.isNaN ? -1 : $0 } == dense.map { $0.isNaN ? -1 : $0 })
        }
    }
}
