import TracklineCore
@testable import Evaluation

/// The dense reference: `SequenceData` as it was before the sparse rewrite (a full gt x tracker
/// IoU matrix per frame, TrackEval's preprocessing with `LinearAssignment` on it), kept to check
/// the sparse path field by field.
struct DenseSequence {
    var name: String
    var numTimesteps: Int
    var gtIDs: [[Int]]
    var trackerIDs: [[Int]]
    /// Per frame, row-major `gtIDs[t].count x trackerIDs[t].count` IoUs.
    var similarity: [[Double]]
    var numGtIDs: Int
    var numTrackerIDs: Int
    var numGtDets: Int
    var numTrackerDets: Int

    init(name: String, groundTruth gt: MOTFile, prediction pred: MOTFile, seqLength: Int,
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
        let gtByFrame = SequenceData.rowsByFrame(gt.rows, seqLength)
        let predByFrame = SequenceData.rowsByFrame(pred.rows, seqLength)

        var gtIDs = [[Int]](repeating: [], count: seqLength)
        var trackerIDs = [[Int]](repeating: [], count: seqLength)
        var similarity = [[Double]](repeating: [], count: seqLength)
        var solver = LinearAssignment()
        var sim: [Double] = []
        var matching: [Double] = []
        var seenGt = Set<Int>(), seenTracker = Set<Int>()
        var gtBoxes: [BoundingBox] = [], trBoxes: [BoundingBox] = []

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
            gtBoxes = g.map(\.box)
            trBoxes = p.map(\.box)
            BoxSimilarity.iou(gt: gtBoxes, tracker: trBoxes, into: &sim)
            var nt = p.count

            // Tracker boxes matched to distractor-class ground truth are dropped (not MOT15).
            if flavour != .mot15, !g.isEmpty, !p.isEmpty {
                for r in g where !EvaluationFlavour.validClasses.contains(r.classID) {
                    throw EvaluationError.invalidGroundTruthClass(path: gt.path, line: r.line, classID: r.classID)
                }
                matching.removeAll(keepingCapacity: true)
                for s in sim { matching.append(s < 0.5 - BoxSimilarity.eps ? 0 : -s) }
                do { try solver.solveInPlace(matching, rows: g.count, columns: nt) } catch {
                    throw EvaluationError.assignment("\(error)")
                }
                var remove = [Bool](repeating: false, count: nt)
                let distractors = flavour.distractorClasses
                for i in 0..<g.count {
                    let j = solver.columnForRow[i]
                    guard j >= 0, -matching[i * nt + j] > 0 + BoxSimilarity.eps else { continue }
                    if distractors.contains(g[i].classID) { remove[j] = true }
                }
                if remove.contains(true) {
                    var kept: [Double] = []
                    kept.reserveCapacity(sim.count)
                    for i in 0..<g.count { for j in 0..<nt where !remove[j] { kept.append(sim[i * nt + j]) } }
                    sim = kept
                    p = p.indices.filter { !remove[$0] }.map { p[$0] }
                    nt = p.count
                }
            }

            // Ground truth kept for scoring: column 7 (as an integer) not 0, and for MOT16+ pedestrians only.
            var keptRows: [Int] = []
            for (i, r) in g.enumerated() {
                let considered = !(r.confidence > -1 && r.confidence < 1)
                if considered && (flavour == .mot15 || r.classID == EvaluationFlavour.pedestrian) { keptRows.append(i) }
            }
            var s: [Double] = []
            s.reserveCapacity(keptRows.count * nt)
            for i in keptRows { s.append(contentsOf: sim[(i * nt)..<(i * nt + nt)]) }
            gtIDs[t] = keptRows.map { g[$0].id }
            trackerIDs[t] = p.map(\.id)
            similarity[t] = s
        }

        // Relabel ids 0..<n in increasing order of the file's ids.
        func relabel(_ ids: inout [[Int]]) {
            let unique = Set(ids.joined()).sorted()
            var map: [Int: Int] = [:]
            for (k, id) in unique.enumerated() { map[id] = k }
            for t in ids.indices { ids[t] = ids[t].map { map[$0, default: 0] } }
        }
        relabel(&gtIDs)
        relabel(&trackerIDs)
        self.name = name
        numTimesteps = seqLength
        self.gtIDs = gtIDs
        self.trackerIDs = trackerIDs
        self.similarity = similarity
        numGtIDs = (gtIDs.lazy.compactMap { $0.max() }.max() ?? -1) + 1
        numTrackerIDs = (trackerIDs.lazy.compactMap { $0.max() }.max() ?? -1) + 1
        numGtDets = gtIDs.reduce(0) { $0 + $1.count }
        numTrackerDets = trackerIDs.reduce(0) { $0 + $1.count }
    }

}
