import Testing
import TracklineCore

/// Minimum total cost over all assignments of min(rows, cols) pairs, by enumeration.
private func bruteForce(_ cost: [Double], rows: Int, cols: Int) -> Double {
    var best = Double.infinity
    var usedCols = [Bool](repeating: false, count: cols)
    var usedRows = [Bool](repeating: false, count: rows)
    let k = min(rows, cols)
    func go(_ placed: Int, _ startRow: Int, _ sum: Double) {
        if placed == k { best = min(best, sum); return }
        for r in startRow..<rows where !usedRows[r] {
            usedRows[r] = true
            for c in 0..<cols where !usedCols[c] {
                usedCols[c] = true
                go(placed + 1, r + 1, sum + cost[r * cols + c])
                usedCols[c] = false
            }
            usedRows[r] = false
        }
    }
    go(0, 0, 0)
    return best
}

/// The same minimum by dynamic programming over column subsets (exact, fast enough for 8x8).
private func subsetMinimum(_ cost: [Double], rows: Int, cols: Int) -> Double {
    // Assign every row of the narrower orientation; transpose a tall matrix.
    let (r, c) = rows <= cols ? (rows, cols) : (cols, rows)
    func at(_ i: Int, _ j: Int) -> Double { rows <= cols ? cost[i * cols + j] : cost[j * cols + i] }
    var dp = [Double](repeating: .infinity, count: 1 << c)
    dp[0] = 0
    for i in 0..<r {
        var next = [Double](repeating: .infinity, count: 1 << c)
        for mask in 0..<(1 << c) where dp[mask] < .infinity && mask.nonzeroBitCount == i {
            for j in 0..<c where mask & (1 << j) == 0 {
                next[mask | (1 << j)] = min(next[mask | (1 << j)], dp[mask] + at(i, j))
            }
        }
        dp = next
    }
    return dp.min() ?? 0
}

@Suite struct LinearAssignmentTests {
    @Test func agreesWithBruteForceOnRandomMatrices() throws {
        var rng = SplitMix64(seed: 42)
        var solver = LinearAssignment()
        for trial in 0..<3000 {
            let rows = Int(rng.next() % 7) + 1
            let cols = Int(rng.next() % 7) + 1
            // Small integer costs make ties common, which is where solvers go wrong.
            let integer = trial % 2 == 0
            let cost = (0..<(rows * cols)).map { _ in integer ? Double(rng.next() % 5) : Double(rng.next() % 1_000_000) / 1e6 }
            let pairs = try solver.solve(cost, rows: rows, columns: cols)
            #expect(pairs.count == min(rows, cols))
            #expect(Set(pairs.map(\.row)).count == pairs.count)
            #expect(Set(pairs.map(\.column)).count == pairs.count)
            let total = pairs.reduce(0) { $0 + cost[$1.row * cols + $1.column] }
            #expect(abs(total - bruteForce(cost, rows: rows, cols: cols)) < 1e-9, "trial \(trial) \(rows)x\(cols)")
        }
    }

    @Test func agreesWithExactMinimumUpTo8x8() throws {
        var rng = SplitMix64(seed: 8)
        var solver = LinearAssignment()
        for trial in 0..<3000 {
            let rows = Int(rng.next() % 8) + 1
            let cols = Int(rng.next() % 8) + 1
            let integer = trial % 2 == 0
            let cost = (0..<(rows * cols)).map { _ in integer ? Double(rng.next() % 4) : Double(rng.next() % 1_000_000) / 1e6 }
            let pairs = try solver.solve(cost, rows: rows, columns: cols)
            #expect(pairs.count == min(rows, cols))
            #expect(Set(pairs.map(\.column)).count == pairs.count)
            let total = pairs.reduce(0) { $0 + cost[$1.row * cols + $1.column] }
            let reference = subsetMinimum(cost, rows: rows, cols: cols)
            #expect(abs(total - reference) < 1e-9, "trial \(trial) \(rows)x\(cols)")
            if rows <= 5 && cols <= 5 {
                // The subset DP itself agrees with plain enumeration.
                #expect(abs(reference - bruteForce(cost, rows: rows, cols: cols)) < 1e-9)
            }
        }
    }

    @Test func constantMatrixGivesIdentity() throws {
        var solver = LinearAssignment()
        let pairs = try solver.solve([Double](repeating: 1, count: 9), rows: 3, columns: 3)
        #expect(pairs.map(\.column) == [0, 1, 2])
    }

    @Test func maximizeAndInfeasible() throws {
        var solver = LinearAssignment()
        let pairs = try solver.solve([1, 2, 3, 4], rows: 2, columns: 2, maximize: true)
        #expect(pairs.map(\.column) == [1, 0])
        #expect(throws: LinearAssignment.Failure.infeasible) {
            try solver.solve([.infinity, .infinity, 1, 2], rows: 2, columns: 2)
        }
        #expect(throws: LinearAssignment.Failure.invalidCost) {
            try solver.solve([.nan, 1], rows: 1, columns: 2)
        }
    }
}

/// Deterministic generator for tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1330_11EB
        return z ^ (z >> 31)
    }
}
