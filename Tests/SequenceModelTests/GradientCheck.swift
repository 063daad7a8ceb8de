import Testing
@testable import SequenceModel

/// Finite-difference check of an op's backward rule.
///
/// `build` maps leaf variables to one output; the checked scalar is `sum(output * r)` with a fixed
/// random `r`, so every output element's gradient path is exercised. The numeric derivative is a
/// central difference with the forward pass in float32 and the weighted sum in float64.
func checkGradients(_ inputs: [Tensor], step: Float = 1e-2, tolerance: Float = 2e-2, seed: UInt64 = 7,
                    sourceLocation: SourceLocation = #_sourceLocation,
                    _ build: (Graph, [Var]) -> Var) {
    // Analytic.
    let g = Graph()
    let leaves = inputs.map { g.variable($0) }
    let out = build(g, leaves)
    var rng = RandomSource(seed: seed)
    let r = Tensor.randomUniform(shape: g.shape(out), bound: 1, using: &rng)
    let loss = g.sum(g.mul(out, g.constant(r)))
    g.backward(from: loss)

    func evaluate(_ values: [Tensor]) -> Double {
        let h = Graph(recording: false)
        let o = h.value(build(h, values.map { h.constant($0) }))
        var s = 0.0
        for i in 0..<o.count { s += Double(o.data[i]) * Double(r.data[i]) }
        return s
    }
    for (k, input) in inputs.enumerated() {
        let analytic = g.gradient(leaves[k])?.data ?? [Float](repeating: 0, count: input.count)
        for i in 0..<input.count {
            var plus = inputs, minus = inputs
            plus[k].data[i] += step
            minus[k].data[i] -= step
            let numeric = Float((evaluate(plus) - evaluate(minus)) / Double(2 * step))
            let a = analytic[i]
            let ok = abs(a - numeric) <= tolerance * max(1, abs(numeric))
            #expect(ok, "input \(k) element \(i): analytic \(a) vs numeric \(numeric)", sourceLocation: sourceLocation)
            if !ok { return }
        }
    }
}

func randomTensor(_ shape: [Int], seed: UInt64, bound: Float = 1) -> Tensor {
    var rng = RandomSource(seed: seed)
    return .randomUniform(shape: shape, bound: bound, using: &rng)
}
