import TracklineCore

/// Optimal partial matching under a cost threshold, as `lap.lapjv(cost, extend_cost=True,
/// cost_limit=threshold)` computes it for ByteTrack: minimise the sum of `cost - threshold` over
/// matched pairs, so a pair is only worth taking below the threshold. Gated pairs get cost 0
/// (as good as leaving both unmatched) in the matrix handed to `LinearAssignment` and are
/// dropped from the answer. Buffers are reused across calls.
struct GatedAssignment: Sendable {
    private var solver = LinearAssignment()
    private var shifted: [Double] = []

    /// Pairs `(row, column)` with `cost[row * columns + column] <= threshold`, in row order.
    mutating func match(_ cost: [Double], rows: Int, columns: Int, threshold: Double) -> [(row: Int, column: Int)] {
        guard rows > 0, columns > 0 else { return [] }
        shifted.removeAll(keepingCapacity: true)
        for c in cost { shifted.append(c <= threshold ? c - threshold : 0) }
        guard (try? solver.solveInPlace(shifted, rows: rows, columns: columns)) != nil else { return [] }
        var out: [(row: Int, column: Int)] = []
        for r in 0..<rows {
            let c = solver.columnForRow[r]
            if c >= 0 && cost[r * columns + c] <= threshold { out.append((r, c)) }
        }
        return out
    }
}
