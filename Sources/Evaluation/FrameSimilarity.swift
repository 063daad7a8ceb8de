/// One frame's IoUs between ground-truth rows and tracker columns, stored sparsely: only the
/// entries that are not 0 (for real boxes, the pairs that overlap), row-major (compressed sparse
/// rows, columns increasing within a row). Every missing entry is exactly 0, so sums, scores and
/// assignments over it equal those over the dense `rows x columns` matrix TrackEval builds.
///
/// Memory: 3 words per stored entry plus one per row, whatever `rows x columns` is.
public struct FrameSimilarity: Sendable, Equatable {
    /// Ground-truth boxes of the frame (matrix rows).
    public private(set) var rows: Int
    /// Tracker boxes of the frame (matrix columns).
    public private(set) var columns: Int
    /// Entries of row `i` are `rowStart[i]..<rowStart[i + 1]`; `rows + 1` values.
    public private(set) var rowStart: [Int]
    /// Column of each entry.
    public private(set) var column: [Int]
    /// IoU of each entry (never 0).
    public private(set) var value: [Double]

    /// An empty `rows x columns` frame (all IoUs 0).
    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        rowStart = [Int](repeating: 0, count: self.rows + 1)
        column = []
        value = []
    }

    /// From compressed sparse rows (see the properties); no zeros among `value`.
    init(rows: Int, columns: Int, rowStart: [Int], column: [Int], value: [Double]) {
        precondition(rowStart.count == rows + 1 && column.count == value.count, "malformed sparse matrix")
        self.rows = rows
        self.columns = columns
        self.rowStart = rowStart
        self.column = column
        self.value = value
    }

    /// From entries already in row-major order with increasing columns per row; zeros are dropped.
    ///
    /// - Parameter entries: `(row, column, value)` with `0 <= row < rows`, `0 <= column < columns`.
    init(rows: Int, columns: Int, sortedEntries entries: [(row: Int, column: Int, value: Double)]) {
        self.init(rows: rows, columns: columns)
        column.reserveCapacity(entries.count)
        value.reserveCapacity(entries.count)
        var counts = [Int](repeating: 0, count: self.rows + 1)
        for e in entries where e.value != 0 {
            counts[e.row + 1] += 1
            column.append(e.column)
            value.append(e.value)
        }
        for i in 0..<self.rows { counts[i + 1] += counts[i] }
        rowStart = counts
    }

    /// From a row-major dense matrix (`rows x columns` values); zeros are dropped.
    public init(dense: [Double], rows: Int, columns: Int) {
        precondition(dense.count == rows * columns, "dense has \(dense.count) values, expected \(rows)x\(columns)")
        var entries: [(row: Int, column: Int, value: Double)] = []
        for i in 0..<rows { for j in 0..<columns where dense[i * columns + j] != 0 { entries.append((i, j, dense[i * columns + j])) } }
        self.init(rows: rows, columns: columns, sortedEntries: entries)
    }

    /// Number of stored (nonzero) entries.
    public var count: Int { value.count }

    /// Entry indices of row `i`.
    @inline(__always)
    public func entries(ofRow i: Int) -> Range<Int> { rowStart[i]..<rowStart[i + 1] }

    /// The IoU at (`i`, `j`): the stored value, or 0.
    public func value(row i: Int, column j: Int) -> Double {
        if let e = entry(row: i, column: j) { return value[e] }
        return 0
    }

    /// Index of the entry at (`i`, `j`), if stored (binary search within the row).
    public func entry(row i: Int, column j: Int) -> Int? {
        var lo = rowStart[i], hi = rowStart[i + 1]
        while lo < hi {
            let mid = (lo + hi) / 2
            if column[mid] < j { lo = mid + 1 } else { hi = mid }
        }
        return lo < rowStart[i + 1] && column[lo] == j ? lo : nil
    }

    /// The frame as a row-major dense matrix (for tests and small frames).
    public func dense() -> [Double] {
        var out = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows { for e in entries(ofRow: i) { out[i * columns + column[e]] = value[e] } }
        return out
    }

    /// The frame restricted to `keptRows` and `keptColumns` (each increasing), renumbered in that
    /// order: what TrackEval's preprocessing does with `np.delete` on the dense matrix.
    func restricted(rows keptRows: [Int], columns keptColumns: [Int]) -> FrameSimilarity {
        var newColumn = [Int](repeating: -1, count: columns)
        for (k, j) in keptColumns.enumerated() { newColumn[j] = k }
        var out = FrameSimilarity(rows: keptRows.count, columns: keptColumns.count)
        for (k, i) in keptRows.enumerated() {
            for e in entries(ofRow: i) where newColumn[column[e]] >= 0 {
                out.column.append(newColumn[column[e]])
                out.value.append(value[e])
            }
            out.rowStart[k + 1] = out.column.count
        }
        return out
    }
}
