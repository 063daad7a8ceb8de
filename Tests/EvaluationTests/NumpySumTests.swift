import Testing
@testable import Evaluation

/// The sparse pairwise sum against the dense one on runs that are mostly 0, across the block
/// sizes where NumPy's grouping changes (< 8, <= 128, recursive halves).
@Suite struct NumpySumTests {
    @Test func sparseSumEqualsDenseSum() {
        var rng = SplitMix(seed: 8)
        for trial in 0..<3_000 {
            let n = [1, 7, 8, 9, 100, 128, 129, 300, 1_000, 5_000][trial % 10] + Int.random(in: 0..<3, using: &rng)
            let density = [0.01, 0.1, 0.5, 1][Int.random(in: 0..<4, using: &rng)]
            var dense = [Double](repeating: 0, count: n)
            var positions: [Int] = [], values: [Double] = []
            for k in 0..<n where Double.random(in: 0..<1, using: &rng) < density {
                dense[k] = Double.random(in: 0..<1, using: &rng) * (Bool.random(using: &rng) ? 1 : 1e-9)
                positions.append(k)
                values.append(dense[k])
            }
            #expect(numpySum(positions: positions, values: values, count: n) == numpySum(dense))
        }
    }
}
