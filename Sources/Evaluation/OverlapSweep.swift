import TracklineCore

/// Finds the pairs of boxes (one from each list) that can have a nonzero TrackEval IoU, without
/// looking at every pair: a sort-and-sweep along x or y (whichever axis has fewer overlapping
/// pairs, counted first by binary search), checking the other axis for each pair met.
///
/// A pair is reported once. Every pair it does not report has `BoxSimilarity.iou` exactly 0:
/// boxes with finite corners and area need a strictly positive overlap on both axes; a box with a
/// non-positive extent or an area within epsilon of 0 overlaps nothing; a box with a non-finite
/// corner or area (coordinates near the Double range) is paired with every box of the other
/// list, so that whatever IoU the formula gives it is kept.
///
/// Time O(n log n + p) for n boxes and p pairs that overlap along the sweep axis; memory O(n).
enum OverlapSweep {
    /// Extents of a box as `BoxSimilarity.iou` computes them.
    private struct Extent {
        var x1, x2, y1, y2: Double
        var index: Int

        init(_ b: BoundingBox, _ index: Int) {
            x1 = b.x; x2 = b.x + b.width; y1 = b.y; y2 = b.y + b.height
            self.index = index
        }

        var isFinite: Bool {
            x1.isFinite && x2.isFinite && y1.isFinite && y2.isFinite && ((x2 - x1) * (y2 - y1)).isFinite
        }

        /// Positive extent on both axes and an area above epsilon: can overlap something.
        var isProper: Bool { x2 > x1 && y2 > y1 && (x2 - x1) * (y2 - y1) > BoxSimilarity.eps }

        func start(_ alongX: Bool) -> Double { alongX ? x1 : y1 }
        func end(_ alongX: Bool) -> Double { alongX ? x2 : y2 }
    }

    /// Calls `body(i, j)` for each candidate pair of `a[i]` and `b[j]`, in no particular order.
    static func forEachCandidate(_ a: [BoundingBox], _ b: [BoundingBox], _ body: (Int, Int) -> Void) {
        if a.isEmpty || b.isEmpty { return }
        var properA: [Extent] = [], properB: [Extent] = []
        var oddA: [Int] = [], oddB: [Int] = []
        for (i, box) in a.enumerated() {
            let e = Extent(box, i)
            if !e.isFinite { oddA.append(i) } else if e.isProper { properA.append(e) }
        }
        for (j, box) in b.enumerated() {
            let e = Extent(box, j)
            if !e.isFinite { oddB.append(j) } else if e.isProper { properB.append(e) }
        }
        // Non-finite boxes: every pair (those of two non-finite boxes once, from a's side).
        for i in oddA { for j in b.indices { body(i, j) } }
        if !oddB.isEmpty {
            var oddAFlag = [Bool](repeating: false, count: a.count)
            for i in oddA { oddAFlag[i] = true }
            for j in oddB { for i in a.indices where !oddAFlag[i] { body(i, j) } }
        }
        if properA.isEmpty || properB.isEmpty { return }

        let alongX = overlapCount(properA, properB, alongX: true) <= overlapCount(properA, properB, alongX: false)
        properA.sort { $0.start(alongX) < $1.start(alongX) }
        properB.sort { $0.start(alongX) < $1.start(alongX) }
        var activeA: [Extent] = [], activeB: [Extent] = []
        var ia = 0, ib = 0
        while ia < properA.count || ib < properB.count {
            let takeA = ib == properB.count || (ia < properA.count && properA[ia].start(alongX) <= properB[ib].start(alongX))
            if takeA {
                let e = properA[ia]; ia += 1
                let s = e.start(alongX)
                activeB.removeAll { $0.end(alongX) <= s }
                for o in activeB where overlapsAcross(e, o, alongX) { body(e.index, o.index) }
                activeA.append(e)
            } else {
                let e = properB[ib]; ib += 1
                let s = e.start(alongX)
                activeA.removeAll { $0.end(alongX) <= s }
                for o in activeA where overlapsAcross(o, e, alongX) { body(o.index, e.index) }
                activeB.append(e)
            }
        }
    }

    /// Strict overlap on the axis the sweep does not follow.
    @inline(__always)
    private static func overlapsAcross(_ p: Extent, _ q: Extent, _ alongX: Bool) -> Bool {
        alongX ? min(p.y2, q.y2) > max(p.y1, q.y1) : min(p.x2, q.x2) > max(p.x1, q.x1)
    }

    /// Pairs whose extents overlap strictly along one axis: for each box of `a`, the boxes of `b`
    /// starting before it ends, less those ending before it starts.
    private static func overlapCount(_ a: [Extent], _ b: [Extent], alongX: Bool) -> Int {
        let starts = b.map { $0.start(alongX) }.sorted()
        let ends = b.map { $0.end(alongX) }.sorted()
        var total = 0
        for e in a {
            total += countBelow(starts, e.end(alongX)) - countAtMost(ends, e.start(alongX))
        }
        return total
    }

    /// Values in sorted `v` below `x`.
    private static func countBelow(_ v: [Double], _ x: Double) -> Int {
        var lo = 0, hi = v.count
        while lo < hi { let m = (lo + hi) / 2; if v[m] < x { lo = m + 1 } else { hi = m } }
        return lo
    }

    /// Values in sorted `v` at most `x`.
    private static func countAtMost(_ v: [Double], _ x: Double) -> Int {
        var lo = 0, hi = v.count
        while lo < hi { let m = (lo + hi) / 2; if v[m] <= x { lo = m + 1 } else { hi = m } }
        return lo
    }
}
