import TracklineCore

/// Higher Order Tracking Accuracy (Luiten et al. 2021) as TrackEval's `HOTA` metric computes it:
/// 19 localisation thresholds alpha = 0.05, 0.10, ..., 0.95; the reported value of each array
/// field is its mean over the alphas.
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
                let threshold = Self.alphas[a] - eps
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
