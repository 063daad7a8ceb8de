import Foundation

/// Hyper-parameters of the seq2seq association model. Stored as JSON in the weights'
/// safetensors metadata (key `config`) so a weights file describes its own architecture.
public struct Seq2SeqConfig: Codable, Sendable, Equatable {
    /// Observations of a track's history fed to the encoder (most recent last).
    public var history: Int = 16
    /// Model width.
    public var width: Int = 64
    /// Attention heads (width must divide by it).
    public var heads: Int = 4
    /// Encoder layers (self-attention over the history).
    public var encoderLayers: Int = 2
    /// Decoder layers (self-attention among candidates, cross-attention to the history).
    public var decoderLayers: Int = 2
    /// Hidden width of the feed-forward blocks.
    public var feedForward: Int = 128
    /// Candidate detections per track (nearest first after gating); more are dropped.
    public var maxCandidates: Int = 12
    /// Length of the appearance vectors the model projects; 0 disables the appearance branch.
    /// At inference a detection whose feature has another length counts as "no appearance".
    public var appearanceDim: Int = 0
    /// Ages (frames before the current one) with their own time embedding; older ones share the last.
    public var maxAge: Int = 64
    /// Candidate gate: a detection is a candidate of a track when its centre lies within
    /// `gateRadius * (1 + gateGrowth * framesSinceLastObservation)` track heights of the
    /// track's forecast centre.
    public var gateRadius: Double = 1.5
    public var gateGrowth: Double = 0.25
    /// Weight of the box-forecast losses (L1 + GIoU) relative to the association loss.
    public var boxLossWeight: Double = 0.5

    public init() {}

    /// Largest accepted `width` and `feedForward`: far above anything trained here, small
    /// enough that a crafted config cannot make the model ask for absurd memory.
    public static let maxWidth = 4096
    public static let maxFeedForward = 65536

    /// Checks the values; `source` names the file in errors. Limits: history 2...256, width
    /// 4...4096 divisible by heads, 1...8 encoder and decoder layers, feedForward 1...65536,
    /// maxCandidates 1...128, appearanceDim 0...4096, maxAge 1...4096.
    public func validate(source: String) throws {
        func bad(_ reason: String) -> SequenceModelError { .invalidConfiguration(path: source, reason: reason) }
        if history < 2 || history > 256 { throw bad("history \(history) must be in 2...256") }
        if width < 4 || width > Self.maxWidth || heads < 1 || width % heads != 0 {
            throw bad("width \(width) must be in 4...\(Self.maxWidth) and divisible by heads \(heads)")
        }
        if encoderLayers < 1 || decoderLayers < 1 || encoderLayers > 8 || decoderLayers > 8 { throw bad("layer counts must be in 1...8") }
        if feedForward < 1 || feedForward > Self.maxFeedForward { throw bad("feedForward \(feedForward) must be in 1...\(Self.maxFeedForward)") }
        if maxCandidates < 1 || maxCandidates > 128 { throw bad("maxCandidates \(maxCandidates) must be in 1...128") }
        if appearanceDim < 0 || appearanceDim > 4096 { throw bad("appearanceDim \(appearanceDim) must be in 0...4096") }
        if maxAge < 1 || maxAge > 4096 { throw bad("maxAge must be in 1...4096") }
        if !(gateRadius > 0) || !(gateGrowth >= 0) { throw bad("gateRadius must be > 0 and gateGrowth >= 0") }
        if !(boxLossWeight >= 0) { throw bad("boxLossWeight must be >= 0") }
    }

    /// Scalar parameters of a model with this (validated) config, counted without building it,
    /// so a weights file can be checked against its config before anything is allocated.
    /// Mirrors `Seq2SeqModel.init`; a test keeps the two in step.
    public var parameterCount: Int {
        let d = width, h = feedForward
        let linearIn = (AssociationBatch.observationFeatureCount + AssociationBatch.queryFeatureCount) * d + 2 * d
        let attention = 2 * d + 4 * (d * d + d)          // norm + query/key/value/output
        let feedForwardBlock = 2 * d + (d * h + h) + (h * d + d)
        let encoderLayer = attention + feedForwardBlock
        let decoderLayer = 2 * attention + feedForwardBlock
        return linearIn + appearanceDim * d + maxAge * d
            + encoderLayers * encoderLayer + decoderLayers * decoderLayer
            + 2 * (2 * d) + (d + 1) + (4 * d + 4)
    }

    /// Compact JSON (sorted keys).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(data: encoder.encode(self), encoding: .utf8)) ?? "{}"
    }
}
