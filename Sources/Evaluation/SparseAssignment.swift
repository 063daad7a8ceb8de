import TracklineCore

/// Minimum-cost linear assignment on a sparse `rows x columns` matrix whose unstored entries are
/// 0, returning exactly the assignment `LinearAssignment` (SciPy's `linear_sum_assignment`, as
/// TrackEval calls it) returns on the dense matrix, ties included, in memory O(rows + columns +
/// stored entries).
///
/// Why not solve each connected component of the stored entries on its own: the optimum cost is
/// the same, but when several assignments are optimal SciPy's choice depends on the whole matrix
/// (rows with only zeros take free columns first; a tall matrix is transposed as a whole), and a
/// component solved alone can pick another of the tied optima (tested in `SparseAssignmentTests`).
///
/// How: this runs the same shortest-augmenting-path algorithm (Crouse 2016, SciPy's order) step
/// for step, but never touches the columns that no stored entry of a visited row reaches. In one
/// search those "bulk" columns all have reduced cost `minVal - u[i]` from every visited row,
/// because their cost is 0 and their dual `v` is 0 (a column's `v` only changes when it is
/// visited as a non-final column; such columns are kept in `nonzeroDual` and handled one by one).
/// So they share one tentative distance and predecessor, and the column SciPy's scan would pick
/// among them follows from its scan order: `remaining` starts as `nc - 1, ..., 0` and a removal
/// moves the last element into the hole, so an unmoved column `j` sits at position `nc - 1 - j`.
/// The scan takes the first column at the minimum, or the last free one at the minimum if any is
/// free: among bulk columns that is the smallest free index, else the largest index. Columns
/// that are moved, visited, reached by a stored entry or have a nonzero dual are tracked
/// explicitly with the dense code's arithmetic, in the same floating-point operations.
///
/// Time: the dense algorithm scans all columns for every visited row; this scans the explicit
/// ones only, so a frame of mostly disjoint boxes costs about its number of stored entries. The
/// worst case (many columns with nonzero duals) degrades towards the dense time, never its memory.
struct SparseAssignment: Sendable {
    /// For each row of the last problem (`rows` values), its column, or -1 when it stayed
    /// unassigned (more rows than columns).
    private(set) var columnForRow: [Int] = []
    /// For each row, the index of the stored entry it was assigned through, or -1 (unassigned,
    /// or assigned to an unstored zero entry).
    private(set) var entryForRow: [Int] = []

    // The problem as solved: nr <= nc rows and columns (a tall matrix transposed, as SciPy does).
    private var nr = 0, nc = 0
    private var start: [Int] = [], col: [Int] = [], cost: [Double] = []
    private var u: [Double] = [], v: [Double] = [], shortest: [Double] = []
    private var path: [Int] = [], col4row: [Int] = [], row4col: [Int] = []
    /// The current search's id (`search`); a column is explicit in it when `explicitIn[j] == search`
    /// and out of the scan (visited) when `visitedIn[j] == search`.
    private var search = 0
    private var explicitIn: [Int] = [], visitedIn: [Int] = []
    /// Scan position of each explicit column.
    private var position: [Int] = []
    private var explicitColumns: [Int] = []
    /// Column moved to each scan position in this search, valid where `writtenIn[p] == search`.
    private var movedTo: [Int] = [], writtenIn: [Int] = []
    /// Columns whose dual `v` is (or was) nonzero: always explicit.
    private var nonzeroDual: [Int] = []
    private var inNonzeroDual: [Bool] = []
    /// Cost of the current row's stored entries by column, 0 elsewhere.
    private var rowCost: [Double] = []
    private var free = FreeColumns()
    private var visitedRows: [Int] = [], visitedColumns: [Int] = []

    /// `denseLimit` as it was when the solver was made (read once: task-local look-ups cost).
    private let denseCells: Int

    init() { denseCells = Self.denseLimit }

    /// Solves the problem given as compressed sparse rows.
    ///
    /// - Parameters:
    ///   - rowStart: `rows + 1` offsets; row `i`'s entries are `rowStart[i]..<rowStart[i + 1]`.
    ///   - column: each entry's column, increasing within a row, no repeats.
    ///   - cost: each entry's cost (finite; a stored 0 is the same as an unstored one).
    /// - Throws: `LinearAssignment.Failure.invalidCost` for a non-finite cost.
    mutating func solve(rows: Int, columns: Int, rowStart: [Int], column: [Int], cost entryCost: [Double]) throws {
        precondition(rowStart.count == rows + 1 && column.count == entryCost.count, "malformed sparse matrix")
        columnForRow.removeAll(keepingCapacity: true)
        columnForRow.append(contentsOf: repeatElement(-1, count: rows))
        entryForRow.removeAll(keepingCapacity: true)
        entryForRow.append(contentsOf: repeatElement(-1, count: rows))
        if rows == 0 || columns == 0 { return }
        for c in entryCost where !c.isFinite { throw LinearAssignment.Failure.invalidCost }
        if rows * columns <= denseCells {
            try solveDense(rows: rows, columns: columns, rowStart: rowStart, column: column, cost: entryCost)
            return
        }

        let transpose = columns < rows
        nr = transpose ? columns : rows
        nc = transpose ? rows : columns
        if transpose {
            // Counting sort of the entries by column.
            start = [Int](repeating: 0, count: nr + 1)
            for j in column { start[j + 1] += 1 }
            for k in 0..<nr { start[k + 1] += start[k] }
            var fill = start
            col = [Int](repeating: 0, count: column.count)
            cost = [Double](repeating: 0, count: column.count)
            for i in 0..<rows {
                for e in rowStart[i]..<rowStart[i + 1] {
                    let j = column[e]
                    col[fill[j]] = i
                    cost[fill[j]] = entryCost[e]
                    fill[j] += 1
                }
            }
        } else {
            start = rowStart
            col = column
            cost = entryCost
        }

        resize(&u, nr, 0); resize(&col4row, nr, -1)
        for i in 0..<nr { u[i] = 0; col4row[i] = -1 }
        resize(&v, nc, 0); resize(&shortest, nc, .infinity); resize(&path, nc, -1); resize(&row4col, nc, -1)
        resize(&explicitIn, nc, 0); resize(&visitedIn, nc, 0); resize(&position, nc, 0)
        resize(&movedTo, nc, 0); resize(&writtenIn, nc, 0)
        resize(&inNonzeroDual, nc, false); resize(&rowCost, nc, 0)
        for j in 0..<nc { v[j] = 0; row4col[j] = -1; inNonzeroDual[j] = false; rowCost[j] = 0 }
        nonzeroDual.removeAll(keepingCapacity: true)
        free.reset(count: nc)

        for curRow in 0..<nr {
            let (sink, minVal) = try augmentingPath(from: curRow)
            u[curRow] += minVal
            for i in visitedRows where i != curRow { u[i] += minVal - shortest[col4row[i]] }
            for j in visitedColumns {
                v[j] -= minVal - shortest[j]
                if v[j] != 0 && !inNonzeroDual[j] { inNonzeroDual[j] = true; nonzeroDual.append(j) }
            }
            var j = sink
            while true {
                let i = path[j]
                row4col[j] = i
                swap(&col4row[i], &j)
                if i == curRow { break }
            }
            free.remove(sink)
        }

        for k in 0..<nr {
            let (r, c) = transpose ? (col4row[k], k) : (k, col4row[k])
            columnForRow[r] = c
            // Entry of (r, c) in the caller's rows: binary search within row r.
            var lo = rowStart[r], hi = rowStart[r + 1]
            while lo < hi { let m = (lo + hi) / 2; if column[m] < c { lo = m + 1 } else { hi = m } }
            if lo < rowStart[r + 1] && column[lo] == c { entryForRow[r] = lo }
        }
    }

    /// Problems of at most this many cells are solved by `LinearAssignment` on a dense copy (at
    /// most 32 KB, reused): the same answer, faster for the small frames that are the norm.
    /// Task-local so that tests can send every problem down the sparse path (`withValue(0)`).
    @TaskLocal static var denseLimit = 4096

    private var dense = LinearAssignment()
    private var denseCost: [Double] = []

    private mutating func solveDense(rows: Int, columns: Int, rowStart: [Int], column: [Int], cost entryCost: [Double]) throws {
        // Local copies (moved out of self and back) keep the loops free of uniqueness checks.
        var d = denseCost
        denseCost = []
        d.removeAll(keepingCapacity: true)
        d.append(contentsOf: repeatElement(0, count: rows * columns))
        for i in 0..<rows { for e in rowStart[i]..<rowStart[i + 1] { d[i * columns + column[e]] = entryCost[e] } }
        defer { denseCost = d }
        try dense.solveInPlace(d, rows: rows, columns: columns)
        var cols = columnForRow, entries = entryForRow
        columnForRow = []
        entryForRow = []
        for i in 0..<rows {
            let c = dense.columnForRow[i]
            cols[i] = c
            guard c >= 0 else { continue }
            for e in rowStart[i]..<rowStart[i + 1] where column[e] == c { entries[i] = e }
        }
        columnForRow = cols
        entryForRow = entries
    }

    /// One shortest-path search from the free row `curRow` (SciPy's `augmenting_path`).
    private mutating func augmentingPath(from curRow: Int) throws -> (sink: Int, minVal: Double) {
        search += 1
        explicitColumns.removeAll(keepingCapacity: true)
        visitedRows.removeAll(keepingCapacity: true)
        visitedColumns.removeAll(keepingCapacity: true)
        var numRemaining = nc
        var explicitRemaining = 0
        for j in nonzeroDual { makeExplicit(j, shortest: .infinity, path: -1, &explicitRemaining) }
        // Tentative distance and predecessor shared by every bulk column.
        var bulkShortest = Double.infinity, bulkPath = -1
        var minVal = 0.0
        var i = curRow
        var sink = -1
        while sink == -1 {
            visitedRows.append(i)
            for e in start[i]..<start[i + 1] {
                let j = col[e]
                if visitedIn[j] == search { continue }
                rowCost[j] = cost[e]
                if explicitIn[j] != search { makeExplicit(j, shortest: bulkShortest, path: bulkPath, &explicitRemaining) }
            }
            let ui = u[i]
            for j in explicitColumns where visitedIn[j] != search {
                let r = minVal + rowCost[j] - ui - v[j]
                if r < shortest[j] { path[j] = i; shortest[j] = r }
            }
            for e in start[i]..<start[i + 1] { rowCost[col[e]] = 0 }
            let zero = 0.0
            let a = minVal + zero - ui - zero
            if a < bulkShortest { bulkShortest = a; bulkPath = i }

            // The column SciPy's scan picks: the minimum, the last free column at it if any,
            // else the first column at it.
            let bulkCount = numRemaining - explicitRemaining
            var lowest = Double.infinity
            for j in explicitColumns where visitedIn[j] != search && shortest[j] < lowest { lowest = shortest[j] }
            if bulkCount > 0 && bulkShortest < lowest { lowest = bulkShortest }
            if lowest == .infinity { throw LinearAssignment.Failure.infeasible }
            var pick = -1, pickPosition = -1
            for j in explicitColumns where visitedIn[j] != search && row4col[j] == -1 && shortest[j] == lowest {
                if position[j] > pickPosition { pick = j; pickPosition = position[j] }
            }
            if bulkCount > 0 && bulkShortest == lowest, let j = firstFreeBulkColumn(), nc - 1 - j > pickPosition {
                pick = j; pickPosition = nc - 1 - j
            }
            if pick < 0 {
                pickPosition = Int.max
                for j in explicitColumns where visitedIn[j] != search && shortest[j] == lowest {
                    if position[j] < pickPosition { pick = j; pickPosition = position[j] }
                }
                if bulkCount > 0 && bulkShortest == lowest {
                    let j = lastBulkColumn()
                    if nc - 1 - j < pickPosition { pick = j; pickPosition = nc - 1 - j }
                }
            }
            if explicitIn[pick] != search { makeExplicit(pick, shortest: bulkShortest, path: bulkPath, &explicitRemaining) }

            // Out of the scan: the last column in scan order takes its place.
            let last = numRemaining - 1
            if pickPosition != last {
                let q = writtenIn[last] == search ? movedTo[last] : nc - 1 - last
                if explicitIn[q] != search { makeExplicit(q, shortest: bulkShortest, path: bulkPath, &explicitRemaining) }
                position[q] = pickPosition
                movedTo[pickPosition] = q
                writtenIn[pickPosition] = search
            }
            numRemaining -= 1
            visitedIn[pick] = search
            explicitRemaining -= 1
            visitedColumns.append(pick)
            minVal = lowest
            if row4col[pick] == -1 { sink = pick } else { i = row4col[pick] }
        }
        return (sink, minVal)
    }

    private mutating func makeExplicit(_ j: Int, shortest s: Double, path p: Int, _ explicitRemaining: inout Int) {
        explicitIn[j] = search
        shortest[j] = s
        path[j] = p
        position[j] = nc - 1 - j
        explicitColumns.append(j)
        explicitRemaining += 1
    }

    /// The smallest free column that is not explicit in this search.
    private mutating func firstFreeBulkColumn() -> Int? {
        var next = free.first(from: 0)
        while let j = next, explicitIn[j] == search { next = free.first(from: j + 1) }
        return next
    }

    /// The largest column that is not explicit in this search (one exists when called).
    private func lastBulkColumn() -> Int {
        var j = nc - 1
        while j > 0 && explicitIn[j] == search { j -= 1 }
        return j
    }

    private func resize<T>(_ a: inout [T], _ n: Int, _ fill: T) {
        if a.count < n { a.append(contentsOf: repeatElement(fill, count: n - a.count)) }
    }
}
