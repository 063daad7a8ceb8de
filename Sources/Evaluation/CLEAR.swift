import Foundation
import TracklineCore

/// The CLEAR MOT metrics (Bernardin & Stiefelhagen 2008) as TrackEval's `CLEAR` computes them:
/// matches at IoU >= 0.5, preferring in each frame the tracker id each object had in the previous
/// frame (score bonus 1000), then the highest IoU.
///
/// Only pairs with IoU >= 0.5 can score, so each frame's assignment runs on those
/// (`SparseAssignment`, the same pairs SciPy picks on the dense score matrix), and per-frame
/// bookkeeping touches the frame's own boxes: memory O(boxes + overlapping pairs).
public struct CLEAR: Metric {
    public static let threshold = 0.5

    public struct Result: MetricResult, Equatable {
        public var tp = 0, fn = 0, fp = 0, idsw = 0
        public var mt = 0, pt = 0, ml = 0, frag = 0
        public var frames = 0
        /// Sum of the IoUs of all matches (MOTP numerator).
        public var motpSum = 0.0
        public var mota = 0.0, motp = 0.0, moda = 0.0, recall = 0.0, precision = 0.0
        public var mtr = 0.0, ptr = 0.0, mlr = 0.0, sMOTA = 0.0
        public var f1 = 0.0, fpPerFrame = 0.0, motal = 0.0

        public init() {}

        /// TrackEval's `_compute_final_fields`.
        mutating func computeFinalFields() {
            let n = Double(mt + ml + pt)
            mtr = Double(mt) / max(1, n)
            mlr = Double(ml) / max(1, n)
            ptr = Double(pt) / max(1, n)
            let tp = Double(self.tp), fn = Double(self.fn), fp = Double(self.fp), idsw = Double(self.idsw)
            recall = tp / max(1, tp + fn)
            precision = tp / max(1, tp + fp)
            moda = (tp - fp) / max(1, tp + fn)
            mota = (tp - fp - idsw) / max(1, tp + fn)
            motp = motpSum / max(1, tp)
            sMOTA = (motpSum - fp - idsw) / max(1, tp + fn)
            f1 = tp / max(1, tp + 0.5 * fn + 0.5 * fp)
            fpPerFrame = fp / max(1, Double(frames))
            let safeLog = self.idsw > 0 ? log10(idsw) : idsw
            motal = (tp - fp - safeLog) / max(1, tp + fn)
        }

        public var summaryFields: [MetricField] {
            [MetricField("MOTA", .ratio(mota)), MetricField("MOTP", .ratio(motp)), MetricField("MODA", .ratio(moda)),
             MetricField("CLR_Re", .ratio(recall)), MetricField("CLR_Pr", .ratio(precision)),
             MetricField("MTR", .ratio(mtr)), MetricField("PTR", .ratio(ptr)), MetricField("MLR", .ratio(mlr)),
             MetricField("CLR_TP", .count(tp)), MetricField("CLR_FN", .count(fn)), MetricField("CLR_FP", .count(fp)),
             MetricField("IDSW", .count(idsw)), MetricField("MT", .count(mt)), MetricField("PT", .count(pt)),
             MetricField("ML", .count(ml)), MetricField("Frag", .count(frag)), MetricField("sMOTA", .ratio(sMOTA))]
        }

        public var detailedFields: [MetricField] {
            [MetricField("MOTA", .ratio(mota)), MetricField("MOTP", .ratio(motp)), MetricField("MODA", .ratio(moda)),
             MetricField("CLR_Re", .ratio(recall)), MetricField("CLR_Pr", .ratio(precision)),
             MetricField("MTR", .ratio(mtr)), MetricField("PTR", .ratio(ptr)), MetricField("MLR", .ratio(mlr)),
             MetricField("sMOTA", .ratio(sMOTA)), MetricField("CLR_F1", .ratio(f1)),
             MetricField("FP_per_frame", .number(fpPerFrame)), MetricField("MOTAL", .ratio(motal)),
             MetricField("MOTP_sum", .number(motpSum)),
             MetricField("CLR_TP", .count(tp)), MetricField("CLR_FN", .count(fn)), MetricField("CLR_FP", .count(fp)),
             MetricField("IDSW", .count(idsw)), MetricField("MT", .count(mt)), MetricField("PT", .count(pt)),
             MetricField("ML", .count(ml)), MetricField("Frag", .count(frag)), MetricField("CLR_Frames", .count(frames))]
        }
    }

    public init() {}

    public func evaluate(_ data: SequenceData) throws -> Result {
        var log: MatchLog? = nil
        return try evaluate(data, log: &log)
    }

    /// Scores `data` and says what the matching did in each frame (`MatchLog`): the same
    /// matches, switches and fragmentations the counts of the result are made of.
    public func evaluateWithLog(_ data: SequenceData) throws -> (result: Result, log: MatchLog) {
        var log: MatchLog? = MatchLog(data)
        let result = try evaluate(data, log: &log)
        return (result, log ?? MatchLog(data))
    }

    /// The metric; `log`, when not nil, records each frame's outcome.
    func evaluate(_ data: SequenceData, log: inout MatchLog?) throws -> Result {
        var res = Result()
        // TrackEval returns these early, before the final fields are computed.
        if data.numTrackerDets == 0 {
            res.fn = data.numGtDets
            res.ml = data.numGtIDs
            res.mlr = 1
            return res
        }
        if data.numGtDets == 0 {
            res.fp = data.numTrackerDets
            res.mlr = 1
            return res
        }
        let eps = Double.ulpOfOne
        let G = data.numGtIDs
        var gtCount = [Int](repeating: 0, count: G)
        var matchedCount = [Int](repeating: 0, count: G)
        var fragCount = [Int](repeating: 0, count: G)
        // Last tracker id matched to each gt id at any earlier time (IDSW), and in the previous
        // scored frame only (matching bonus); -1 = none. `trackedLastStep` lists the gt ids whose
        // `prevStepTracker` is set, so a frame touches only its own boxes, never all G ids.
        var prevTracker = [Int](repeating: -1, count: G)
        var prevStepTracker = [Int](repeating: -1, count: G)
        var trackedLastStep: [Int] = []
        var solver = SparseAssignment()
        var rowStart: [Int] = [], columns: [Int] = [], entry: [Int] = []
        var score: [Double] = [], cost: [Double] = []
        var matched: [(g: Int, k: Int, entry: Int)] = []

        for t in 0..<data.numTimesteps {
            let gids = data.gtIDs[t], tids = data.trackerIDs[t]
            let ng = gids.count, nt = tids.count
            if ng == 0 { res.fp += nt; log?.record(frame: t, data, matched: []); continue }
            if nt == 0 { res.fn += ng; for g in gids { gtCount[g] += 1 }; log?.record(frame: t, data, matched: []); continue }
            let sim = data.similarity[t]
            // Score 1000 for the previous step's tracker id plus IoU where IoU >= 0.5 - eps,
            // else 0: only stored entries can score.
            rowStart.removeAll(keepingCapacity: true)
            columns.removeAll(keepingCapacity: true)
            entry.removeAll(keepingCapacity: true)
            score.removeAll(keepingCapacity: true)
            cost.removeAll(keepingCapacity: true)
            rowStart.append(0)
            for i in 0..<ng {
                let prev = prevStepTracker[gids[i]]
                for e in sim.entries(ofRow: i) {
                    let s = sim.value[e]
                    if s < Self.threshold - eps { continue }
                    let v = (tids[sim.column[e]] == prev ? 1000.0 : 0.0) + s
                    columns.append(sim.column[e])
                    entry.append(e)
                    score.append(v)
                    cost.append(-v)
                }
                rowStart.append(columns.count)
            }
            matched.removeAll(keepingCapacity: true)
            if !cost.isEmpty {
                do { try solver.solve(rows: ng, columns: nt, rowStart: rowStart, column: columns, cost: cost) } catch {
                    throw EvaluationError.assignment("\(error)")
                }
                for i in 0..<ng {
                    let c = solver.entryForRow[i]
                    guard c >= 0, score[c] > 0 + eps else { continue }
                    matched.append((gids[i], tids[columns[c]], entry[c]))
                }
            }
            // Fragmentations: matched now, not matched in the previous scored frame.
            for m in matched where prevStepTracker[m.g] < 0 {
                if fragCount[m.g] > 0 { log?.fragmentation(frame: t, gt: m.g, track: m.k) }
                fragCount[m.g] += 1
            }
            for g in trackedLastStep { prevStepTracker[g] = -1 }
            trackedLastStep.removeAll(keepingCapacity: true)
            var motp = 0.0
            for m in matched {
                if prevTracker[m.g] >= 0 && prevTracker[m.g] != m.k {
                    res.idsw += 1
                    log?.idSwitch(frame: t, gt: m.g, from: prevTracker[m.g], to: m.k)
                }
                matchedCount[m.g] += 1
                prevTracker[m.g] = m.k
                prevStepTracker[m.g] = m.k
                trackedLastStep.append(m.g)
                motp += sim.value[m.entry]
            }
            for g in gids { gtCount[g] += 1 }
            log?.record(frame: t, data, matched: matched)
            let matches = matched.count
            res.tp += matches
            res.fn += ng - matches
            res.fp += nt - matches
            if matches > 0 { res.motpSum += motp }
        }

        var mt = 0, atLeastPartly = 0
        for g in 0..<G where gtCount[g] > 0 {
            let ratio = Double(matchedCount[g]) / Double(gtCount[g])
            if ratio > 0.8 { mt += 1 }
            if ratio >= 0.2 { atLeastPartly += 1 }
        }
        res.mt = mt
        res.pt = atLeastPartly - mt
        res.ml = G - mt - res.pt
        res.frag = fragCount.reduce(0) { $0 + max(0, $1 - 1) }
        res.frames = data.numTimesteps
        res.computeFinalFields()
        return res
    }

    public func combine(_ results: [Result]) -> Result {
        var res = Result()
        for r in results {
            res.tp += r.tp; res.fn += r.fn; res.fp += r.fp; res.idsw += r.idsw
            res.mt += r.mt; res.pt += r.pt; res.ml += r.ml; res.frag += r.frag
            res.frames += r.frames
            res.motpSum += r.motpSum
        }
        res.computeFinalFields()
        return res
    }
}
