/// A synthetic clip: a static textured ground with `walkers` moving over it.
public struct SynthScene: Sendable, Equatable {
    /// Clip name: the video is `<name>.mp4`, the ground truth `<name>/gt/gt.txt`.
    public var name: String
    public var width: Int
    public var height: Int
    public var frameRate: Double
    /// Number of frames (1...frameCount).
    public var frameCount: Int
    /// Seed of the background texture.
    public var seed: UInt64
    public var walkers: [Walker]

    public init(name: String, width: Int, height: Int, frameRate: Double, frameCount: Int, seed: UInt64, walkers: [Walker]) {
        self.name = name
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.frameCount = frameCount
        self.seed = seed
        self.walkers = walkers
    }
}

/// One ground-truth box of a synthetic clip.
public struct SynthBox: Sendable, Equatable {
    /// 1-based frame number.
    public var frame: Int
    public var id: Int
    /// Integer pixel box (0-based continuous coordinates: column i covers [i, i + 1)), the whole
    /// figure clipped to the frame, occluded parts included.
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// Fraction of the figure's pixels that are visible (inside the frame and not covered by a
    /// nearer figure), 0...1.
    public var visibility: Double
}
