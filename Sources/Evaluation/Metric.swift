/// One family of tracking metrics, evaluated per sequence and combined over sequences the way
/// TrackEval does: integer counts are summed and the ratios recomputed, never averaged.
public protocol Metric: Sendable {
    associatedtype Result: MetricResult
    /// Scores one preprocessed sequence.
    func evaluate(_ sequence: SequenceData) throws -> Result
    /// Combines per-sequence results into one (TrackEval's `combine_sequences`).
    func combine(_ results: [Result]) -> Result
}

/// A metric's numbers under TrackEval's field names.
public protocol MetricResult: Sendable {
    /// The fields of TrackEval's summary, in its order.
    var summaryFields: [MetricField] { get }
    /// Every field of TrackEval's detailed CSV (including per-alpha values), in its order.
    var detailedFields: [MetricField] { get }
}

/// A named value with TrackEval's scale.
public struct MetricField: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// An integer count, printed as is.
        case count(Int)
        /// A ratio in [0, 1] that TrackEval prints as a percentage (value x 100).
        case ratio(Double)
        /// Any other real number, printed unscaled (MOTP_sum, FP_per_frame, mean counts).
        case number(Double)
    }

    public var name: String
    public var value: Value

    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }

    /// The value on TrackEval's printed scale (ratios x 100).
    public var scaled: Double {
        switch value {
        case .count(let c): return Double(c)
        case .ratio(let r): return 100 * r
        case .number(let x): return x
        }
    }
}
