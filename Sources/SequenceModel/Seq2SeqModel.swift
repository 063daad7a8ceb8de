import Foundation

/// The seq2seq association model.
///
/// Encoder: each track's last `history` observations (features relative to its last box, a
/// learned time embedding of their age, optionally projected appearance) pass through
/// `encoderLayers` pre-norm transformer layers. Decoder: the queries are the "no detection"
/// query and the track's candidate detections; each decoder layer lets candidates see each
/// other (self-attention, so they compete) and cross-attend to the encoded history. A linear
/// head gives one association logit per query (query 0 = "missed in this frame"), and a
/// second head reads the "no detection" query to forecast the track's box at the current frame
/// as (dx, dy, log w-ratio, log h-ratio) relative to the last box, in track heights.
/// All tracks of a batch run through the same GEMMs.
public final class Seq2SeqModel {
    public let config: Seq2SeqConfig
    public let store = ParameterStore()
    let observationIn: Linear
    let queryIn: Linear
    let appearanceIn: Linear?
    let timeEmbedding: Int
    let encoder: [TransformerLayer]
    let encoderNorm: LayerNorm
    let decoder: [TransformerLayer]
    let decoderNorm: LayerNorm
    let logitHead: Linear
    let boxHead: Linear
    /// The engine behind `predict` and the store version its weights were copied at.
    var inference: Seq2SeqInference?
    var inferenceVersion = -1

    /// A freshly initialised model; the same `seed` always gives the same weights.
    public init(config: Seq2SeqConfig, seed: UInt64) {
        self.config = config
        var rng = RandomSource(seed: seed)
        let d = config.width
        let store = self.store
        observationIn = Linear("observation_in", inputs: AssociationBatch.observationFeatureCount, outputs: d, store: store, rng: &rng)
        queryIn = Linear("query_in", inputs: AssociationBatch.queryFeatureCount, outputs: d, store: store, rng: &rng)
        appearanceIn = config.appearanceDim > 0
            ? Linear("appearance_in", inputs: config.appearanceDim, outputs: d, bias: false, store: store, rng: &rng) : nil
        timeEmbedding = store.register("time_embedding", .randomNormal(shape: [config.maxAge, d], std: 0.02, using: &rng), decay: false)
        var enc: [TransformerLayer] = []
        for i in 0..<config.encoderLayers {
            enc.append(TransformerLayer("encoder.\(i)", width: d, heads: config.heads, hidden: config.feedForward, store: store, rng: &rng))
        }
        encoder = enc
        encoderNorm = LayerNorm("encoder.norm", width: d, store: store)
        var dec: [TransformerLayer] = []
        for i in 0..<config.decoderLayers {
            dec.append(TransformerLayer("decoder.\(i)", width: d, heads: config.heads, hidden: config.feedForward,
                                        selfAttention: true, crossAttention: true, store: store, rng: &rng))
        }
        decoder = dec
        decoderNorm = LayerNorm("decoder.norm", width: d, store: store)
        logitHead = Linear("logit_head", inputs: d, outputs: 1, store: store, rng: &rng)
        boxHead = Linear("box_head", inputs: d, outputs: 4, store: store, rng: &rng)
    }

    /// Runs the model: association logits `[tracks, queries]` (query 0 = missed; padded
    /// queries must be masked with `batch.queryMask`) and box forecasts `[tracks, 4]`.
    public func forward(_ g: Graph, _ batch: AssociationBatch) -> (logits: Var, box: Var) {
        let T = batch.tracks, L = batch.length, Q = batch.queries, d = config.width
        let obs = g.constant(Tensor(shape: [T, L, AssociationBatch.observationFeatureCount], data: batch.observationFeatures))
        var x = observationIn(obs, g, store)
        let time = g.embedding(g.parameter(timeEmbedding, in: store), indices: batch.ages)
        x = g.add(x, g.reshape(time, [T, L, d]))
        if let appearanceIn {
            let app = g.constant(Tensor(shape: [T, L, config.appearanceDim], data: batch.observationAppearance))
            x = g.add(x, appearanceIn(app, g, store))
        }
        for layer in encoder { x = layer(x, mask: batch.observationMask, g, store) }
        let memory = encoderNorm(x, g, store)

        let qf = g.constant(Tensor(shape: [T, Q, AssociationBatch.queryFeatureCount], data: batch.queryFeatures))
        var q = queryIn(qf, g, store)
        if let appearanceIn {
            let app = g.constant(Tensor(shape: [T, Q, config.appearanceDim], data: batch.queryAppearance))
            q = g.add(q, appearanceIn(app, g, store))
        }
        for layer in decoder {
            q = layer(q, mask: batch.queryMask, memory: memory, memoryMask: batch.observationMask, g, store)
        }
        let out = decoderNorm(q, g, store)
        let logits = g.reshape(logitHead(out, g, store), [T, Q])
        let missed = g.reshape(g.slice(out, axis: 1, start: 0, length: 1), [T, d])
        return (logits, boxHead(missed, g, store))
    }
}
