import TracklineCore

extension SequenceData {
    /// Prepares one sequence as TrackEval's MotChallenge2DBox does (with its default
    /// preprocessing for MOT16/17/20; MOT15 only drops ground truth whose column 7 is 0).
    ///
    /// - Parameters:
    ///   - name: the sequence's name.
    ///   - gt: its ground truth.
    ///   - pred: the tracker's results.
    ///   - seqLength: frames in the sequence; rows past it are an error, as in TrackEval.
    ///   - flavour: the ground truth's convention (MOT15, MOT17, MOT20).
    /// - Throws: `MOTFileError.frameBeyondSequence`, `EvaluationError` for duplicate or negative
    ///   ids, non-pedestrian results and unknown ground-truth classes.
    public init(name: String, groundTruth gt: MOTFile, prediction pred: MOTFile, seqLength: Int,
                flavour: EvaluationFlavour) throws {
        let seqLength = max(0, seqLength)
        try gt.checkFrames(seqLength: seqLength)
        try pred.checkFrames(seqLength: seqLength)
        // Files built in memory skip the parser's checks.
        for file in [gt, pred] {
            if let r = file.rows.first(where: { $0.frame < 1 }) {
                throw MOTFileError.frameBelowOne(path: file.path, line: r.line, frame: r.frame)
            }
        }
        let gtByFrame = Self.rowsByFrame(gt.rows, seqLength)
        let predByFrame = Self.rowsByFrame(pred.rows, seqLength)

        var gtIDs = [[Int]](repeating: [], count: seqLength)
        var trackerIDs = [[Int]](repeating: [], count: seqLength)
        var similarity: [FrameSimilarity] = []
        similarity.reserveCapacity(seqLength)
        var solver = SparseAssignment()
        var seenGt = Set<Int>(), seenTracker = Set<Int>()
        let scanLimit = BoxSimilarity.pairwiseScanLimit

        for t in 0..<seqLength {
            let g = gtByFrame[t].map { gt.rows[$0] }
            var p = predByFrame[t].map { pred.rows[$0] }
            seenGt.removeAll(keepingCapacity: true)
            for r in g {
                if r.id < 0 { throw EvaluationError.negativeID(path: gt.path, line: r.line, id: r.id) }
                if !seenGt.insert(r.id).inserted {
                    throw EvaluationError.duplicateID(path: gt.path, line: r.line, frame: r.frame, id: r.id)
                }
            }
            seenTracker.removeAll(keepingCapacity: true)
            for r in p {
                if r.id < 0 { throw EvaluationError.negativeID(path: pred.path, line: r.line, id: r.id) }
                if !seenTracker.insert(r.id).inserted {
                    throw EvaluationError.duplicateID(path: pred.path, line: r.line, frame: r.frame, id: r.id)
                }
                if r.classID > 1 { throw EvaluationError.nonPedestrianClass(path: pred.path, line: r.line, classID: r.classID) }
            }
            var sim = BoxSimilarity.sparse(gt: g.map(\.box), tracker: p.map(\.box), scanLimit: scanLimit)
            var keptColumns: [Int]? = nil   // nil: all

            // Tracker boxes matched to distractor-class ground truth are dropped (not MOT15).
            if flavour != .mot15, !g.isEmpty, !p.isEmpty {
                for r in g where !EvaluationFlavour.validClasses.contains(r.classID) {
                    throw EvaluationError.invalidGroundTruthClass(path: gt.path, line: r.line, classID: r.classID)
                }
                // TrackEval's matching matrix: -IoU where IoU >= 0.5 - eps, else 0.
                var rowStart = [0], columns: [Int] = [], cost: [Double] = []
                for i in 0..<sim.rows {
                    for e in sim.entries(ofRow: i) where !(sim.value[e] < 0.5 - BoxSimilarity.eps) {
                        columns.append(sim.column[e])
                        cost.append(-sim.value[e])
                    }
                    rowStart.append(columns.count)
                }
                var remove = [Bool](repeating: false, count: p.count)
                let distractors = flavour.distractorClasses
                // With no candidate pair every assignment scores 0 and removes nothing.
                if !cost.isEmpty {
                    do { try solver.solve(rows: sim.rows, columns: sim.columns, rowStart: rowStart, column: columns, cost: cost) } catch {
                        throw EvaluationError.assignment("\(error)")
                    }
                    for i in 0..<g.count {
                        let e = solver.entryForRow[i]
                        guard e >= 0, -cost[e] > 0 + BoxSimilarity.eps else { continue }
                        if distractors.contains(g[i].classID) { remove[columns[e]] = true }
                    }
                }
                if remove.contains(true) {
                    let kept = p.indices.filter { !remove[$0] }
                    p = kept.map { p[$0] }
                    keptColumns = kept
                }
            }

            // Ground truth kept for scoring: column 7 (as an integer) not 0, and for MOT16+ pedestrians only.
            var keptRows: [Int] = []
            for (i, r) in g.enumerated() {
                let considered = !(r.confidence > -1 && r.confidence < 1)
                if considered && (flavour == .mot15 || r.classID == EvaluationFlavour.pedestrian) { keptRows.append(i) }
            }
            if keptRows.count != g.count || keptColumns != nil {
                sim = sim.restricted(rows: keptRows, columns: keptColumns ?? Array(0..<sim.columns))
            }
            gtIDs[t] = keptRows.map { g[$0].id }
            trackerIDs[t] = p.map(\.id)
            similarity.append(sim)
        }

        // Relabel ids 0..<n in increasing order of the file's ids.
        func relabel(_ ids: inout [[Int]]) -> [Int] {
            let unique = Set(ids.joined()).sorted()
            var map: [Int: Int] = [:]
            for (k, id) in unique.enumerated() { map[id] = k }
            for t in ids.indices { ids[t] = ids[t].map { map[$0, default: 0] } }
            return unique
        }
        let gtNames = relabel(&gtIDs)
        let trackerNames = relabel(&trackerIDs)
        self.init(name: name, numTimesteps: seqLength, gtIDs: gtIDs, trackerIDs: trackerIDs, similarity: similarity)
        originalGtIDs = gtNames
        originalTrackerIDs = trackerNames
    }

    /// Row indices per frame (index frame - 1), file order kept within a frame.
    static func rowsByFrame(_ rows: [MOTRow], _ seqLength: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: seqLength)
        for (i, r) in rows.enumerated() where r.frame >= 1 && r.frame <= seqLength { out[r.frame - 1].append(i) }
        return out
    }
}
