/// Exact minimum-cost linear assignment on a rectangular matrix.
///
/// The shortest-augmenting-path method of Jonker-Volgenant as described by Crouse (2016), with
/// the same visiting order and tie-breaking as SciPy's `linear_sum_assignment`, so that
/// equal-cost problems (common in MOT metrics) resolve to the same pairs TrackEval gets.
///
/// Work buffers live in the solver and are reused: after the first call with a given size,
/// `solve` allocates nothing. Not thread-safe; give each thread its own solver.
public struct LinearAssignment: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The cost matrix holds NaN or -infinity.
        case invalidCost
        /// Some row cannot be assigned at finite cost (too many +infinity entries).
        case infeasible

        public var description: String {
            switch self {
            case .invalidCost: return "cost matrix contains NaN or -infinity"
            case .infeasible: return "cost matrix is infeasible: a row has no column at finite cost"
            }
        }
    }

    /// For each row of the last solved matrix, its column, or -1 when it stayed unassigned
    /// (only possible when there are more rows than columns).
    public private(set) var columnForRow: [Int] = []

    private var u: [Double] = []
    private var v: [Double] = []
    private var shortest: [Double] = []
    private var path: [Int] = []
    private var col4row: [Int] = []
    private var row4col: [Int] = []
    private var visitedRows: [Bool] = []
    private var visitedCols: [Bool] = []
    private var remaining: [Int] = []
    private var transposed: [Double] = []

    public init() {}

    /// Solves the problem for a row-major `rows x columns` cost matrix.
    ///
    /// - Parameters:
    ///   - cost: `rows * columns` costs, row-major.
    ///   - rows: number of rows.
    ///   - columns: number of columns.
    ///   - maximize: find the maximum-weight assignment instead.
    /// - Returns: `min(rows, columns)` pairs in increasing row order, each row and column at most once.
    @discardableResult
    public mutating func solve(_ cost: [Double], rows: Int, columns: Int, maximize: Bool = false) throws -> [(row: Int, column: Int)] {
        try solveInPlace(cost, rows: rows, columns: columns, maximize: maximize)
        var pairs: [(row: Int, column: Int)] = []
        pairs.reserveCapacity(min(rows, columns))
        for r in 0..<rows where columnForRow[r] >= 0 { pairs.append((r, columnForRow[r])) }
        return pairs
    }

    /// Solves like `solve`, leaving the answer in `columnForRow` without building an array.
    public mutating func solveInPlace(_ cost: [Double], rows: Int, columns: Int, maximize: Bool = false) throws {
        precondition(cost.count == rows * columns, "cost has \(cost.count) entries, expected \(rows)x\(columns)")
        resize(&columnForRow, rows, -1)
        for r in 0..<rows { columnForRow[r] = -1 }
        if rows == 0 || columns == 0 { return }

        // A tall matrix is solved transposed, as SciPy does.
        let transpose = columns < rows
        let nr = transpose ? columns : rows
        let nc = transpose ? rows : columns
        resize(&transposed, nr * nc, 0)
        let sign: Double = maximize ? -1 : 1
        if transpose {
            for i in 0..<rows { for j in 0..<columns { transposed[j * rows + i] = sign * cost[i * columns + j] } }
        } else {
            for k in 0..<(rows * columns) { transposed[k] = sign * cost[k] }
        }
        for k in 0..<(nr * nc) {
            let c = transposed[k]
            if c.isNaN || c == -.infinity { throw Failure.invalidCost }
        }

        resize(&u, nr, 0); resize(&v, nc, 0)
        resize(&shortest, nc, .infinity); resize(&path, nc, -1)
        resize(&col4row, nr, -1); resize(&row4col, nc, -1)
        resize(&visitedRows, nr, false); resize(&visitedCols, nc, false)
        resize(&remaining, nc, 0)
        for i in 0..<nr { u[i] = 0; col4row[i] = -1 }
        for j in 0..<nc { v[j] = 0; path[j] = -1; row4col[j] = -1 }

        for curRow in 0..<nr {
            let (sink, minVal) = augmentingPath(nc: nc, start: curRow)
            guard sink >= 0 else { throw Failure.infeasible }

            u[curRow] += minVal
            for i in 0..<nr where visitedRows[i] && i != curRow {
                u[i] += minVal - shortest[col4row[i]]
            }
            for j in 0..<nc where visitedCols[j] {
                v[j] -= minVal - shortest[j]
            }
            var j = sink
            while true {
                let i = path[j]
                row4col[j] = i
                swap(&col4row[i], &j)
                if i == curRow { break }
            }
        }

        if transpose {
            // col4row maps each original column to its original row.
            for c in 0..<nr { columnForRow[col4row[c]] = c }
        } else {
            for r in 0..<nr { columnForRow[r] = col4row[r] }
        }
    }

    private mutating func augmentingPath(nc: Int, start: Int) -> (sink: Int, minVal: Double) {
        var minVal = 0.0
        var numRemaining = nc
        // Reverse order makes a constant matrix come out as the identity (SciPy #11602).
        for it in 0..<nc { remaining[it] = nc - it - 1 }
        for i in 0..<visitedRows.count { visitedRows[i] = false }
        for j in 0..<nc { visitedCols[j] = false; shortest[j] = .infinity }

        var i = start
        var sink = -1
        let nrStride = nc
        while sink == -1 {
            var index = -1
            var lowest = Double.infinity
            visitedRows[i] = true
            for it in 0..<numRemaining {
                let j = remaining[it]
                let r = minVal + transposed[i * nrStride + j] - u[i] - v[j]
                if r < shortest[j] {
                    path[j] = i
                    shortest[j] = r
                }
                // Among equal minima prefer a free column: it ends the path at once.
                if shortest[j] < lowest || (shortest[j] == lowest && row4col[j] == -1) {
                    lowest = shortest[j]
                    index = it
                }
            }
            minVal = lowest
            if minVal == .infinity { return (-1, minVal) }
            let j = remaining[index]
            if row4col[j] == -1 { sink = j } else { i = row4col[j] }
            visitedCols[j] = true
            numRemaining -= 1
            remaining[index] = remaining[numRemaining]
        }
        return (sink, minVal)
    }

    private func resize<T>(_ a: inout [T], _ n: Int, _ fill: T) {
        if a.count < n { a.append(contentsOf: repeatElement(fill, count: n - a.count)) }
    }
}
