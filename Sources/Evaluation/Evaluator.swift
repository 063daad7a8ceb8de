/// Runs HOTA, CLEAR, Identity and Count on sequences and combines them as TrackEval does.
public struct Evaluator: Sendable {
    public init() {}

    /// Scores one preprocessed sequence.
    public func evaluate(_ sequence: SequenceData) throws -> SequenceScores {
        SequenceScores(hota: try HOTA().evaluate(sequence), clear: try CLEAR().evaluate(sequence),
                       identity: try Identity().evaluate(sequence), count: Count().evaluate(sequence))
    }

    /// Combines per-sequence scores: summed counts, recomputed ratios.
    public func combine(_ scores: [SequenceScores]) -> SequenceScores {
        SequenceScores(hota: HOTA().combine(scores.map(\.hota)), clear: CLEAR().combine(scores.map(\.clear)),
                       identity: Identity().combine(scores.map(\.identity)), count: Count().combine(scores.map(\.count)))
    }

    /// Scores every sequence, in order, and their combination.
    public func evaluate(_ sequences: [SequenceData]) throws -> EvaluationReport {
        var rows: [(name: String, scores: SequenceScores)] = []
        for s in sequences { rows.append((s.name, try evaluate(s))) }
        return EvaluationReport(sequences: rows, combined: combine(rows.map(\.scores)))
    }
}
