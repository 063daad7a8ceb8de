import TracklineCore

/// Box IoU exactly as TrackEval computes it (`_calculate_box_ious`, xywh): corners from x + w,
/// areas from the corners, and zero whenever an area or the union is within machine epsilon of 0.
enum BoxSimilarity {
    static let eps = Double.ulpOfOne

    /// The IoU of one pair, bit for bit the value TrackEval's vectorised code gives.
    @inline(__always)
    static func iou(_ g: BoundingBox, _ t: BoundingBox) -> Double {
        let gx2 = g.x + g.width, gy2 = g.y + g.height
        let area1 = (gx2 - g.x) * (gy2 - g.y)
        let tx2 = t.x + t.width, ty2 = t.y + t.height
        let area2 = (tx2 - t.x) * (ty2 - t.y)
        var inter = max(min(gx2, tx2) - max(g.x, t.x), 0) * max(min(gy2, ty2) - max(g.y, t.y), 0)
        var union = area1 + area2 - inter
        if area1 <= eps || area2 <= eps || union <= eps { inter = 0 }
        if union <= eps { union = 1 }
        return inter / union
    }

    /// Fills `out` (row-major, gt rows x tracker columns) with IoUs: the dense matrix, for
    /// reference and tests (memory `gt.count x tracker.count` doubles).
    static func iou(gt: [BoundingBox], tracker: [BoundingBox], into out: inout [Double]) {
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(gt.count * tracker.count)
        for g in gt { for t in tracker { out.append(iou(g, t)) } }
    }

    /// Frames with at most this many gt x tracker pairs are scanned pair by pair (no sorting,
    /// no dense matrix: only nonzero IoUs are kept); larger ones go through `OverlapSweep`.
    /// Task-local so that tests can send every frame through the sweep (`withValue(0)`).
    @TaskLocal static var pairwiseScanLimit = 4096

    /// The nonzero IoUs of a frame, without forming the dense matrix. Small frames are scanned
    /// pair by pair; in larger ones `OverlapSweep` finds the pairs whose boxes overlap (time
    /// O(n log n + pairs overlapping along the sweep axis)), and each gets the exact
    /// `iou(_:_:)`. Pairs it skips have IoU exactly 0. Memory O(boxes + nonzero IoUs).
    ///
    /// - Parameter scanLimit: `pairwiseScanLimit` (pass it in a loop to read the task-local once).
    static func sparse(gt: [BoundingBox], tracker: [BoundingBox], scanLimit: Int = pairwiseScanLimit) -> FrameSimilarity {
        var rowStart = [Int](repeating: 0, count: gt.count + 1)
        var column: [Int] = [], value: [Double] = []
        column.reserveCapacity(gt.count + tracker.count)
        value.reserveCapacity(gt.count + tracker.count)
        if gt.count * tracker.count <= scanLimit {
            for (i, g) in gt.enumerated() {
                for (j, t) in tracker.enumerated() {
                    let s = iou(g, t)
                    if s != 0 { column.append(j); value.append(s) }
                }
                rowStart[i + 1] = column.count
            }
        } else {
            // Candidates in any order: counting sort by row, then sort each row's columns.
            var pairs: [(row: Int, column: Int, value: Double)] = []
            OverlapSweep.forEachCandidate(gt, tracker) { i, j in
                let s = iou(gt[i], tracker[j])
                if s != 0 { pairs.append((i, j, s)) }
            }
            for p in pairs { rowStart[p.row + 1] += 1 }
            for i in 0..<gt.count { rowStart[i + 1] += rowStart[i] }
            var fill = rowStart
            column = [Int](repeating: 0, count: pairs.count)
            value = [Double](repeating: 0, count: pairs.count)
            for p in pairs { column[fill[p.row]] = p.column; value[fill[p.row]] = p.value; fill[p.row] += 1 }
            for i in 0..<gt.count where rowStart[i + 1] - rowStart[i] > 1 {
                let r = rowStart[i]..<rowStart[i + 1]
                let sorted = r.sorted { column[$0] < column[$1] }.map { (column[$0], value[$0]) }
                for (k, e) in zip(r, sorted) { column[k] = e.0; value[k] = e.1 }
            }
        }
        return FrameSimilarity(rows: gt.count, columns: tracker.count, rowStart: rowStart, column: column, value: value)
    }
}
