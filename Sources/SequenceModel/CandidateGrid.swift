import TracklineCore

/// Detections bucketed by box centre on a uniform grid (cells in a flat array, compressed-row
/// style), so `AssociationBatch` gates each track against the detections of the cells within
/// its gate radius instead of all detections of the frame: O(tracks x nearby detections) a
/// frame instead of O(tracks x detections).
///
/// Exactness: the grid only decides which detections are *tested*; it returns a superset of
/// the detections whose centre lies within the reach (the cell range is widened by a margin
/// far above the rounding of the gate's arithmetic), and the caller applies the unchanged
/// gate test and sorts by (distance, index), so candidate lists are identical to the brute
/// force (`CandidateGridTests`). Any non-finite centre makes the grid unusable for the frame
/// and the caller falls back to testing every detection.
struct CandidateGrid {
    private(set) var usable = false
    private var originX = 0.0, originY = 0.0, cell = 1.0
    private var columns = 0, rows = 0
    /// Detections of cell `c` are `items[cellStart[c] ..< cellStart[c + 1]]`, in index order.
    private var cellStart: [Int] = []
    private var items: [Int] = []
    private var cellOf: [Int] = []

    /// Unusable until the next `build`.
    mutating func clear() { usable = false }

    /// Buckets `detections` with cells `cellScale` times their mean height wide (the gate
    /// radius of a track seen in the previous frame, in heights, so a typical track reaches
    /// its own cell and the eight around it). The grid never has more than about four cells
    /// per detection.
    mutating func build(_ detections: [Observation], cellScale: Double) {
        usable = false
        let n = detections.count
        guard n > 0 else { return }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        var heights = 0.0
        for d in detections {
            let x = d.box.centerX, y = d.box.centerY
            guard x.isFinite, y.isFinite else { return }
            minX = min(minX, x); maxX = max(maxX, x)
            minY = min(minY, y); maxY = max(maxY, y)
            heights += max(d.box.height, 1)
        }
        guard heights.isFinite, (maxX - minX).isFinite, (maxY - minY).isFinite else { return }
        var size = max(1, cellScale.isFinite && cellScale > 0 ? cellScale * heights / Double(n) : heights / Double(n))
        let limit = Double(4 * n + 16)
        // Coarser cells when the detections are spread thin (bounded memory and set-up time).
        while ((maxX - minX) / size + 1) * ((maxY - minY) / size + 1) > limit { size *= 2 }
        originX = minX; originY = minY; cell = size
        columns = Int((maxX - minX) / size) + 1
        rows = Int((maxY - minY) / size) + 1
        let cells = columns * rows
        cellStart.removeAll(keepingCapacity: true)
        cellStart.append(contentsOf: repeatElement(0, count: cells + 1))
        cellOf.removeAll(keepingCapacity: true)
        for d in detections {
            let c = min(rows - 1, Int((d.box.centerY - minY) / size)) * columns + min(columns - 1, Int((d.box.centerX - minX) / size))
            cellOf.append(c)
            cellStart[c + 1] += 1
        }
        for c in 0..<cells { cellStart[c + 1] += cellStart[c] }
        items.removeAll(keepingCapacity: true)
        items.append(contentsOf: repeatElement(0, count: n))
        var fill = Array(cellStart[0..<cells])
        for (i, c) in cellOf.enumerated() {
            items[fill[c]] = i
            fill[c] += 1
        }
        usable = true
    }

    /// The block of cells holding every detection whose centre is within `reach` pixels of
    /// (`x`, `y`) in both axes, plus a margin; nil when the query is not finite (the caller
    /// then tests every detection, as without a grid).
    func cells(around x: Double, _ y: Double, reach: Double) -> (x: Range<Int>, y: Range<Int>)? {
        guard usable, x.isFinite, y.isFinite, reach.isFinite, reach >= 0 else { return nil }
        // The gate compares (centre - forecast) / height with the radius; a relative margin of
        // 1e-6 plus a thousandth of a pixel covers its rounding many times over.
        // The last term keeps the margin above the rounding of large coordinates.
        let r = reach * (1 + 1e-6) + 1e-3 + (abs(x) + abs(y) + abs(originX) + abs(originY)) * 1e-9
        func span(_ lo: Double, _ hi: Double, _ origin: Double, _ count: Int) -> Range<Int> {
            let a = ((lo - origin) / cell).rounded(.down), b = ((hi - origin) / cell).rounded(.down)
            guard b >= 0, a <= Double(count - 1) else { return 0..<0 }
            return Int(max(0, a))..<(Int(min(Double(count - 1), b)) + 1)
        }
        return (span(x - r, x + r, originX, columns), span(y - r, y + r, originY, rows))
    }

    /// Calls `body` with each detection index in the cells (row by row of cells).
    func forEach(in cells: (x: Range<Int>, y: Range<Int>), _ body: (Int) -> Void) {
        guard !cells.x.isEmpty else { return }
        for cy in cells.y {
            // The cells of one grid row are contiguous in `items`.
            let row = cy * columns
            for k in cellStart[row + cells.x.lowerBound]..<cellStart[row + cells.x.upperBound] { body(items[k]) }
        }
    }
}
