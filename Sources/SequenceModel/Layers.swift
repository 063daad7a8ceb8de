/// Building blocks that own parameters in a `ParameterStore` and apply them in a `Graph`.

/// A fully connected layer `x W + b`, `W [in, out]`, initialised with Xavier-uniform bounds.
public struct Linear: Sendable {
    public let weight: Int
    public let bias: Int?
    public let inputs: Int, outputs: Int

    public init(_ name: String, inputs: Int, outputs: Int, bias: Bool = true, store: ParameterStore, rng: inout RandomSource) {
        let bound = Float((6.0 / Double(inputs + outputs)).squareRoot())
        weight = store.register("\(name).weight", .randomUniform(shape: [inputs, outputs], bound: bound, using: &rng), decay: true)
        self.bias = bias ? store.register("\(name).bias", Tensor(zeros: [outputs]), decay: false) : nil
        self.inputs = inputs
        self.outputs = outputs
    }

    public func callAsFunction(_ x: Var, _ g: Graph, _ store: ParameterStore) -> Var {
        g.linear(x, weight: g.parameter(weight, in: store), bias: bias.map { g.parameter($0, in: store) })
    }
}

/// Layer normalisation with learned gain (init 1) and shift (init 0).
public struct LayerNorm: Sendable {
    public let gamma: Int, beta: Int

    public init(_ name: String, width: Int, store: ParameterStore) {
        gamma = store.register("\(name).gamma", Tensor(repeating: 1, shape: [width]), decay: false)
        beta = store.register("\(name).beta", Tensor(zeros: [width]), decay: false)
    }

    public func callAsFunction(_ x: Var, _ g: Graph, _ store: ParameterStore) -> Var {
        g.layerNorm(x, gamma: g.parameter(gamma, in: store), beta: g.parameter(beta, in: store))
    }
}

/// Multi-head attention with query/key/value/output projections.
public struct MultiHeadAttention: Sendable {
    public let query: Linear, key: Linear, value: Linear, output: Linear
    public let heads: Int

    public init(_ name: String, width: Int, heads: Int, store: ParameterStore, rng: inout RandomSource) {
        query = Linear("\(name).query", inputs: width, outputs: width, store: store, rng: &rng)
        key = Linear("\(name).key", inputs: width, outputs: width, store: store, rng: &rng)
        value = Linear("\(name).value", inputs: width, outputs: width, store: store, rng: &rng)
        output = Linear("\(name).output", inputs: width, outputs: width, store: store, rng: &rng)
        self.heads = heads
    }

    /// `x [b, tq, d]` attends to `memory [b, tk, d]`; `keyMask` has `b * tk` values.
    public func callAsFunction(_ x: Var, memory: Var, keyMask: [Bool]?, _ g: Graph, _ store: ParameterStore) -> Var {
        let q = query(x, g, store), k = key(memory, g, store), v = value(memory, g, store)
        return output(g.attention(query: q, key: k, value: v, heads: heads, keyMask: keyMask), g, store)
    }
}

/// A pre-norm transformer layer: optional self-attention, optional cross-attention to a
/// memory, and a GELU feed-forward block, each as a residual branch.
public struct TransformerLayer: Sendable {
    public let selfNorm: LayerNorm?, selfAttention: MultiHeadAttention?
    public let crossNorm: LayerNorm?, crossAttention: MultiHeadAttention?
    public let ffNorm: LayerNorm, ffIn: Linear, ffOut: Linear

    public init(_ name: String, width: Int, heads: Int, hidden: Int, selfAttention hasSelf: Bool = true,
                crossAttention hasCross: Bool = false, store: ParameterStore, rng: inout RandomSource) {
        selfNorm = hasSelf ? LayerNorm("\(name).self_norm", width: width, store: store) : nil
        selfAttention = hasSelf ? MultiHeadAttention("\(name).self_attention", width: width, heads: heads, store: store, rng: &rng) : nil
        crossNorm = hasCross ? LayerNorm("\(name).cross_norm", width: width, store: store) : nil
        crossAttention = hasCross ? MultiHeadAttention("\(name).cross_attention", width: width, heads: heads, store: store, rng: &rng) : nil
        ffNorm = LayerNorm("\(name).ff_norm", width: width, store: store)
        ffIn = Linear("\(name).ff_in", inputs: width, outputs: hidden, store: store, rng: &rng)
        ffOut = Linear("\(name).ff_out", inputs: hidden, outputs: width, store: store, rng: &rng)
    }

    /// `x [b, t, d]`; `mask` (`b * t`) hides padded positions of `x` as keys;
    /// `memory [b, tm, d]` with `memoryMask` (`b * tm`) for cross-attention.
    public func callAsFunction(_ x: Var, mask: [Bool]?, memory: Var? = nil, memoryMask: [Bool]? = nil,
                               _ g: Graph, _ store: ParameterStore) -> Var {
        var h = x
        if let selfAttention, let selfNorm {
            let n = selfNorm(h, g, store)
            h = g.add(h, selfAttention(n, memory: n, keyMask: mask, g, store))
        }
        if let crossAttention, let crossNorm, let memory {
            let n = crossNorm(h, g, store)
            h = g.add(h, crossAttention(n, memory: memory, keyMask: memoryMask, g, store))
        }
        let n = ffNorm(h, g, store)
        return g.add(h, ffOut(g.gelu(ffIn(n, g, store)), g, store))
    }
}
