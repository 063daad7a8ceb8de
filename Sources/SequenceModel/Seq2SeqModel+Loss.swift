import Foundation
import TracklineCore

/// Training targets and loss of the association model.
extension Seq2SeqModel {
    /// Targets of a batch built from samples (same order as the samples).
    public struct Targets {
        /// Per track: the query index of the true continuation (0 = missed).
        public var query: [Int] = []
        /// Per track: forecast target (dx, dy, log w-ratio, log h-ratio) relative to the last box.
        public var box: [Float] = []
        /// Per track: same target as a (cx, cy, w, h) box in track heights, for GIoU.
        public var boxCentred: [Float] = []
        /// Per track: the box forecast loss weight (0 when the true box is unknown).
        public var boxWeight: [Float] = []
        /// Per track: the track's last box aspect (w/h) for decoding the forecast.
        public var aspect: [Float] = []
    }

    /// Builds the batch for `samples` and their targets. A true continuation that the gate
    /// dropped counts as "missed", the same decision inference would face.
    public func prepare(_ samples: [AssociationSample], into batch: inout AssociationBatch) -> Targets {
        var byFrameHist: [[Observation]] = []
        byFrameHist.reserveCapacity(samples.count)
        // Each sample has its own candidate list, so tracks are built one per sample and
        // concatenated by building on a merged detection list with per-sample offsets.
        var merged: [Observation] = []
        var offsets: [Int] = []
        for s in samples {
            offsets.append(merged.count)
            merged.append(contentsOf: s.candidates)
            byFrameHist.append(s.history)
        }
        batch.buildSamples(histories: byFrameHist, frames: samples.map(\.frame), detections: merged,
                           ranges: zip(offsets, samples).map { $0.0..<($0.0 + $0.1.candidates.count) })
        var t = Targets()
        let Q = batch.queries
        for (i, s) in samples.enumerated() {
            var q = 0
            if let target = s.target {
                for j in 1..<Q where batch.candidateIndex[i * Q + j] == offsets[i] + target { q = j }
            }
            t.query.append(q)
            let cx0 = batch.reference[i * 4], cy0 = batch.reference[i * 4 + 1], w0 = batch.reference[i * 4 + 2], h0 = batch.reference[i * 4 + 3]
            t.aspect.append(Float(w0 / h0))
            if let b = s.targetBox, b.width > 0, b.height > 0 {
                let dx = (b.centerX - cx0) / h0, dy = (b.centerY - cy0) / h0
                t.box.append(contentsOf: [Float(dx), Float(dy), Float(log(b.width / w0)), Float(log(b.height / h0))])
                t.boxCentred.append(contentsOf: [Float(dx), Float(dy), Float(b.width / h0), Float(b.height / h0)])
                t.boxWeight.append(1)
            } else {
                t.box.append(contentsOf: [0, 0, 0, 0])
                t.boxCentred.append(contentsOf: [0, 0, 1, 1])
                t.boxWeight.append(0)
            }
        }
        return t
    }

    /// Association cross-entropy plus `boxLossWeight * (L1 + GIoU)` of the forecast.
    /// Returns the total loss node and the association logits node.
    public func loss(_ g: Graph, _ batch: AssociationBatch, _ targets: Targets) -> (total: Var, logits: Var) {
        let (logits, box) = forward(g, batch)
        let ce = g.crossEntropy(logits, targets: targets.query, classMask: batch.queryMask)
        guard config.boxLossWeight > 0, targets.boxWeight.contains(where: { $0 > 0 }) else { return (ce, logits) }
        let T = batch.tracks
        let l1 = g.l1Loss(box, target: Tensor(shape: [T, 4], data: targets.box), rowWeight: targets.boxWeight)
        let centre = g.slice(box, axis: 1, start: 0, length: 2)
        let size = g.mul(g.exp(g.slice(box, axis: 1, start: 2, length: 2)),
                         g.constant(Tensor(shape: [T, 2], data: targets.aspect.flatMap { [$0, 1] })))
        let decoded = g.concat([centre, size], axis: 1)
        let giou = g.giouLoss(decoded, target: Tensor(shape: [T, 4], data: targets.boxCentred), rowWeight: targets.boxWeight)
        let boxLoss = g.scale(g.add(l1, giou), Float(config.boxLossWeight))
        return (g.add(ce, boxLoss), logits)
    }
}
