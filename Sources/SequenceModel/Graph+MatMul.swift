/// Matrix products through OpenBLAS.
extension Graph {
    /// Matrix product over the last two dimensions.
    ///
    /// `a` has shape `[..., m, k]`. `b` is either a matrix `[k, n]` shared by every batch
    /// element (then all leading dimensions of `a` fold into one GEMM) or a batch `[..., k, n]`
    /// with the same leading dimensions as `a`. With `transposeB`, `b` is stored as `[.., n, k]`.
    /// The result has shape `[..., m, n]`.
    public func matmul(_ a: Var, _ b: Var, transposeB: Bool = false) -> Var {
        matmul(a, b, transposeB: transposeB, addingBias: nil)
    }

    /// `matmul`, then (inference only) `bias` added to every output row in the same buffer,
    /// giving the same values as `addBias` without a second copy.
    private func matmul(_ a: Var, _ b: Var, transposeB: Bool = false, addingBias bias: [Float]?) -> Var {
        let av = values[a.id], bv = values[b.id]
        precondition(av.shape.count >= 2 || bv.shape.count == 2, "matmul needs a matrix")
        let k = av.lastDimension
        let shared = bv.shape.count == 2
        let bRows = bv.shape[bv.shape.count - 2], bCols = bv.lastDimension
        let n = transposeB ? bRows : bCols
        precondition((transposeB ? bCols : bRows) == k, "matmul: inner sizes differ in \(av.shape) x \(bv.shape)")
        let batch: Int, m: Int
        if shared {
            batch = 1; m = av.count / max(k, 1)
        } else {
            precondition(av.shape.count == bv.shape.count && av.shape.dropLast(2) == bv.shape.dropLast(2),
                         "matmul: batch shapes differ in \(av.shape) x \(bv.shape)")
            m = av.shape[av.shape.count - 2]
            batch = av.count / max(m * k, 1)
        }
        var outShape = Array(av.shape.dropLast())
        if outShape.isEmpty { outShape = [1] }
        outShape.append(n)
        let strideA = m * k, strideB = k * n, strideC = m * n
        // With a bias and a single K block (OpenBLAS splits K only beyond a few hundred), the
        // GEMM can add its products to bias rows already in C: `1 * sum + bias` in one rounding
        // is the same float as `sum + bias` afterwards, so the values equal `addBias` exactly.
        let biasInC = bias != nil && k <= 256 && k > 0
        var out: [Float]
        if biasInC, let bias {
            precondition(!recording && bias.count == n, "bias of \(bias.count) values for rows of \(n)")
            out = [Float](unsafeUninitializedCapacity: batch * m * n) { p, count in
                bias.withUnsafeBufferPointer { pb in
                    for r in 0..<(batch * m) { (p.baseAddress! + r * n).initialize(from: pb.baseAddress!, count: n) }
                }
                count = batch * m * n
            }
        } else {
            out = [Float](repeating: 0, count: batch * m * n)
        }
        av.data.withUnsafeBufferPointer { pa in
            bv.data.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    for i in 0..<batch {
                        BLAS.gemm(transA: false, transB: transposeB, m: m, n: n, k: k,
                                  a: pa.baseAddress! + i * strideA, lda: k,
                                  b: pb.baseAddress! + (shared ? 0 : i * strideB), ldb: transposeB ? k : n,
                                  beta: biasInC ? 1 : 0, c: pc.baseAddress! + i * strideC, ldc: n)
                    }
                }
            }
        }
        if !biasInC, let bias {
            precondition(!recording && bias.count == n, "bias of \(bias.count) values for rows of \(n)")
            let rows = batch * m
            out.withUnsafeMutableBufferPointer { po in
                bias.withUnsafeBufferPointer { pb in
                    for r in 0..<rows { for j in 0..<n { po[r * n + j] += pb[j] } }
                }
            }
        }
        return record(Tensor(shape: outShape, data: out), inputs: [a, b]) { g, dy in
            let dyp = dy.baseAddress!
            if g.wantsGrad(a) {
                let bd = g.values[b.id].data
                g.accumulate(a) { da in
                    bd.withUnsafeBufferPointer { pb in
                        for i in 0..<batch {
                            // dA = dC * op(B)^T
                            BLAS.gemm(transA: false, transB: !transposeB, m: m, n: k, k: n,
                                      a: dyp + i * strideC, lda: n,
                                      b: pb.baseAddress! + (shared ? 0 : i * strideB), ldb: transposeB ? k : n,
                                      beta: 1, c: da.baseAddress! + i * strideA, ldc: k)
                        }
                    }
                }
            }
            if g.wantsGrad(b) {
                let ad = g.values[a.id].data
                g.accumulate(b) { db in
                    ad.withUnsafeBufferPointer { pa in
                        for i in 0..<batch {
                            let off = shared ? 0 : i * strideB
                            if transposeB {
                                // B is [n, k]: dB = dC^T * A
                                BLAS.gemm(transA: true, transB: false, m: n, n: k, k: m,
                                          a: dyp + i * strideC, lda: n, b: pa.baseAddress! + i * strideA, ldb: k,
                                          beta: 1, c: db.baseAddress! + off, ldc: k)
                            } else {
                                // B is [k, n]: dB = A^T * dC
                                BLAS.gemm(transA: true, transB: false, m: k, n: n, k: m,
                                          a: pa.baseAddress! + i * strideA, lda: k, b: dyp + i * strideC, ldb: n,
                                          beta: 1, c: db.baseAddress! + off, ldc: n)
                            }
                        }
                    }
                }
            }
        }
    }

    /// `x * weight + bias` over the last dimension: `x [..., in]`, `weight [in, out]`,
    /// `bias [out]` (optional). One GEMM for all leading dimensions.
    public func linear(_ x: Var, weight: Var, bias: Var?) -> Var {
        guard let bias else { return matmul(x, weight) }
        if !recording { return matmul(x, weight, addingBias: values[bias.id].data) }
        return addBias(matmul(x, weight), bias)
    }

    /// Adds a vector `bias [d]` to every row of `x [..., d]`.
    public func addBias(_ x: Var, _ bias: Var) -> Var {
        let xv = values[x.id], bv = values[bias.id]
        let d = bv.count
        precondition(xv.lastDimension == d, "bias of \(d) values for rows of \(xv.lastDimension)")
        var out = xv.data
        let rows = xv.count / max(d, 1)
        out.withUnsafeMutableBufferPointer { po in
            bv.data.withUnsafeBufferPointer { pb in
                for r in 0..<rows { for j in 0..<d { po[r * d + j] += pb[j] } }
            }
        }
        return record(Tensor(shape: xv.shape, data: out), inputs: [x, bias]) { g, dy in
            g.accumulate(x) { dx in for i in 0..<dx.count { dx[i] += dy[i] } }
            g.accumulate(bias) { db in
                for r in 0..<rows { for j in 0..<d { db[j] += dy[r * d + j] } }
            }
        }
    }
}
