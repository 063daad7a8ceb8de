import TracklineCore
@testable import Evaluation

/// The dense reference metrics: HOTA, CLEAR and Identity as they were before the sparse rewrite
/// (numGtIDs x numTrackerIDs tables, `LinearAssignment` on every full frame), on a `DenseSequence`.
enum DenseMetrics {
    static func hota(_ data: DenseSequence) throws -> HOTA.Result {
        var res = HOTA.Result()
        let A = HOTA.alphaCount
        let eps = Double.ulpOfOne
        if data.numTrackerDets == 0 || data.numGtDets == 0 {
            if data.numTrackerDets == 0 {
                res.fn = [Int](repeating: data.numGtDets, count: A)
            } else {
                res.fp = [Int](repeating: data.numTrackerDets, count: A)
            }
            res.locA = [Double](repeating: 1, count: A)
            res.locA0 = 1
            return res
        }
        let G = data.numGtIDs, T = data.numTrackerIDs
        var potential = [Double](repeating: 0, count: G * T)
        var gtCount = [Double](repeating: 0, count: G)
        var trCount = [Double](repeating: 0, count: T)
        var colSum: [Double] = [], rowSum: [Double] = []

        for t in 0..<data.numTimesteps {
            let gids = data.gtIDs[t], tids = data.trackerIDs[t]
            let ng = gids.count, nt = tids.count
            let sim = data.similarity[t]
            if ng > 0 && nt > 0 {
                colSum = [Double](repeating: 0, count: nt)
                for i in 0..<ng { for j in 0..<nt { colSum[j] += sim[i * nt + j] } }
                rowSum = [Double](repeating: 0, count: ng)
                sim.withUnsafeBufferPointer { p in
                    for i in 0..<ng { rowSum[i] = numpySum(p.baseAddress! + i * nt, count: nt, stride: 1) }
                }
                for i in 0..<ng {
                    for j in 0..<nt {
                        let s = sim[i * nt + j]
                        let denom = colSum[j] + rowSum[i] - s
                        let v = denom > 0 + eps ? s / denom : 0
                        potential[gids[i] * T + tids[j]] += v
                    }
                }
            }
            for g in gids { gtCount[g] += 1 }
            for k in tids { trCount[k] += 1 }
        }

        var alignment = [Double](repeating: 0, count: G * T)
        for g in 0..<G {
            for k in 0..<T {
                let p = potential[g * T + k]
                alignment[g * T + k] = p / (gtCount[g] + trCount[k] - p)
            }
        }

        var matches = [[Double]](repeating: [Double](repeating: 0, count: G * T), count: A)
        var solver = LinearAssignment()
        var cost: [Double] = []
        var tpD = [Double](repeating: 0, count: A)
        var locA = [Double](repeating: 0, count: A)
        var fpD = [Double](repeating: 0, count: A), fnD = [Double](repeating: 0, count: A)
        var pairRows: [Int] = [], pairCols: [Int] = []

        for t in 0..<data.numTimesteps {
            let gids = data.gtIDs[t], tids = data.trackerIDs[t]
            let ng = gids.count, nt = tids.count
            if ng == 0 { for a in 0..<A { fpD[a] += Double(nt) }; continue }
            if nt == 0 { for a in 0..<A { fnD[a] += Double(ng) }; continue }
            let sim = data.similarity[t]
            cost.removeAll(keepingCapacity: true)
            for i in 0..<ng {
                for j in 0..<nt { cost.append(-(alignment[gids[i] * T + tids[j]] * sim[i * nt + j])) }
            }
            do { try solver.solveInPlace(cost, rows: ng, columns: nt) } catch {
                throw EvaluationError.assignment("\(error)")
            }
            pairRows.removeAll(keepingCapacity: true)
            pairCols.removeAll(keepingCapacity: true)
            for i in 0..<ng where solver.columnForRow[i] >= 0 {
                pairRows.append(i)
                pairCols.append(solver.columnForRow[i])
            }
            for a in 0..<A {
                let threshold = HOTA.alphas[a] - eps
                var n = 0
                var locSum = 0.0
                for k in pairRows.indices {
                    let s = sim[pairRows[k] * nt + pairCols[k]]
                    if s >= threshold {
                        n += 1
                        locSum += s
                        matches[a][gids[pairRows[k]] * T + tids[pairCols[k]]] += 1
                    }
                }
                tpD[a] += Double(n)
                fnD[a] += Double(ng - n)
                fpD[a] += Double(nt - n)
                if n > 0 { locA[a] += locSum }
            }
        }

        var work = [Double](repeating: 0, count: G * T)
        for a in 0..<A {
            let mc = matches[a]
            let tpMax = max(1, tpD[a])
            for g in 0..<G { for k in 0..<T {
                let m = mc[g * T + k]
                work[g * T + k] = m * (m / max(1, gtCount[g] + trCount[k] - m))
            } }
            res.assA[a] = numpySum(work) / tpMax
            for g in 0..<G { for k in 0..<T {
                let m = mc[g * T + k]
                work[g * T + k] = m * (m / max(1, gtCount[g]))
            } }
            res.assRe[a] = numpySum(work) / tpMax
            for g in 0..<G { for k in 0..<T {
                let m = mc[g * T + k]
                work[g * T + k] = m * (m / max(1, trCount[k]))
            } }
            res.assPr[a] = numpySum(work) / tpMax
            res.tp[a] = Int(tpD[a]); res.fn[a] = Int(fnD[a]); res.fp[a] = Int(fpD[a])
            res.locA[a] = max(1e-10, locA[a]) / max(1e-10, tpD[a])
        }
        res.computeFinalFields()
        return res
    }

    static func clear(_ data: DenseSequence) throws -> CLEAR.Result {
        var res = CLEAR.Result()
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
        // scored frame only (matching bonus); -1 = none.
        var prevTracker = [Int](repeating: -1, count: G)
        var prevStepTracker = [Int](repeating: -1, count: G)
        var notPreviouslyTracked = [Bool](repeating: false, count: G)
        var solver = LinearAssignment()
        var score: [Double] = []
        var cost: [Double] = []

        for t in 0..<data.numTimesteps {
            let gids = data.gtIDs[t], tids = data.trackerIDs[t]
            let ng = gids.count, nt = tids.count
            if ng == 0 { res.fp += nt; continue }
            if nt == 0 { res.fn += ng; for g in gids { gtCount[g] += 1 }; continue }
            let sim = data.similarity[t]
            score.removeAll(keepingCapacity: true)
            cost.removeAll(keepingCapacity: true)
            for i in 0..<ng {
                let prev = prevStepTracker[gids[i]]
                for j in 0..<nt {
                    let s = sim[i * nt + j]
                    var v = (tids[j] == prev ? 1000.0 : 0.0) + s
                    if s < CLEAR.threshold - eps { v = 0 }
                    score.append(v)
                    cost.append(-v)
                }
            }
            do { try solver.solveInPlace(cost, rows: ng, columns: nt) } catch {
                throw EvaluationError.assignment("\(error)")
            }
            for g in 0..<G { notPreviouslyTracked[g] = prevStepTracker[g] < 0; prevStepTracker[g] = -1 }
            var matches = 0
            var motp = 0.0
            for i in 0..<ng {
                let j = solver.columnForRow[i]
                guard j >= 0, score[i * nt + j] > 0 + eps else { continue }
                let g = gids[i], k = tids[j]
                if prevTracker[g] >= 0 && prevTracker[g] != k { res.idsw += 1 }
                matchedCount[g] += 1
                prevTracker[g] = k
                prevStepTracker[g] = k
                matches += 1
                motp += sim[i * nt + j]
            }
            for g in gids { gtCount[g] += 1 }
            for g in 0..<G where notPreviouslyTracked[g] && prevStepTracker[g] >= 0 { fragCount[g] += 1 }
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

    static func identity(_ data: DenseSequence) throws -> Identity.Result {
        var res = Identity.Result()
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
                for j in 0..<nt where sim[i * nt + j] >= Identity.threshold {
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

    static func scores(_ data: DenseSequence) throws -> SequenceScores {
        var count = Count.Result()
        count.dets = data.numTrackerDets
        count.gtDets = data.numGtDets
        count.ids = data.numTrackerIDs
        count.gtIDs = data.numGtIDs
        return SequenceScores(hota: try hota(data), clear: try clear(data), identity: try identity(data), count: count)
    }
}
