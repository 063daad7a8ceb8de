/// The registry of trainable parameters: named tensors, their gradients and optimiser state.
///
/// Names are unique, dotted paths (`encoder.0.attention.query.weight`). Registration order is
/// kept and is the order of saving and of the optimiser's updates. A store is used from one
/// thread at a time.
public final class ParameterStore {
    public private(set) var names: [String] = []
    public internal(set) var tensors: [Tensor] = [] { didSet { version &+= 1 } }
    /// Changes whenever any parameter value changes, so a copy of the weights (an inference
    /// engine) can tell it is stale.
    public private(set) var version = 0
    /// Accumulated gradients, same shapes as `tensors`.
    public internal(set) var grads: [[Float]] = []
    /// Whether AdamW applies weight decay (matrices yes, biases / norms / embeddings no).
    public private(set) var decays: [Bool] = []
    private var indexOfName: [String: Int] = [:]

    public init() {}

    /// Registers a parameter and returns its index. Names must be unique.
    @discardableResult
    public func register(_ name: String, _ tensor: Tensor, decay: Bool) -> Int {
        precondition(indexOfName[name] == nil, "parameter \(name) registered twice")
        names.append(name)
        tensors.append(tensor)
        grads.append([Float](repeating: 0, count: tensor.count))
        decays.append(decay)
        indexOfName[name] = names.count - 1
        return names.count - 1
    }

    /// The index of a named parameter.
    public func index(of name: String) -> Int? { indexOfName[name] }

    /// Number of scalar parameters.
    public var scalarCount: Int { tensors.reduce(0) { $0 + $1.count } }

    /// True when every value is a finite number (no NaN, no infinity).
    public var allFinite: Bool { tensors.allSatisfy { $0.data.allSatisfy(\.isFinite) } }

    /// Sets every gradient to zero.
    public func zeroGradients() {
        for i in grads.indices {
            grads[i].withUnsafeMutableBufferPointer { p in
                for j in p.indices { p[j] = 0 }
            }
        }
    }

    func addGradient(_ index: Int, _ g: [Float]) {
        grads[index].withUnsafeMutableBufferPointer { dst in
            g.withUnsafeBufferPointer { src in
                for j in 0..<dst.count { dst[j] += src[j] }
            }
        }
    }

    /// Replaces a parameter's value (same shape), e.g. when loading weights.
    public func setValue(_ index: Int, _ tensor: Tensor) {
        precondition(tensor.shape == tensors[index].shape, "shape mismatch for \(names[index])")
        tensors[index] = tensor
    }

    /// Global L2 norm of all gradients.
    public func gradientNorm() -> Double {
        var s = 0.0
        for g in grads { for v in g { s += Double(v) * Double(v) } }
        return s.squareRoot()
    }
}
