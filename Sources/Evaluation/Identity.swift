import TracklineCore

/// The identity metrics (Ristani et al. 2016) as TrackEval's `Identity` computes them: a
/// one-to-one matching of whole trajectories (IoU >= 0.5 counts a frame as shared) that
/// minimises IDFN + IDFP, i.e. maximises the shared frames IDTP.
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
        var potential = [Double](repeating: 0, count: G * T)
        var gtCount = [Double](repeating: 0, count: G)
        var trCount = [Double](repeating: 0, count: T)
        for t in 0..<data.numTimesteps {
            let gids = data.gtIDs[t], tids = data.trackerIDs[t]
            let nt = tids.count
            let sim = data.similarity[t]
            for i in gids.indices {
                for j in 0..<nt where sim[i * nt + j] >= Self.threshold {
                    potential[gids[i] * T + tids[j]] += 1
                }
            }
            for g in gids { gtCount[g] += 1 }
            for k in tids { trCount[k] += 1 }
        }
        // TrackEval solves a (G + T) square problem whose cost for pairing g with t is
        // gtCount + trCount - 2 * shared, and for leaving either unpaired its count; its optimum
        // is therefore the pairing of gt and tracker ids that maximises the shared frames. We
        // solve that G x T problem directly: the same IDTP, IDFN and IDFP (all sums of integers,
        // exact in Double), in O(G T) memory instead of O((G + T)^2).
        var cost = [Double](repeating: 0, count: G * T)
        for i in 0..<(G * T) { cost[i] = -potential[i] }
        var solver = LinearAssignment()
        do { try solver.solveInPlace(cost, rows: G, columns: T) } catch {
            throw EvaluationError.assignment("\(error)")
        }
        var shared = 0.0
        for g in 0..<G {
            let k = solver.columnForRow[g]
            if k >= 0 { shared += potential[g * T + k] }
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
