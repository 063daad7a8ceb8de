import TracklineCore

/// The identity metrics (Ristani et al. 2016) as TrackEval's `Identity` computes them: a
/// one-to-one matching of whole trajectories (IoU >= 0.5 counts a frame as shared) that
/// minimises IDFN + IDFP, i.e. maximises the shared frames IDTP. Shared-frame counts are kept
/// per id pair that overlaps somewhere, not in a numGtIDs x numTrackerIDs table: memory
/// O(ids + overlapping pairs).
public struct Identity: Metric {
    public static let threshold = 0.5

    public struct Result: MetricResult, Equatable {
        public var idtp = 0, idfn = 0, idfp = 0
        public var idr = 0.0, idp = 0.0, idf1 = 0.0

        public init() {}

        mutating func computeFinalFields() {
            let tp = Double(idtp), fn = Double(idfn), fp = Double(idfp)
            idr = tp / max(1, tp + fn)
            idp = tp / max(1, tp + fp)
            idf1 = tp / max(1, tp + 0.5 * fp + 0.5 * fn)
        }

        public var summaryFields: [MetricField] {
            [MetricField("IDF1", .ratio(idf1)), MetricField("IDR", .ratio(idr)), MetricField("IDP", .ratio(idp)),
             MetricField("IDTP", .count(idtp)), MetricField("IDFN", .count(idfn)), MetricField("IDFP", .count(idfp))]
        }

        public var detailedFields: [MetricField] { summaryFields }
    }

    public init() {}

    public func evaluate(_ data: SequenceData) throws -> Result {
        var res = Result()
        if data.numTrackerDets == 0 { res.idfn = data.numGtDets; return res }
        if data.numGtDets == 0 { res.idfp = data.numTrackerDets; return res }
        let G = data.numGtIDs, T = data.numTrackerIDs
        // Frames shared (IoU >= 0.5) by each id pair, kept at the pairs that overlap somewhere.
        var potential = [Double](repeating: 0, count: data.pairs.count)
        var gtCount = [Double](repeating: 0, count: G)
        var trCount = [Double](repeating: 0, count: T)
        for t in 0..<data.numTimesteps {
            let sim = data.similarity[t], base = data.firstEntry[t]
            for e in 0..<sim.count where sim.value[e] >= Self.threshold { potential[data.pairOfEntry[base + e]] += 1 }
            for g in data.gtIDs[t] { gtCount[g] += 1 }
            for k in data.trackerIDs[t] { trCount[k] += 1 }
        }
        // TrackEval solves a (G + T) square problem whose cost for pairing g with t is
        // gtCount + trCount - 2 * shared, and for leaving either unpaired its count; its optimum
        // is therefore the pairing of gt and tracker ids that maximises the shared frames. We
        // solve that G x T problem directly, with the pairs that share no frame left as unstored
        // zeros: the same IDTP, IDFN and IDFP (all sums of integers, exact in Double), in
        // O(G + T + pairs) memory instead of O((G + T)^2).
        var rowStart = [Int](repeating: 0, count: G + 1)
        var columns: [Int] = [], cost: [Double] = []
        for p in 0..<data.pairs.count where potential[p] > 0 {
            rowStart[data.pairs.gtID[p] + 1] += 1
            columns.append(data.pairs.trackerID[p])
            cost.append(-potential[p])
        }
        for g in 0..<G { rowStart[g + 1] += rowStart[g] }
        var shared = 0.0
        if !cost.isEmpty {
            var solver = SparseAssignment()
            do { try solver.solve(rows: G, columns: T, rowStart: rowStart, column: columns, cost: cost) } catch {
                throw EvaluationError.assignment("\(error)")
            }
            for g in 0..<G where solver.entryForRow[g] >= 0 { shared += -cost[solver.entryForRow[g]] }
        }
        res.idtp = Int(shared)
        res.idfn = Int(numpySum(gtCount)) - res.idtp
        res.idfp = Int(numpySum(trCount)) - res.idtp
        res.computeFinalFields()
        return res
    }

    public func combine(_ results: [Result]) -> Result {
        var res = Result()
        for r in results { res.idtp += r.idtp; res.idfn += r.idfn; res.idfp += r.idfp }
        res.computeFinalFields()
        return res
    }
}
