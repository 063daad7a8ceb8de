/// A handle to one value recorded in a `Graph`.
public struct Var: Hashable, Sendable {
    /// Index of the node in its graph.
    public let id: Int
}

/// Reverse-mode automatic differentiation by a tape.
///
/// Design: every op computes its output eagerly, appends it to `values`, and (when any input
/// needs a gradient and the graph is recording) appends a backward closure that receives the
/// output gradient and adds its contribution into the inputs' gradients. `backward(from:)`
/// walks the tape once in reverse order, which is a valid topological order because a node's
/// inputs always precede it. Leaves come from `constant` (no gradient) or `parameter` (the
/// gradient is added to the `ParameterStore` after the walk). A graph is used for one forward
/// and at most one backward pass, then dropped; inference graphs are built with
/// `recording: false` so no closures or gradients are kept.
public final class Graph {
    /// Backward rule of one node: `(graph, gradient of this node's output)`.
    typealias Backward = (Graph, UnsafeBufferPointer<Float>) -> Void

    public private(set) var values: [Tensor] = []
    private(set) var grads: [[Float]] = []
    private(set) var needsGrad: [Bool] = []
    private var rules: [Backward?] = []
    private var parameterOfNode: [Int] = []
    private var nodeOfParameter: [Int: Var] = [:]
    private weak var store: ParameterStore?
    /// False for inference: no backward rules are kept.
    public let recording: Bool

    public init(recording: Bool = true) {
        self.recording = recording
        values.reserveCapacity(256)
    }

    /// A leaf that never receives a gradient (inputs, targets).
    public func constant(_ tensor: Tensor) -> Var {
        append(tensor, needsGrad: false, rule: nil)
    }

    /// A leaf that receives a gradient but belongs to no store (tests, inputs to optimise).
    public func variable(_ tensor: Tensor) -> Var {
        append(tensor, needsGrad: recording, rule: nil)
    }

    /// A leaf bound to a stored parameter; its gradient is added to `store` by `backward`.
    /// Asking for the same parameter twice returns the same node.
    public func parameter(_ index: Int, in store: ParameterStore) -> Var {
        precondition(self.store == nil || self.store === store, "one ParameterStore per graph")
        self.store = store
        if let v = nodeOfParameter[index] { return v }
        let v = append(store.tensors[index], needsGrad: recording, rule: nil)
        parameterOfNode[v.id] = index
        nodeOfParameter[index] = v
        return v
    }

    /// The value of a node.
    @inlinable public func value(_ v: Var) -> Tensor { values[v.id] }

    /// The shape of a node's value.
    public func shape(_ v: Var) -> [Int] { values[v.id].shape }

    /// The gradient of a node after `backward`, or nil when none reached it.
    public func gradient(_ v: Var) -> Tensor? {
        let g = grads[v.id]
        return g.isEmpty ? nil : Tensor(shape: values[v.id].shape, data: g)
    }

    /// Records an op's output. `rule` is only kept when some input needs a gradient.
    func record(_ output: Tensor, inputs: [Var], rule: @escaping Backward) -> Var {
        let needs = recording && inputs.contains { needsGrad[$0.id] }
        return append(output, needsGrad: needs, rule: needs ? rule : nil)
    }

    private func append(_ t: Tensor, needsGrad needs: Bool, rule: Backward?) -> Var {
        values.append(t)
        grads.append([])
        needsGrad.append(needs)
        rules.append(rule)
        parameterOfNode.append(-1)
        return Var(id: values.count - 1)
    }

    /// Whether a gradient should be propagated into `v`.
    @inline(__always) func wantsGrad(_ v: Var) -> Bool { needsGrad[v.id] }

    /// Adds into the gradient buffer of `v` (allocated as zeros on first use).
    @inline(__always)
    func accumulate(_ v: Var, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        guard needsGrad[v.id] else { return }
        if grads[v.id].isEmpty { grads[v.id] = [Float](repeating: 0, count: values[v.id].count) }
        grads[v.id].withUnsafeMutableBufferPointer { body($0) }
    }

    /// Backpropagates from a scalar node (seed gradient 1), then adds parameter gradients to
    /// the parameter store.
    public func backward(from loss: Var) {
        precondition(values[loss.id].count == 1, "backward needs a scalar loss")
        backward(from: loss, seed: [1])
    }

    /// Backpropagates from any node with an explicit output gradient.
    public func backward(from output: Var, seed: [Float]) {
        precondition(recording, "backward on a non-recording graph")
        guard needsGrad[output.id] else { return }
        grads[output.id] = seed
        for i in stride(from: output.id, through: 0, by: -1) {
            guard let rule = rules[i], !grads[i].isEmpty else { continue }
            let g = grads[i]
            g.withUnsafeBufferPointer { rule(self, $0) }
            if i != output.id { grads[i] = [] } // intermediate gradients are no longer needed
        }
        if let store {
            for (index, v) in nodeOfParameter where !grads[v.id].isEmpty {
                store.addGradient(index, grads[v.id])
            }
        }
    }
}
