/// One box of a track in one frame, as written to result files.
public struct TrackedBox: Sendable, Equatable {
    /// 1-based frame number of the source.
    public var frame: Int
    /// Track identity, positive and stable over the whole trajectory.
    public var trackID: Int
    /// Box in original-frame pixels, top-left corner plus size.
    public var box: BoundingBox
    /// Score of the detection behind the box (interpolated boxes carry the lower neighbour's).
    public var score: Float

    public init(frame: Int, trackID: Int, box: BoundingBox, score: Float) {
        self.frame = frame
        self.trackID = trackID
        self.box = box
        self.score = score
    }
}

/// A finished track: its identity and its boxes in increasing frame order.
public struct Trajectory: Sendable, Equatable {
    public var id: Int
    public var boxes: [TrackedBox]

    public init(id: Int, boxes: [TrackedBox]) {
        self.id = id
        self.boxes = boxes
    }
}
