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
    /// The detection the tracker matched to this track in this frame, in the same pixels as
    /// `box`, when the tracker reports a filtered state as `box` (the Kalman trackers do); nil
    /// for boxes read from files and for gap fills between boxes without one. Not written out:
    /// `Smoothing` averages these measurements instead of the filtered states.
    public var detection: BoundingBox?

    public init(frame: Int, trackID: Int, box: BoundingBox, score: Float, detection: BoundingBox? = nil) {
        self.frame = frame
        self.trackID = trackID
        self.box = box
        self.score = score
        self.detection = detection
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
