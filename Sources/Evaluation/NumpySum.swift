/// Sums like NumPy's `add.reduce` over a contiguous float64 run (pairwise summation with eight
/// accumulators), so that totals, and the ties they decide, come out bit-identical to TrackEval.
@inline(__always)
func numpySum(_ a: UnsafeBufferPointer<Double>) -> Double {
    pairwise(a.baseAddress!, a.count, 1)
}

/// The same over `n` values `stride` apart.
func numpySum(_ p: UnsafePointer<Double>, count n: Int, stride: Int) -> Double {
    pairwise(p, n, stride)
}

func numpySum(_ a: [Double]) -> Double {
    if a.isEmpty { return 0 }
    return a.withUnsafeBufferPointer { numpySum($0) }
}

private func pairwise(_ a: UnsafePointer<Double>, _ n: Int, _ s: Int) -> Double {
    if n < 8 {
        var res = 0.0
        for i in 0..<n { res += a[i * s] }
        return res
    } else if n <= 128 {
        var r0 = a[0], r1 = a[s], r2 = a[2 * s], r3 = a[3 * s]
        var r4 = a[4 * s], r5 = a[5 * s], r6 = a[6 * s], r7 = a[7 * s]
        var i = 8
        while i < n - (n % 8) {
            r0 += a[i * s]; r1 += a[(i + 1) * s]; r2 += a[(i + 2) * s]; r3 += a[(i + 3) * s]
            r4 += a[(i + 4) * s]; r5 += a[(i + 5) * s]; r6 += a[(i + 6) * s]; r7 += a[(i + 7) * s]
            i += 8
        }
        var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n { res += a[i * s]; i += 1 }
        return res
    } else {
        var n2 = n / 2
        n2 -= n2 % 8
        return pairwise(a, n2, s) + pairwise(a + n2 * s, n - n2, s)
    }
}
