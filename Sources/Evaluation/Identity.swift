import TracklineCore

/// The identity metrics (Ristani et al. 2016) as TrackEval's `Identity` computes them: a
/// one-to-one matching of whole trajectories (IoU >= 0.5 counts a frame as shared) that
/// minimises IDFN + IDFP.
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
        // (G + T) square problem: real pairs, plus a dummy partner per id for leaving it unmatched.
        let n = G + T
        var fnMat = [Double](repeating: 0, count: n * n)
        var fpMat = [Double](repeating: 0, count: n * n)
        for r in G..<n { for c in 0..<T { fpMat[r * n + c] = 1e10 } }
        for r in 0..<G { for c in T..<n { fnMat[r * n + c] = 1e10 } }
        for g in 0..<G {
            for c in 0..<T { fnMat[g * n + c] = gtCount[g] }
            fnMat[g * n + T + g] = gtCount[g]
        }
        for k in 0..<T {
            for r in 0..<G { fpMat[r * n + k] = trCount[k] }
            fpMat[(k + G) * n + k] = trCount[k]
        }
        for g in 0..<G {
            for k in 0..<T {
                fnMat[g * n + k] -= potential[g * T + k]
                fpMat[g * n + k] -= potential[g * T + k]
            }
        }
        var cost = [Double](repeating: 0, count: n * n)
        for i in 0..<(n * n) { cost[i] = fnMat[i] + fpMat[i] }
        var solver = LinearAssignment()
        do { try solver.solveInPlace(cost, rows: n, columns: n) } catch {
            throw EvaluationError.assignment("\(error)")
        }
        var fnSum = 0.0, fpSum = 0.0
        for r in 0..<n {
            let c = solver.columnForRow[r]
            fnSum += fnMat[r * n + c]
            fpSum += fpMat[r * n + c]
        }
        res.idfn = Int(fnSum)
        res.idfp = Int(fpSum)
        res.idtp = Int(numpySum(gtCount) - Double(res.idfn))
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
