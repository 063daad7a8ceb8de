/// One object found in one frame: the plain data passed from a detector to a tracker.
public struct Detection: Sendable, Equatable {
    /// 1-based frame number in the source video or sequence.
    public var frame: Int
    /// Box in original-frame pixels, top-left corner plus size.
    public var box: BoundingBox
    /// Detector confidence, usually in [0, 1].
    public var score: Float
    /// Class label; 1 = person (the only class the SSDLite model knows).
    public var classID: Int
    /// L2-normalised appearance vector, or empty when no image was available
    /// (detections read from a file without video).
    public var feature: [Float]

    public init(frame: Int, box: BoundingBox, score: Float, classID: Int = 1, feature: [Float] = []) {
        self.frame = frame
        self.box = box
        self.score = score
        self.classID = classID
        self.feature = feature
    }
}
