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

    /// Checks the values; `source` names the file in errors.
    public func validate(source: String) throws {
        func bad(_ reason: String) -> SequenceModelError { .invalidConfiguration(path: source, reason: reason) }
        if history < 2 || history > 256 { throw bad("history \(history) must be in 2...256") }
        if width < 4 || heads < 1 || width % heads != 0 { throw bad("width \(width) must be >= 4 and divisible by heads \(heads)") }
        if encoderLayers < 1 || decoderLayers < 1 || encoderLayers > 8 || decoderLayers > 8 { throw bad("layer counts must be in 1...8") }
        if feedForward < 1 { throw bad("feedForward must be positive") }
        if maxCandidates < 1 || maxCandidates > 128 { throw bad("maxCandidates \(maxCandidates) must be in 1...128") }
        if appearanceDim < 0 || appearanceDim > 4096 { throw bad("appearanceDim \(appearanceDim) must be in 0...4096") }
        if maxAge < 1 || maxAge > 4096 { throw bad("maxAge must be in 1...4096") }
        if !(gateRadius > 0) || !(gateGrowth >= 0) { throw bad("gateRadius must be > 0 and gateGrowth >= 0") }
        if !(boxLossWeight >= 0) { throw bad("boxLossWeight must be >= 0") }
    }

    /// Compact JSON (sorted keys).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(data: encoder.encode(self), encoding: .utf8)) ?? "{}"
    }
}
