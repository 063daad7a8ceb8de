import TracklineCore

/// One detection as seen by the association model.
public struct Observation: Sendable, Equatable {
    /// 1-based frame number.
    public var frame: Int
    /// Box in pixels, top-left corner plus size.
    public var box: BoundingBox
    /// Detector score in [0, 1].
    public var score: Float
    /// Appearance vector (empty when unknown).
    public var feature: [Float]

    public init(frame: Int, box: BoundingBox, score: Float, feature: [Float] = []) {
        self.frame = frame
        self.box = box
        self.score = score
        self.feature = feature
    }

    public init(_ d: Detection) {
        self.init(frame: d.frame, box: d.box, score: d.score, feature: d.feature)
    }
}

/// One training or inference question: given a track's history, which candidate (if any)
/// continues it at `frame`?
public struct AssociationSample: Sendable {
    /// The track's past observations, oldest first, all before `frame`.
    public var history: [Observation]
    /// The current frame.
    public var frame: Int
    /// Candidate detections of the current frame.
    public var candidates: [Observation]
    /// Index into `candidates` of the true continuation, or nil when the track is missed.
    public var target: Int?
    /// The track's true box at `frame` when known (also when missed), for the forecast loss.
    public var targetBox: BoundingBox?

    public init(history: [Observation], frame: Int, candidates: [Observation], target: Int?, targetBox: BoundingBox?) {
        self.history = history
        self.frame = frame
        self.candidates = candidates
        self.target = target
        self.targetBox = targetBox
    }
}
