import Foundation
import SequenceModel
import TracklineCore

/// Scores tracklet links with the association model itself, in both directions of time:
/// forward, the ended tracklet's history is asked about the new tracklet's first box at its
/// frame (the model's own gap-aware forecast and gate); backward, the new tracklet's first
/// boxes, time-reversed, are asked about the ended tracklet's last box. Each direction is a
/// two-way choice (that box or "missed"), so the score is the sum of two log-probabilities.
/// The backward question carries what the online tracker could not know when it let the new
/// tracklet start: where the new tracklet went next. One batched forward pass (both
/// directions) per decision; decisions are rare (one per ended tracklet).
struct ModelLinkScorer: TrackletLinkScoring {
    let model: Seq2SeqModel
    private var batch: AssociationBatch
    private var samples: [AssociationSample] = []
    private var logProbabilities: [Float] = []
    private var forecasts: [BoundingBox] = []
    private var directional: [Double] = []
    private var kept: [Int] = []

    init(model: Seq2SeqModel) {
        self.model = model
        self.batch = AssociationBatch(config: model.config)
    }

    mutating func score(ends: [[Observation]], starts: [[Observation]], into scores: inout [Double]) {
        let n = min(ends.count, starts.count)
        scores.removeAll(keepingCapacity: true)
        // Pairs the model's own forward gate would drop score -infinity without running it.
        kept.removeAll(keepingCapacity: true)
        for k in 0..<n where passesGate(end: ends[k], start: starts[k]) { kept.append(k) }
        scores.append(contentsOf: repeatElement(-.infinity, count: n))
        guard !kept.isEmpty else { return }
        // Forward: history = end tracklet, candidate = first box of the start tracklet.
        samples.removeAll(keepingCapacity: true)
        for k in kept {
            guard let first = starts[k].first, !ends[k].isEmpty else { samples.append(Self.impossible); continue }
            samples.append(AssociationSample(history: ends[k], frame: first.frame, candidates: [first], target: nil, targetBox: nil))
        }
        // Backward: frames mirrored about the gap, so the start tracklet's boxes come first in
        // time and the end tracklet's last box is the candidate after the same gap.
        for k in kept {
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
        // Both directions in one batch (one pass through the model).
        twoWay()
        let m = kept.count
        for (i, k) in kept.enumerated() { scores[k] = directional[i] + directional[m + i] }
    }

    /// The candidate gate of `AssociationBatch` for the forward question: the start's first box
    /// within `gateRadius * (1 + gateGrowth * (gap - 1))` heights of the end's constant-velocity
    /// forecast, height ratio within e^0.7.
    private func passesGate(end: [Observation], start: [Observation]) -> Bool {
        guard let last = end.last, let first = start.first, first.frame > last.frame else { return false }
        let gap = Double(first.frame - last.frame)
        var vx = 0.0, vy = 0.0
        if end.count >= 2 {
            let from = end[max(0, end.count - 5)]
            let df = Double(last.frame - from.frame)
            if df > 0 {
                vx = (last.box.centerX - from.box.centerX) / df
                vy = (last.box.centerY - from.box.centerY) / df
            }
        }
        let h0 = max(last.box.height, 1)
        let dx = (first.box.centerX - last.box.centerX - vx * gap) / h0
        let dy = (first.box.centerY - last.box.centerY - vy * gap) / h0
        let radius = model.config.gateRadius * (1 + model.config.gateGrowth * (gap - 1))
        // A hair wider than the batch's gate: the batch decides the borderline cases.
        return (dx * dx + dy * dy).squareRoot() <= radius * 1.001 + 1e-9
            && abs(log(max(first.box.height, 1) / h0)) < 0.7 + 1e-9
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
