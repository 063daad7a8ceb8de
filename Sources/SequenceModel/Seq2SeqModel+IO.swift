import Foundation
import Synchronization
import TracklineCore

/// Saving, loading and inference helpers.
extension Seq2SeqModel {
    /// Saves the weights with the config (`config` key) and any extra metadata
    /// (training command, data description) in the safetensors header.
    public func save(to path: String, metadata: [String: String] = [:]) throws {
        guard store.allFinite else {
            throw SequenceModelError.weightsMismatch(path: path, reason: "the weights hold NaN or infinite values; nothing was written")
        }
        var meta = metadata
        meta["config"] = config.json()
        meta["format"] = "trackline-seq2seq-1"
        try Safetensors.save(store, metadata: meta, to: path)
    }

    /// Loads a model saved by `save`: the architecture comes from the file's `config` metadata.
    public static func load(path: String) throws -> (model: Seq2SeqModel, metadata: [String: String]) {
        let contents = try Safetensors.load(path: path)
        guard let json = contents.metadata["config"], let data = json.data(using: .utf8) else {
            throw SequenceModelError.weightsMismatch(path: path, reason: "no `config` entry in the header metadata")
        }
        let config: Seq2SeqConfig
        do { config = try JSONDecoder().decode(Seq2SeqConfig.self, from: data) } catch {
            throw SequenceModelError.weightsMismatch(path: path, reason: "the `config` metadata is not a valid model configuration")
        }
        try config.validate(source: path)
        // Check the file holds as many values as the config needs before building (allocating)
        // the model, so a crafted config cannot ask for more memory than the file's own size.
        let stored = contents.tensors.values.reduce(0) { $0 + $1.count }
        let needed = config.parameterCount
        guard stored >= needed else {
            throw SequenceModelError.weightsMismatch(path: path, reason: "its `config` needs \(needed) parameters but the file holds \(stored)")
        }
        if let bad = contents.tensors.keys.sorted().first(where: { !contents.tensors[$0]!.data.allSatisfy(\.isFinite) }) {
            throw SequenceModelError.weightsMismatch(path: path, reason: "tensor '\(bad)' holds NaN or infinite values")
        }
        let model = Seq2SeqModel(config: config, seed: 0)
        try Safetensors.assign(contents, to: model.store, path: path)
        return (model, contents.metadata)
    }

    /// Inference: log-probabilities `[tracks * queries]` (row-major; query 0 = missed; padded
    /// queries get -infinity) and forecast boxes (pixels), one per track, by a `Seq2SeqInference`
    /// the model keeps and rebuilds when its weights have changed since.
    public func predict(_ batch: AssociationBatch, logProbabilities: inout [Float], forecasts: inout [BoundingBox]) {
        if Self.usesReference.load(ordering: .relaxed) {
            predictReference(batch, logProbabilities: &logProbabilities, forecasts: &forecasts)
            return
        }
        if inference == nil || inferenceVersion != store.version {
            inference = Seq2SeqInference(model: self)
            inferenceVersion = store.version
        }
        inference?.predict(batch, logProbabilities: &logProbabilities, forecasts: &forecasts)
    }

    /// When set, `predict` (and the tracker) run `predictReference`, the computation before the
    /// inference engine, for parity and speed comparisons within one build
    /// (Scripts/seq2seq-exact.sh; the executables set it from `TRACKLINE_SEQ2SEQ_REFERENCE=1`).
    public static let usesReference = Atomic<Bool>(false)

    /// `predict` through the autodiff graph (`forward`), padding and all: the reference that
    /// `Seq2SeqInference` must match bit for bit.
    public func predictReference(_ batch: AssociationBatch, logProbabilities: inout [Float], forecasts: inout [BoundingBox]) {
        let g = Graph(recording: false)
        let (logits, box) = forward(g, batch)
        let lv = g.value(logits).data, bv = g.value(box).data
        let T = batch.tracks, Q = batch.queries
        logProbabilities.removeAll(keepingCapacity: true)
        logProbabilities.append(contentsOf: repeatElement(-Float.infinity, count: T * Q))
        forecasts.removeAll(keepingCapacity: true)
        for t in 0..<T {
            var mx = -Float.infinity
            for q in 0..<Q where batch.queryMask[t * Q + q] { mx = max(mx, lv[t * Q + q]) }
            var s: Float = 0
            for q in 0..<Q where batch.queryMask[t * Q + q] { s += expf(lv[t * Q + q] - mx) }
            let lse = mx + logf(s)
            for q in 0..<Q where batch.queryMask[t * Q + q] { logProbabilities[t * Q + q] = lv[t * Q + q] - lse }
            let cx0 = batch.reference[t * 4], cy0 = batch.reference[t * 4 + 1], w0 = batch.reference[t * 4 + 2], h0 = batch.reference[t * 4 + 3]
            let cx = cx0 + Double(bv[t * 4]) * h0, cy = cy0 + Double(bv[t * 4 + 1]) * h0
            let w = w0 * Foundation.exp(Double(min(2, max(-2, bv[t * 4 + 2]))))
            let h = h0 * Foundation.exp(Double(min(2, max(-2, bv[t * 4 + 3]))))
            forecasts.append(BoundingBox(x: cx - w / 2, y: cy - h / 2, width: w, height: h))
        }
    }
}
