import TracklineCore

/// Higher Order Tracking Accuracy (Luiten et al. 2021) as TrackEval's `HOTA` metric computes it:
/// 19 localisation thresholds alpha = 0.05, 0.10, ..., 0.95; the reported value of each array
/// field is its mean over the alphas.
///
/// TrackEval keeps numGtIDs x numTrackerIDs tables (potential matches, and match counts per
/// alpha); here they are held only at the id pairs whose boxes overlap in some frame
/// (`SequenceData.pairs`; match counts only for pairs ever matched), and the per-frame assignment
/// runs on the sparse IoUs (`SparseAssignment`), with sums that reproduce NumPy's over the full
/// tables. Memory O(boxes + overlapping pairs), bit-identical results.
public struct HOTA: Metric {
    public static let alphaCount = 19
    /// `np.arange(0.05, 0.99, 0.05)`.
    public static let alphas: [Double] = (0..<alphaCount).map { 0.05 + Double($0) * 0.05 }

    public struct Result: MetricResult, Equatable {
        public var tp = [Int](repeating: 0, count: alphaCount)
        public var fn = [Int](repeating: 0, count: alphaCount)
        public var fp = [Int](repeating: 0, count: alphaCount)
        public var assA = [Double](repeating: 0, count: alphaCount)
        public var assRe = [Double](repeating: 0, count: alphaCount)
        public var assPr = [Double](repeating: 0, count: alphaCount)
        public var locA = [Double](repeating: 0, count: alphaCount)
        public var detRe = [Double](repeating: 0, count: alphaCount)
        public var detPr = [Double](repeating: 0, count: alphaCount)
        public var detA = [Double](repeating: 0, count: alphaCount)
        public var hota = [Double](repeating: 0, count: alphaCount)
        public var owta = [Double](repeating: 0, count: alphaCount)
        public var hota0 = 0.0
        public var locA0 = 0.0
        public var hotaLocA0 = 0.0

        public init() {}

        /// TrackEval's `_compute_final_fields`.
        mutating func computeFinalFields() {
            for a in 0..<alphaCount {
                let tp = Double(self.tp[a]), fn = Double(self.fn[a]), fp = Double(self.fp[a])
                detRe[a] = tp / max(1, tp + fn)
                detPr[a] = tp / max(1, tp + fp)
                detA[a] = tp / max(1, tp + fn + fp)
                hota[a] = (detA[a] * assA[a]).squareRoot()
                owta[a] = (detRe[a] * assA[a]).squareRoot()
            }
            hota0 = hota[0]
            locA0 = locA[0]
            hotaLocA0 = hota0 * locA0
        }

        static func mean(_ a: [Double]) -> Double { numpySum(a) / Double(a.count) }

        public var summaryFields: [MetricField] {
            [("HOTA", hota), ("DetA", detA), ("AssA", assA), ("DetRe", detRe), ("DetPr", detPr),
             ("AssRe", assRe), ("AssPr", assPr), ("LocA", locA), ("OWTA", owta)]
                .map { MetricField($0.0, .ratio(Self.mean($0.1))) }
            + [MetricField("HOTA(0)", .ratio(hota0)), MetricField("LocA(0)", .ratio(locA0)),
               MetricField("HOTALocA(0)", .ratio(hotaLocA0))]
        }

        public var detailedFields: [MetricField] {
            var out = [MetricField("HOTA(0)", .ratio(hota0)), MetricField("LocA(0)", .ratio(locA0)),
                       MetricField("HOTALocA(0)", .ratio(hotaLocA0))]
            let arrays: [(String, [Double])] = [("HOTA", hota), ("DetA", detA), ("AssA", assA), ("DetRe", detRe),
                                                ("DetPr", detPr), ("AssRe", assRe), ("AssPr", assPr),
                                                ("LocA", locA), ("OWTA", owta)]
            for (name, values) in arrays {
                for a in 0..<alphaCount { out.append(MetricField("\(name)___\(5 * (a + 1))", .ratio(values[a]))) }
                out.append(MetricField("\(name)___AUC", .ratio(Self.mean(values))))
            }
            for (name, values) in [("HOTA_TP", tp), ("HOTA_FN", fn), ("HOTA_FP", fp)] {
                for a in 0..<alphaCount { out.append(MetricField("\(name)___\(5 * (a + 1))", .count(values[a]))) }
                out.append(MetricField("\(name)___AUC", .number(Self.mean(values.map(Double.init)))))
            }
            return out
        }
    }

    public init() {}

    public func evaluate(_ data: SequenceData) throws -> Result {
        var res = Result()
        let A = Self.alphaCount
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
        let P = data.pairs.count
        // TrackEval's numGtIDs x numTrackerIDs tables, held only at the pairs that overlap
        // somewhere (`data.pairs`): every other cell is 0 in each of them.
        var potential = [Double](repeating: 0, count: P)
        var gtCount = [Double](repeating: 0, count: G)
        var trCount = [Double](repeating: 0, count: T)
        var colSum: [Double] = [], rowSum: [Double] = []

        for t in 0..<data.numTimesteps {
            let gids = data.gtIDs[t], tids = data.trackerIDs[t]
            let ng = gids.count, nt = tids.count
            let sim = data.similarity[t], base = data.firstEntry[t]
            if ng > 0 && nt > 0 && sim.count > 0 {
                // similarity.sum(0): rows added in order; sum(1): NumPy's pairwise sum of each row.
                colSum.removeAll(keepingCapacity: true)
                colSum.append(contentsOf: repeatElement(0, count: nt))
                for e in 0..<sim.count { colSum[sim.column[e]] += sim.value[e] }
                rowSum.removeAll(keepingCapacity: true)
                for i in 0..<ng {
                    rowSum.append(numpySum(positions: sim.column, values: sim.value, range: sim.entries(ofRow: i), count: nt))
                }
                for i in 0..<ng {
                    for e in sim.entries(ofRow: i) {
                        let s = sim.value[e]
                        let denom = colSum[sim.column[e]] + rowSum[i] - s
                        let v = denom > 0 + eps ? s / denom : 0
                        potential[data.pairOfEntry[base + e]] += v
                    }
                }
            }
            for g in gids { gtCount[g] += 1 }
            for k in tids { trCount[k] += 1 }
        }

        var alignment = [Double](repeating: 0, count: P)
        for p in 0..<P {
            let pot = potential[p]
            alignment[p] = pot / (gtCount[data.pairs.gtID[p]] + trCount[data.pairs.trackerID[p]] - pot)
        }

        // Match counts per alpha, kept only for pairs matched at least once: slot per pair.
        var matchSlot = [Int](repeating: -1, count: P)
        var slotPair: [Int] = []
        var matches: [Double] = []   // matches[slot * A + alpha]
        var solver = SparseAssignment()
        var cost: [Double] = []
        var tpD = [Double](repeating: 0, count: A)
        var locA = [Double](repeating: 0, count: A)
        var fpD = [Double](repeating: 0, count: A), fnD = [Double](repeating: 0, count: A)
        var pairEntries: [Int] = []

        for t in 0..<data.numTimesteps {
            let gids = data.gtIDs[t], tids = data.trackerIDs[t]
            let ng = gids.count, nt = tids.count
            if ng == 0 { for a in 0..<A { fpD[a] += Double(nt) }; continue }
            if nt == 0 { for a in 0..<A { fnD[a] += Double(ng) }; continue }
            let sim = data.similarity[t], base = data.firstEntry[t]
            // Score alignment x IoU; unstored pairs score 0, and so cannot reach any alpha.
            pairEntries.removeAll(keepingCapacity: true)
            if sim.count > 0 {
                cost.removeAll(keepingCapacity: true)
                for e in 0..<sim.count { cost.append(-(alignment[data.pairOfEntry[base + e]] * sim.value[e])) }
                do {
                    try solver.solve(rows: ng, columns: nt, rowStart: sim.rowStart, column: sim.column, cost: cost)
                } catch {
                    throw EvaluationError.assignment("\(error)")
                }
                for i in 0..<ng where solver.entryForRow[i] >= 0 { pairEntries.append(solver.entryForRow[i]) }
            }
            for a in 0..<A {
                let threshold = Self.alphas[a] - eps
                var n = 0
                var locSum = 0.0
                for e in pairEntries {
                    let s = sim.value[e]
                    if s >= threshold {
                        n += 1
                        locSum += s
                        let pair = data.pairOfEntry[base + e]
                        var slot = matchSlot[pair]
                        if slot < 0 {
                            slot = slotPair.count
                            matchSlot[pair] = slot
                            slotPair.append(pair)
                            matches.append(contentsOf: repeatElement(0, count: A))
                        }
                        matches[slot * A + a] += 1
                    }
                }
                tpD[a] += Double(n)
                fnD[a] += Double(ng - n)
                fpD[a] += Double(nt - n)
                if n > 0 { locA[a] += locSum }
            }
        }

        // np.sum over the whole numGtIDs x numTrackerIDs table: the same pairwise sum over the
        // matched pairs at their table positions.
        let order = slotPair.indices.sorted { slotPair[$0] < slotPair[$1] }
        let positions = order.map { data.pairs.position(slotPair[$0], numTrackerIDs: T) }
        var work = [Double](repeating: 0, count: order.count)
        let tableSize = G * T
        for a in 0..<A {
            let tpMax = max(1, tpD[a])
            for (k, slot) in order.enumerated() {
                let m = matches[slot * A + a], p = slotPair[slot]
                work[k] = m * (m / max(1, gtCount[data.pairs.gtID[p]] + trCount[data.pairs.trackerID[p]] - m))
            }
            res.assA[a] = numpySum(positions: positions, values: work, count: tableSize) / tpMax
            for (k, slot) in order.enumerated() {
                let m = matches[slot * A + a], p = slotPair[slot]
                work[k] = m * (m / max(1, gtCount[data.pairs.gtID[p]]))
            }
            res.assRe[a] = numpySum(positions: positions, values: work, count: tableSize) / tpMax
            for (k, slot) in order.enumerated() {
                let m = matches[slot * A + a], p = slotPair[slot]
                work[k] = m * (m / max(1, trCount[data.pairs.trackerID[p]]))
            }
            res.assPr[a] = numpySum(positions: positions, values: work, count: tableSize) / tpMax
            res.tp[a] = Int(tpD[a]); res.fn[a] = Int(fnD[a]); res.fp[a] = Int(fpD[a])
            res.locA[a] = max(1e-10, locA[a]) / max(1e-10, tpD[a])
        }
        res.computeFinalFields()
        return res
    }

    public func combine(_ results: [Result]) -> Result {
        var res = Result()
        for a in 0..<Self.alphaCount {
            res.tp[a] = results.reduce(0) { $0 + $1.tp[a] }
            res.fn[a] = results.reduce(0) { $0 + $1.fn[a] }
            res.fp[a] = results.reduce(0) { $0 + $1.fp[a] }
            let tp = Double(res.tp[a])
            res.assRe[a] = results.reduce(0.0) { $0 + $1.assRe[a] * Double($1.tp[a]) } / max(1, tp)
            res.assPr[a] = results.reduce(0.0) { $0 + $1.assPr[a] * Double($1.tp[a]) } / max(1, tp)
            res.assA[a] = results.reduce(0.0) { $0 + $1.assA[a] * Double($1.tp[a]) } / max(1, tp)
            let weighted = results.reduce(0.0) { $0 + $1.locA[a] * Double($1.tp[a]) }
            res.locA[a] = max(1e-10, weighted) / max(1e-10, tp)
        }
        res.computeFinalFields()
        return res
    }
}
