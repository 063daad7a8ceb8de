import SequenceModel
import TracklineCore

/// Scores tracklet links with the association model itself, in both directions of time:
/// forward, the ended tracklet's history is asked about the new tracklet's first box at its
/// frame (the model's own gap-aware forecast and gate); backward, the new tracklet's first
/// boxes, time-reversed, are asked about the ended tracklet's last box. Each direction is a
/// two-way choice (that box or "missed"), so the score is the sum of two log-probabilities.
/// The backward question carries what the online tracker could not know when it let the new
/// tracklet start: where the new tracklet went next. One batched forward pass per direction
/// per decision; decisions are rare (one per ended tracklet).
struct ModelLinkScorer: TrackletLinkScoring {
    let model: Seq2SeqModel
    private var batch: AssociationBatch
    private var samples: [AssociationSample] = []
    private var logProbabilities: [Float] = []
    private var forecasts: [BoundingBox] = []
    private var directional: [Double] = []

    init(model: Seq2SeqModel) {
        self.model = model
        self.batch = AssociationBatch(config: model.config)
    }

    mutating func score(ends: [[Observation]], starts: [[Observation]], into scores: inout [Double]) {
        let n = min(ends.count, starts.count)
        scores.removeAll(keepingCapacity: true)
        guard n > 0 else { return }
        // Forward: history = end tracklet, candidate = first box of the start tracklet.
        samples.removeAll(keepingCapacity: true)
        for k in 0..<n {
            guard let first = starts[k].first, !ends[k].isEmpty else { samples.append(Self.impossible); continue }
            samples.append(AssociationSample(history: ends[k], frame: first.frame, candidates: [first], target: nil, targetBox: nil))
        }
        twoWay()
        scores.append(contentsOf: directional)
        // Backward: frames mirrored about the gap, so the start tracklet's boxes come first in
        // time and the end tracklet's last box is the candidate after the same gap.
        samples.removeAll(keepingCapacity: true)
        for k in 0..<n {
            guard let first = starts[k].first, let last = ends[k].last else { samples.append(Self.impossible); continue }
            let mirror = first.frame + last.frame
            var h: [Observation] = []
            h.reserveCapacity(starts[k].count)
            for o in starts[k].reversed() {
                var r = o
                r.frame = mirror - o.frame
                h.append(r)
            }
            var c = last
            c.frame = mirror - last.frame
            samples.append(AssociationSample(history: h, frame: c.frame, candidates: [c], target: nil, targetBox: nil))
        }
        twoWay()
        for k in scores.indices { scores[k] += directional[k] }
    }

    /// A question without candidates: scores -infinity.
    private static let impossible = AssociationSample(
        history: [Observation(frame: 0, box: BoundingBox(x: 0, y: 0, width: 1, height: 1), score: 0)],
        frame: 1, candidates: [], target: nil, targetBox: nil)

    /// `directional`: log p(candidate) for each sample (its only candidate), -infinity when gated out.
    private mutating func twoWay() {
        directional.removeAll(keepingCapacity: true)
        _ = model.prepare(samples, into: &batch)
        model.predict(batch, logProbabilities: &logProbabilities, forecasts: &forecasts)
        let Q = batch.queries
        for k in samples.indices {
            directional.append(Q > 1 && batch.candidateIndex[k * Q + 1] >= 0 ? Double(logProbabilities[k * Q + 1]) : -.infinity)
        }
    }
}
