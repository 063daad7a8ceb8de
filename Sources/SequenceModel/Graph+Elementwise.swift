import Foundation

/// Elementwise ops with NumPy-style broadcasting (shapes aligned at the right; a dimension of
/// size 1 or a missing leading dimension is repeated).
extension Graph {
    /// `a + b` with broadcasting.
    public func add(_ a: Var, _ b: Var) -> Var { binary(a, b, .add) }
    /// `a - b` with broadcasting.
    public func sub(_ a: Var, _ b: Var) -> Var { binary(a, b, .sub) }
    /// `a * b` with broadcasting.
    public func mul(_ a: Var, _ b: Var) -> Var { binary(a, b, .mul) }

    enum BinaryKind { case add, sub, mul }

    private func binary(_ a: Var, _ b: Var, _ kind: BinaryKind) -> Var {
        let av = values[a.id], bv = values[b.id]
        let outShape = Graph.broadcastShape(av.shape, bv.shape)
        let n = outShape.reduce(1, *)
        let ia = Graph.broadcastIndex(from: av.shape, to: outShape)
        let ib = Graph.broadcastIndex(from: bv.shape, to: outShape)
        var out = [Float](repeating: 0, count: n)
        if ia == nil && ib == nil {
            // Same shapes (residual connections): no index lookups.
            av.data.withUnsafeBufferPointer { pa in
                bv.data.withUnsafeBufferPointer { pb in
                    out.withUnsafeMutableBufferPointer { po in
                        switch kind {
                        case .add: for i in 0..<n { po[i] = pa[i] + pb[i] }
                        case .sub: for i in 0..<n { po[i] = pa[i] - pb[i] }
                        case .mul: for i in 0..<n { po[i] = pa[i] * pb[i] }
                        }
                    }
                }
            }
        } else {
        av.data.withUnsafeBufferPointer { pa in
            bv.data.withUnsafeBufferPointer { pb in
                for i in 0..<n {
                    let x = pa[ia?[i] ?? i], y = pb[ib?[i] ?? i]
                    switch kind {
                    case .add: out[i] = x + y
                    case .sub: out[i] = x - y
                    case .mul: out[i] = x * y
                    }
                }
            }
        }
        }
        return record(Tensor(shape: outShape, data: out), inputs: [a, b]) { g, dy in
            if g.wantsGrad(a) {
                let bd = kind == .mul ? g.values[b.id].data : []
                g.accumulate(a) { da in
                    for i in 0..<n {
                        let j = ia?[i] ?? i
                        switch kind {
                        case .add, .sub: da[j] += dy[i]
                        case .mul: da[j] += dy[i] * bd[ib?[i] ?? i]
                        }
                    }
                }
            }
            if g.wantsGrad(b) {
                let ad = kind == .mul ? g.values[a.id].data : []
                g.accumulate(b) { db in
                    for i in 0..<n {
                        let j = ib?[i] ?? i
                        switch kind {
                        case .add: db[j] += dy[i]
                        case .sub: db[j] -= dy[i]
                        case .mul: db[j] += dy[i] * ad[ia?[i] ?? i]
                        }
                    }
                }
            }
        }
    }

    /// The broadcast result shape of two shapes.
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        let r = max(a.count, b.count)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let x = i < r - a.count ? 1 : a[i - (r - a.count)]
            let y = i < r - b.count ? 1 : b[i - (r - b.count)]
            precondition(x == y || x == 1 || y == 1, "shapes \(a) and \(b) do not broadcast")
            out[i] = max(x, y)
        }
        return out
    }

    /// For each output position, the index into an input of shape `from`; nil when the shapes
    /// are equal (identity).
    static func broadcastIndex(from: [Int], to: [Int]) -> [Int]? {
        let n = to.reduce(1, *)
        if from.reduce(1, *) == n { return nil }
        let r = to.count
        let padded = [Int](repeating: 1, count: r - from.count) + from
        var strides = [Int](repeating: 0, count: r)
        var s = 1
        for d in stride(from: r - 1, through: 0, by: -1) {
            strides[d] = padded[d] == 1 ? 0 : s
            s *= padded[d]
        }
        var index = [Int](repeating: 0, count: n)
        var counter = [Int](repeating: 0, count: r)
        var offset = 0
        for i in 0..<n {
            index[i] = offset
            var d = r - 1
            while d >= 0 {
                counter[d] += 1
                offset += strides[d]
                if counter[d] < to[d] { break }
                offset -= strides[d] * counter[d]
                counter[d] = 0
                d -= 1
            }
        }
        return index
    }

    /// `a * s` for a constant scalar.
    public func scale(_ a: Var, _ s: Float) -> Var {
        let av = values[a.id]
        return record(Tensor(shape: av.shape, data: av.data.map { $0 * s }), inputs: [a]) { g, dy in
            g.accumulate(a) { da in for i in 0..<da.count { da[i] += dy[i] * s } }
        }
    }

    /// `a + s` for a constant scalar.
    public func addScalar(_ a: Var, _ s: Float) -> Var {
        let av = values[a.id]
        return record(Tensor(shape: av.shape, data: av.data.map { $0 + s }), inputs: [a]) { g, dy in
            g.accumulate(a) { da in for i in 0..<da.count { da[i] += dy[i] } }
        }
    }

    /// Elementwise exponential.
    public func exp(_ a: Var) -> Var {
        let y = values[a.id].data.map { Foundation.exp($0) }
        return record(Tensor(shape: values[a.id].shape, data: y), inputs: [a]) { g, dy in
            g.accumulate(a) { da in for i in 0..<da.count { da[i] += dy[i] * y[i] } }
        }
    }

    /// Sum of all elements, shape `[1]`.
    public func sum(_ a: Var) -> Var {
        let av = values[a.id]
        var s: Float = 0
        for v in av.data { s += v }
        return record(Tensor(scalar: s), inputs: [a]) { g, dy in
            let d = dy[0]
            g.accumulate(a) { da in for i in 0..<da.count { da[i] += d } }
        }
    }

    /// Mean of all elements, shape `[1]`.
    public func mean(_ a: Var) -> Var {
        scale(sum(a), 1 / Float(max(1, values[a.id].count)))
    }
}
