import Testing
import TracklineCore
@testable import Evaluation

/// `SparseAssignment` against `LinearAssignment` (SciPy's algorithm) on the dense matrix: the same
/// column for every row, on matrices built to tie (few distinct costs, duplicate rows and
/// columns, empty rows and columns, tall and wide). `check` turns off the dense shortcut for
/// small problems, so these exercise the sparse algorithm itself.
@Suite struct SparseAssignmentTests {
    /// A random sparse matrix: dense row-major costs and the same in CSR form.
    struct Problem {
        var rows: Int, columns: Int
        var dense: [Double]
        var rowStart: [Int] = [0], column: [Int] = [], cost: [Double] = []

        init(rows: Int, columns: Int, dense: [Double]) {
            self.rows = rows
            self.columns = columns
            self.dense = dense
            for i in 0..<rows {
                for j in 0..<columns where dense[i * columns + j] != 0 {
                    column.append(j)
                    cost.append(dense[i * columns + j])
                }
                rowStart.append(column.count)
            }
        }
    }

    static func randomProblem(_ rng: inout SplitMix, maxSide: Int) -> Problem {
        let rows = Int.random(in: 1...maxSide, using: &rng), columns = Int.random(in: 1...maxSide, using: &rng)
        let density = [0.05, 0.15, 0.3, 0.6, 0.9].randomElement(using: &rng) ?? 0.3
        let palettes: [[Double]] = [[-1], [-1, -2], [-1, -2, -3], [-0.5, -1, -1.5], [-1000.5, -0.7, -1000.75, -0.5],
                                    [-1, 1], [-0.25, -0.5, 2, -3]]
        let palette = palettes.randomElement(using: &rng) ?? [-1]
        // One matrix in eight has continuous costs (products, like HOTA's alignment x IoU).
        let continuous = Int.random(in: 0..<8, using: &rng) == 0
        var dense = [Double](repeating: 0, count: rows * columns)
        for k in dense.indices where Double.random(in: 0..<1, using: &rng) < density {
            dense[k] = continuous ? -(Double.random(in: 0..<1, using: &rng) * Double.random(in: 0..<1, using: &rng))
                                  : palette.randomElement(using: &rng) ?? -1
        }
        // Duplicate some rows and columns outright (identical boxes).
        if rows > 1 && Bool.random(using: &rng) {
            let a = Int.random(in: 0..<rows, using: &rng), b = Int.random(in: 0..<rows, using: &rng)
            for j in 0..<columns { dense[b * columns + j] = dense[a * columns + j] }
        }
        if columns > 1 && Bool.random(using: &rng) {
            let a = Int.random(in: 0..<columns, using: &rng), b = Int.random(in: 0..<columns, using: &rng)
            for i in 0..<rows { dense[i * columns + b] = dense[i * columns + a] }
        }
        return Problem(rows: rows, columns: columns, dense: dense)
    }

    static func check(_ p: Problem, denseLimit: Int = 0) throws -> Bool {
        var dense = LinearAssignment()
        try dense.solveInPlace(p.dense, rows: p.rows, columns: p.columns)
        var sparse = SparseAssignment()
        try SparseAssignment.$denseLimit.withValue(denseLimit) {
            try sparse.solve(rows: p.rows, columns: p.columns, rowStart: p.rowStart, column: p.column, cost: p.cost)
        }
        guard Array(dense.columnForRow.prefix(p.rows)) == sparse.columnForRow else { return false }
        for i in 0..<p.rows {
            let j = sparse.columnForRow[i]
            let e = sparse.entryForRow[i]
            if e >= 0 {
                guard p.column[e] == j, p.cost[e] == p.dense[i * p.columns + j] else { return false }
            } else if j >= 0 && p.dense[i * p.columns + j] != 0 {
                return false
            }
        }
        return true
    }

    @Test func matchesDenseSolverOnTiedRandomMatrices() throws {
        var rng = SplitMix(seed: 14)
        var failures: [String] = []
        for trial in 0..<20_000 {
            let p = Self.randomProblem(&rng, maxSide: trial < 15_000 ? 8 : 40)
            // Every 10th also through the dense shortcut (entryForRow bookkeeping).
            if try !Self.check(p) || (trial % 10 == 0 && !Self.check(p, denseLimit: .max)) {
                failures.append("trial \(trial): \(p.rows)x\(p.columns) \(p.dense)")
                if failures.count >= 3 { break }
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func reusedSolverGivesTheSameAnswers() throws {
        var rng = SplitMix(seed: 3)
        var sparse = SparseAssignment()
        try SparseAssignment.$denseLimit.withValue(0) {
            for _ in 0..<2_000 {
                let p = Self.randomProblem(&rng, maxSide: 12)
                var dense = LinearAssignment()
                try dense.solveInPlace(p.dense, rows: p.rows, columns: p.columns)
                try sparse.solve(rows: p.rows, columns: p.columns, rowStart: p.rowStart, column: p.column, cost: p.cost)
                #expect(Array(dense.columnForRow.prefix(p.rows)) == sparse.columnForRow)
            }
        }
    }

    /// The counter-example to solving each connected component alone: one row with two tied
    /// columns, after three rows of zeros. SciPy lets the zero rows take columns 0, 1, 2, so the
    /// tied row gets column 4; the component (row 3, columns 0 and 4) solved alone gives column 0.
    @Test func componentsSolvedAloneCanBreakTiesDifferently() throws {
        var full = [Double](repeating: 0, count: 25)
        full[3 * 5 + 0] = -1
        full[3 * 5 + 4] = -1
        var dense = LinearAssignment()
        try dense.solveInPlace(full, rows: 5, columns: 5)
        #expect(dense.columnForRow[3] == 4)
        var component = LinearAssignment()
        try component.solveInPlace([-1, -1], rows: 1, columns: 2)
        #expect(component.columnForRow[0] == 0)   // column 0 of the frame: not what SciPy picks
        #expect(try Self.check(Problem(rows: 5, columns: 5, dense: full)))
    }

    @Test func emptyAndDegenerateShapes() throws {
        var sparse = SparseAssignment()
        try sparse.solve(rows: 0, columns: 3, rowStart: [0], column: [], cost: [])
        #expect(sparse.columnForRow.isEmpty)
        try sparse.solve(rows: 2, columns: 0, rowStart: [0, 0, 0], column: [], cost: [])
        #expect(sparse.columnForRow == [-1, -1])
        #expect(try Self.check(Problem(rows: 3, columns: 1, dense: [0, -1, -1])))
        #expect(try Self.check(Problem(rows: 1, columns: 4, dense: [0, 0, 0, 0])))
        #expect(throws: LinearAssignment.Failure.invalidCost) {
            try sparse.solve(rows: 1, columns: 1, rowStart: [0, 1], column: [0], cost: [.nan])
        }
    }
}
