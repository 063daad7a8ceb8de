/// A dense float32 array with a shape, stored contiguously in row-major order.
///
/// The last dimension varies fastest. A scalar has shape `[1]`. `Tensor` is a value type
/// (copy-on-write through its `data` array), so it is safe to pass between threads.
public struct Tensor: Sendable, Equatable {
    /// Sizes of the dimensions, outermost first.
    public var shape: [Int]
    /// `shape.reduce(1, *)` values in row-major order.
    public var data: [Float]

    /// A tensor over existing values. `data.count` must equal the product of `shape`.
    public init(shape: [Int], data: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not fit \(data.count) values")
        self.shape = shape
        self.data = data
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    /// A tensor filled with one value.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, data: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// A one-element tensor of shape `[1]`.
    public init(scalar: Float) {
        self.init(shape: [1], data: [scalar])
    }

    /// Number of values.
    @inlinable public var count: Int { data.count }

    /// Size of the last dimension (1 for a scalar).
    @inlinable public var lastDimension: Int { shape.last ?? 1 }

    /// The same values under another shape with the same number of elements.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, data: data)
    }

    /// Values drawn from a normal distribution N(0, std^2).
    public static func randomNormal(shape: [Int], std: Float, using rng: inout RandomSource) -> Tensor {
        let n = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: n)
        for i in 0..<n { values[i] = Float(rng.nextNormal()) * std }
        return Tensor(shape: shape, data: values)
    }

    /// Values drawn uniformly from `[-bound, bound)`.
    public static func randomUniform(shape: [Int], bound: Float, using rng: inout RandomSource) -> Tensor {
        let n = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: n)
        for i in 0..<n { values[i] = Float(rng.nextUniform() * 2 - 1) * bound }
        return Tensor(shape: shape, data: values)
    }
}
