/// Ops that move values without arithmetic: reshape, concatenation, slicing, lookups.
extension Graph {
    /// The same values under a new shape with the same element count.
    public func reshape(_ x: Var, _ shape: [Int]) -> Var {
        let xv = values[x.id]
        precondition(shape.reduce(1, *) == xv.count, "cannot reshape \(xv.shape) to \(shape)")
        return record(Tensor(shape: shape, data: xv.data), inputs: [x]) { g, dy in
            g.accumulate(x) { dx in for i in 0..<dx.count { dx[i] += dy[i] } }
        }
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public func concat(_ xs: [Var], axis: Int) -> Var {
        precondition(!xs.isEmpty, "concat of nothing")
        let first = values[xs[0].id].shape
        let ax = axis < 0 ? first.count + axis : axis
        let outer = first[..<ax].reduce(1, *)
        let inner = first[(ax + 1)...].reduce(1, *)
        var sizes: [Int] = []
        for x in xs {
            let s = values[x.id].shape
            precondition(s.count == first.count && s[..<ax] == first[..<ax] && s[(ax + 1)...] == first[(ax + 1)...],
                         "concat: \(s) does not fit \(first) along axis \(ax)")
            sizes.append(s[ax])
        }
        let total = sizes.reduce(0, +)
        var outShape = first
        outShape[ax] = total
        var out = [Float](repeating: 0, count: outer * total * inner)
        var start = 0
        for (x, size) in zip(xs, sizes) {
            let src = values[x.id].data
            let chunk = size * inner
            for o in 0..<outer {
                for i in 0..<chunk { out[(o * total + start) * inner + i] = src[o * chunk + i] }
            }
            start += size
        }
        return record(Tensor(shape: outShape, data: out), inputs: xs) { g, dy in
            var start = 0
            for (x, size) in zip(xs, sizes) {
                let chunk = size * inner
                let s0 = start
                g.accumulate(x) { dx in
                    for o in 0..<outer {
                        for i in 0..<chunk { dx[o * chunk + i] += dy[(o * total + s0) * inner + i] }
                    }
                }
                start += size
            }
        }
    }

    /// `length` entries of `axis` starting at `start`.
    public func slice(_ x: Var, axis: Int, start: Int, length: Int) -> Var {
        let shape = values[x.id].shape
        let ax = axis < 0 ? shape.count + axis : axis
        precondition(start >= 0 && length >= 0 && start + length <= shape[ax], "slice out of range of \(shape)")
        let outer = shape[..<ax].reduce(1, *)
        let inner = shape[(ax + 1)...].reduce(1, *)
        let total = shape[ax]
        var outShape = shape
        outShape[ax] = length
        let src = values[x.id].data
        var out = [Float](repeating: 0, count: outer * length * inner)
        let chunk = length * inner
        for o in 0..<outer {
            for i in 0..<chunk { out[o * chunk + i] = src[(o * total + start) * inner + i] }
        }
        return record(Tensor(shape: outShape, data: out), inputs: [x]) { g, dy in
            g.accumulate(x) { dx in
                for o in 0..<outer {
                    for i in 0..<chunk { dx[(o * total + start) * inner + i] += dy[o * chunk + i] }
                }
            }
        }
    }

    /// Rows of `table [v, d]` picked by `indices` (each in `0..<v`): shape `[indices.count, d]`.
    /// Also used as a gather of rows from any `[n, d]` tensor.
    public func embedding(_ table: Var, indices: [Int]) -> Var {
        let tv = values[table.id]
        let d = tv.lastDimension
        let v = tv.count / max(d, 1)
        var out = [Float](repeating: 0, count: indices.count * d)
        for (r, idx) in indices.enumerated() {
            precondition(idx >= 0 && idx < v, "embedding index \(idx) outside 0..<\(v)")
            for j in 0..<d { out[r * d + j] = tv.data[idx * d + j] }
        }
        return record(Tensor(shape: [indices.count, d], data: out), inputs: [table]) { g, dy in
            g.accumulate(table) { dt in
                for (r, idx) in indices.enumerated() { for j in 0..<d { dt[idx * d + j] += dy[r * d + j] } }
            }
        }
    }
}
