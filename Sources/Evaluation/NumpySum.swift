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

/// `numpySum` of a length-`count` run that is 0 except at `positions` (increasing, each in
/// `0..<count`) holding `values`: the same pairwise blocks, so bit-identical to summing the dense
/// run, in time O(entries x log(count)) without forming it (adding 0 never changes a sum).
func numpySum(positions: [Int], values: [Double], count n: Int) -> Double {
    precondition(positions.count == values.count, "one value per position")
    return sparsePairwise(positions, values, 0, positions.count, 0, n)
}

/// The same over the entries `range` of `positions` and `values` (one row of a sparse matrix).
func numpySum(positions: [Int], values: [Double], range: Range<Int>, count n: Int) -> Double {
    sparsePairwise(positions, values, range.lowerBound, range.upperBound, 0, n)
}

/// Entries `lo..<hi` lie in the block `start..<start + n`.
private func sparsePairwise(_ pos: [Int], _ val: [Double], _ lo: Int, _ hi: Int, _ start: Int, _ n: Int) -> Double {
    if lo == hi { return 0 }
    if n < 8 {
        var res = 0.0
        for k in lo..<hi { res += val[k] }
        return res
    } else if n <= 128 {
        var r0 = 0.0, r1 = 0.0, r2 = 0.0, r3 = 0.0, r4 = 0.0, r5 = 0.0, r6 = 0.0, r7 = 0.0
        let blockEnd = start + (n - n % 8)
        var k = lo
        while k < hi && pos[k] < blockEnd {
            switch (pos[k] - start) & 7 {
            case 0: r0 += val[k]
            case 1: r1 += val[k]
            case 2: r2 += val[k]
            case 3: r3 += val[k]
            case 4: r4 += val[k]
            case 5: r5 += val[k]
            case 6: r6 += val[k]
            default: r7 += val[k]
            }
            k += 1
        }
        var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while k < hi { res += val[k]; k += 1 }
        return res
    } else {
        var n2 = n / 2
        n2 -= n2 % 8
        var a = lo, b = hi
        while a < b { let m = (a + b) / 2; if pos[m] < start + n2 { a = m + 1 } else { b = m } }
        return sparsePairwise(pos, val, lo, a, start, n2) + sparsePairwise(pos, val, a, hi, start + n2, n - n2)
    }
}
