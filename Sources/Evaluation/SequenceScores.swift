/// Every metric for one sequence (or the combination of several).
public struct SequenceScores: Sendable, Equatable {
    public var hota: HOTA.Result
    public var clear: CLEAR.Result
    public var identity: Identity.Result
    public var count: Count.Result

    public init(hota: HOTA.Result, clear: CLEAR.Result, identity: Identity.Result, count: Count.Result) {
        self.hota = hota
        self.clear = clear
        self.identity = identity
        self.count = count
    }

    /// TrackEval's summary fields, in the order of its `pedestrian_summary.txt`.
    public var summaryFields: [MetricField] {
        hota.summaryFields + clear.summaryFields + identity.summaryFields + count.summaryFields
    }

    /// TrackEval's detailed fields, in the order of its `pedestrian_detailed.csv`.
    public var detailedFields: [MetricField] {
        hota.detailedFields + clear.detailedFields + identity.detailedFields + count.detailedFields
    }

    /// Summary fields followed by the detailed ones not already present (JSON output).
    public var allFields: [MetricField] {
        let summary = summaryFields
        let names = Set(summary.map(\.name))
        return summary + detailedFields.filter { !names.contains($0.name) }
    }

    /// A field by TrackEval name.
    public func field(_ name: String) -> MetricField? {
        allFields.first { $0.name == name }
    }
}

/// The result of an evaluation: each sequence in order, and all of them combined.
public struct EvaluationReport: Sendable {
    public var sequences: [(name: String, scores: SequenceScores)]
    public var combined: SequenceScores

    public init(sequences: [(name: String, scores: SequenceScores)], combined: SequenceScores) {
        self.sequences = sequences
        self.combined = combined
    }
}
