import Foundation
import TracklineCore

/// The inference pass of a `Seq2SeqModel`, giving exactly the floats of `forward` (and of the
/// `Graph`-based `predictReference`) for any weights, only faster.
///
/// Why it is faster without changing a bit:
/// - Rows are packed: a track contributes only its real history positions and its real queries
///   (the "no detection" query and its gated candidates), not the batch's padding. Padding never
///   reaches a real row in `forward` (it is masked as a key, and every other op works row by
///   row), so dropping it changes nothing: a masked key adds an exact zero to the attention sums.
/// - The query/key/value projections of one attention run as one GEMM over the concatenated
///   weights (each output is still the same dot product over the same inputs).
/// - Buffers live as long as the engine; nothing is allocated per frame once they have grown.
///
/// The weights are copied when the engine is made: build a new engine after changing them.
/// An engine is used from one thread at a time.
public final class Seq2SeqInference {
    public let config: Seq2SeqConfig

    private let observationIn: Dense
    private let queryIn: Dense
    private let appearanceIn: Dense?
    private let timeEmbedding: [Float]
    private let encoder: [Layer]
    private let encoderNorm: Norm
    private let decoder: [Layer]
    /// Keys and values of the memory for every decoder layer's cross-attention, side by side:
    /// one GEMM over the encoder's output instead of one per layer.
    private let memoryKeyValue: Dense?
    private let decoderNorm: Norm
    private let logitHead: Dense
    private let boxHead: Dense

    // Packed rows: encoder rows (history positions) and decoder rows (queries) of each track.
    private var encoderStart: [Int] = [], encoderCount: [Int] = []
    private var decoderStart: [Int] = [], decoderCount: [Int] = []
    /// Per decoder row: its query index in the batch's padded layout.
    private var decoderQuery: [Int] = []
    private var ages: [Int] = []
    private var workspace = Workspace()
    /// Largest differences seen by `predictComparingReference` callers that keep count here.
    public var largestDifference: (logProbability: Float, forecast: Double) = (0, 0)

    /// An engine over the current weights of `model`.
    public init(model: Seq2SeqModel) {
        config = model.config
        let store = model.store
        observationIn = Dense(model.observationIn, store)
        queryIn = Dense(model.queryIn, store)
        appearanceIn = model.appearanceIn.map { Dense($0, store) }
        timeEmbedding = store.tensors[model.timeEmbedding].data
        encoder = model.encoder.map { Layer($0, store) }
        encoderNorm = Norm(model.encoderNorm, store)
        decoder = model.decoder.map { Layer($0, store) }
        let cross = model.decoder.compactMap(\.crossAttention)
        memoryKeyValue = cross.isEmpty ? nil : Dense(concatenating: cross.flatMap { [$0.key, $0.value] }, store)
        decoderNorm = Norm(model.decoderNorm, store)
        logitHead = Dense(model.logitHead, store)
        boxHead = Dense(model.boxHead, store)
    }

    /// Log-probabilities `[tracks * queries]` (row-major; query 0 = missed; padded queries get
    /// -infinity) and forecast boxes (pixels), one per track: the same values as
    /// `Seq2SeqModel.predictReference`.
    public func predict(_ batch: AssociationBatch, logProbabilities: inout [Float], forecasts: inout [BoundingBox]) {
        precondition(batch.config.width == config.width && batch.config.appearanceDim == config.appearanceDim,
                     "batch built for another model configuration")
        let T = batch.tracks, L = batch.length, Q = batch.queries
        let d = config.width, A = config.appearanceDim
        let fo = AssociationBatch.observationFeatureCount, fq = AssociationBatch.queryFeatureCount
        pack(batch)
        let E = encoderStart.isEmpty ? 0 : encoderStart[T - 1] + encoderCount[T - 1]
        let D = decoderStart.isEmpty ? 0 : decoderStart[T - 1] + decoderCount[T - 1]
        let ff = config.feedForward
        let w = workspace
        w.reserve(encoderRows: E, decoderRows: D, tracks: T, width: d, feedForward: ff, appearance: A)

        // Encoder input: projected features + time embedding (+ projected appearance).
        packHistoryRows(batch.observationFeatures, width: fo, tracks: T, length: L, into: w.input)
        observationIn.apply(w.input, rows: E, into: w.x)
        timeEmbedding.withUnsafeBufferPointer { table in
            for e in 0..<E {
                let row = w.x + e * d, time = table.baseAddress! + ages[e] * d
                for j in 0..<d { row[j] = row[j] + time[j] }
            }
        }
        if let appearanceIn, A > 0 {
            packHistoryRows(batch.observationAppearance, width: A, tracks: T, length: L, into: w.appearance)
            appearanceIn.apply(w.appearance, rows: E, into: w.projection)
            Kernels.addInPlace(w.x, w.projection, count: E * d)
        }
        for layer in encoder {
            layer.run(w.x, rows: E, starts: encoderStart, counts: encoderCount, memory: nil, workspace: w)
        }
        encoderNorm.apply(w.x, rows: E, into: w.memory, workspace: w)

        // Decoder input: the real queries of each track.
        batch.queryFeatures.withUnsafeBufferPointer { src in
            for r in 0..<D { (w.input + r * fq).update(from: src.baseAddress! + decoderQuery[r] * fq, count: fq) }
        }
        queryIn.apply(w.input, rows: D, into: w.q)
        if let appearanceIn, A > 0 {
            batch.queryAppearance.withUnsafeBufferPointer { src in
                for r in 0..<D { (w.appearance + r * A).update(from: src.baseAddress! + decoderQuery[r] * A, count: A) }
            }
            appearanceIn.apply(w.appearance, rows: D, into: w.projection)
            Kernels.addInPlace(w.q, w.projection, count: D * d)
        }
        let kvWidth = memoryKeyValue?.outputs ?? 0
        if let memoryKeyValue {
            w.reserveMemoryKeyValue(E * kvWidth)
            memoryKeyValue.apply(w.memory, rows: E, into: w.memoryKeyValue)
        }
        var crossIndex = 0
        for layer in decoder {
            let kv = UnsafePointer(w.memoryKeyValue + crossIndex * 2 * d)
            layer.run(w.q, rows: D, starts: decoderStart, counts: decoderCount,
                      memory: (kv, kvWidth, encoderStart, encoderCount), workspace: w)
            if layer.crossAttention != nil { crossIndex += 1 }
        }
        decoderNorm.apply(w.q, rows: D, into: w.normed, workspace: w)
        logitHead.apply(w.normed, rows: D, into: w.logits)
        for t in 0..<T { (w.missed + t * d).update(from: w.normed + decoderStart[t] * d, count: d) }
        boxHead.apply(w.missed, rows: T, into: w.box)

        // Log-softmax over each track's real queries, as `predictReference` does.
        logProbabilities.removeAll(keepingCapacity: true)
        logProbabilities.append(contentsOf: repeatElement(-Float.infinity, count: T * Q))
        forecasts.removeAll(keepingCapacity: true)
        let lv = w.logits, bv = w.box
        for t in 0..<T {
            let rows = decoderStart[t]..<(decoderStart[t] + decoderCount[t])
            var mx = -Float.infinity
            for r in rows { mx = max(mx, lv[r]) }
            var s: Float = 0
            for r in rows { s += expf(lv[r] - mx) }
            let lse = mx + logf(s)
            for r in rows { logProbabilities[decoderQuery[r]] = lv[r] - lse }
            let cx0 = batch.reference[t * 4], cy0 = batch.reference[t * 4 + 1], w0 = batch.reference[t * 4 + 2], h0 = batch.reference[t * 4 + 3]
            let cx = cx0 + Double(bv[t * 4]) * h0, cy = cy0 + Double(bv[t * 4 + 1]) * h0
            let bw = w0 * Foundation.exp(Double(min(2, max(-2, bv[t * 4 + 2]))))
            let bh = h0 * Foundation.exp(Double(min(2, max(-2, bv[t * 4 + 3]))))
            forecasts.append(BoundingBox(x: cx - bw / 2, y: cy - bh / 2, width: bw, height: bh))
        }
    }

    /// Finds each track's real rows in the batch's padded layout.
    /// Copies each track's real history rows (the last `encoderCount[t]` of its `L` padded rows
    /// of `width` values in `source`) one after another into `rows`.
    private func packHistoryRows(_ source: [Float], width: Int, tracks T: Int, length L: Int,
                                 into rows: UnsafeMutablePointer<Float>) {
        source.withUnsafeBufferPointer { src in
            var e = 0
            for t in 0..<T {
                for p in (L - encoderCount[t])..<L {
                    (rows + e * width).update(from: src.baseAddress! + (t * L + p) * width, count: width)
                    e += 1
                }
            }
        }
    }

    private func pack(_ batch: AssociationBatch) {
        let T = batch.tracks, L = batch.length, Q = batch.queries
        encoderStart.removeAll(keepingCapacity: true); encoderCount.removeAll(keepingCapacity: true)
        decoderStart.removeAll(keepingCapacity: true); decoderCount.removeAll(keepingCapacity: true)
        decoderQuery.removeAll(keepingCapacity: true); ages.removeAll(keepingCapacity: true)
        var e = 0, r = 0
        for t in 0..<T {
            // Histories are left-padded: the real positions are the last ones.
            var n = 0
            while n < L && batch.observationMask[t * L + L - 1 - n] { n += 1 }
            precondition((0..<(L - n)).allSatisfy { !batch.observationMask[t * L + $0] }, "history mask must be left-padded")
            encoderStart.append(e); encoderCount.append(n)
            for p in (L - n)..<L { ages.append(batch.ages[t * L + p]) }
            e += n
            decoderStart.append(r)
            for q in 0..<Q where batch.queryMask[t * Q + q] { decoderQuery.append(t * Q + q); r += 1 }
            decoderCount.append(r - decoderStart[t])
        }
    }
}

extension Seq2SeqInference {
    /// `predict`, then also `model.predictReference` (the autodiff graph, padding and all) on the
    /// same batch. Returns the largest difference between the two in any real log-probability
    /// (absolute) or forecast coordinate (in track heights). For parity checks on real data
    /// (`TRACKLINE_SEQ2SEQ_CHECK=1 trackline track ...`); about three times slower.
    public func predictComparingReference(_ batch: AssociationBatch, model: Seq2SeqModel, logProbabilities: inout [Float],
                                          forecasts: inout [BoundingBox]) -> (logProbability: Float, forecast: Double) {
        predict(batch, logProbabilities: &logProbabilities, forecasts: &forecasts)
        var lp: [Float] = [], boxes: [BoundingBox] = []
        model.predictReference(batch, logProbabilities: &lp, forecasts: &boxes)
        var worst: Float = 0, worstBox = 0.0
        for (a, b) in zip(logProbabilities, lp) where a != b {
            worst = max(worst, a.isFinite && b.isFinite ? abs(a - b) : .infinity)
        }
        for (t, (a, b)) in zip(forecasts, boxes).enumerated() {
            let h = batch.reference[t * 4 + 3]
            worstBox = max(worstBox, max(abs(a.x - b.x), abs(a.y - b.y), abs(a.width - b.width), abs(a.height - b.height)) / h)
        }
        return (worst, worstBox)
    }
}
