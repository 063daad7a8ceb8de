import TracklineCore

/// One tracking run from per-frame detections to result files: feeds a tracker frame by frame,
/// fills short gaps, smooths, and streams rows to the writers (CSV, MOT txt) in frame-then-id
/// order.
/// Memory stays flat for online trackers; offline trackers are written from `finish()`.
public struct TrackingSession {
    /// Most boxes one frame may hold. Trackers compare every track with every box: at 5,000
    /// boxes a frame seq2seq takes about a second and 1.2 GB a frame (docs/limits.md).
    public static let maxBoxesPerFrame = 5_000

    /// A frame with more boxes than `maxBoxesPerFrame`.
    public struct TooManyBoxes: Error, CustomStringConvertible {
        public let frame: Int, count: Int
        public var description: String {
            "frame \(frame) has \(count) boxes; at most \(TrackingSession.maxBoxesPerFrame) a frame are supported"
        }
    }

    public private(set) var tracker: any Tracker
    /// Frames per second, for the CSV's `time_s` = (frame - 1) / fps when frames come without
    /// a presentation time.
    public let frameRate: Double
    /// The post-processing in use (the caller's choice, else the tracker's default).
    public let filter: OutputFilter
    private var filler: StreamingGapFiller
    private var smoother: StreamingSmoother
    private let writers: [ResultWriter]
    /// Number of boxes written so far (after interpolation).
    public private(set) var rowsWritten = 0
    /// Number of track ids written so far. Trackers hand out ids in increasing order, so an id
    /// counts when it is above every earlier one (constant memory).
    public private(set) var tracksWritten = 0
    private var highestID = Int.min
    private var times: FrameTimes
    private var timed = false
    /// How the session follows a moving camera.
    public let cameraMotion: CameraMotionSource
    private var compensation: CameraCompensation?
    private var warped: [Detection] = []

    /// - Parameters:
    ///   - tracker: the tracker to run (its `recordsHistory` is set as `keepHistory` needs).
    ///   - frameRate: frames per second, for `time_s` of frames without a time and for the
    ///     tracker's time budgets.
    ///   - writers: where the rows go (CSV, MOT txt), in frame-then-id order.
    ///   - interpolate: longest gap (frames) filled linearly in each trajectory; 0 disables;
    ///     nil = the tracker's `defaultOutputFilter`.
    ///   - smooth: radius (frames) of the centred box mean (`Smoothing`); 0 disables; nil = the
    ///     tracker's default.
    ///   - keepHistory: keep every box in the tracker for its `finish()` (off keeps memory flat).
    ///   - cameraMotion: how camera motion is followed (default: not at all); with it, the
    ///     tracker, gap filling and smoothing work in the first frame's coordinates
    ///     (`CameraCompensation`), and outputs are mapped back into each frame's pixels.
    public init(tracker: any Tracker, frameRate: Double, interpolate: Int?, smooth: Int? = nil,
                writers: [ResultWriter], keepHistory: Bool = false, cameraMotion: CameraMotionSource = .off) {
        var t = tracker
        t.recordsHistory = keepHistory || !t.isOnline
        self.tracker = t
        self.frameRate = frameRate > 0 ? frameRate : 30
        let d = t.defaultOutputFilter
        self.filter = OutputFilter(interpolate: interpolate ?? d.interpolate, smooth: smooth ?? d.smooth)
        self.filler = StreamingGapFiller(maxGap: filter.interpolate)
        self.smoother = StreamingSmoother(radius: filter.smooth)
        self.writers = writers
        self.times = FrameTimes(frameRate: self.frameRate)
        self.cameraMotion = cameraMotion
        if cameraMotion != .off { compensation = CameraCompensation(source: cameraMotion, keepsAll: t.recordsHistory) }
    }

    /// Tracks one frame; returns the boxes the tracker reports for it (before interpolation;
    /// provisional ids for a windowed tracker, see `Tracker.releaseFinal`).
    ///
    /// - Parameters:
    ///   - frame: the frame's 1-based number (increasing from call to call).
    ///   - time: the frame's presentation time in seconds (a video's timestamps), written as
    ///     the CSV's `time_s`; nil writes `(frame - 1) / frameRate`.
    ///   - detections: the frame's boxes, at most `maxBoxesPerFrame`.
    ///   - motion: the camera's motion from the previous frame to this one (a video's own
    ///     estimate); nil lets the session's `cameraMotion` source decide.
    public mutating func process(frame: Int, time: Double? = nil, detections: [Detection], motion: CameraMotion? = nil) throws -> [TrackedBox] {
        if detections.count > Self.maxBoxesPerFrame { throw TooManyBoxes(frame: frame, count: detections.count) }
        if let time, time.isFinite {
            times.record(frame: frame, time: time)
            timed = true
        }
        var boxes: [TrackedBox]
        if compensation != nil {
            compensation!.enter(frame: frame, motion: motion, detections: detections, into: &warped)
            boxes = tracker.update(frame: frame, detections: warped)
        } else {
            boxes = tracker.update(frame: frame, detections: detections)
        }
        if let final = tracker.releaseFinal(flush: false) {
            for (f, b) in final { try emit(smoother.push(filler.push(frame: f, boxes: b))) }
        } else if tracker.isOnline {
            try emit(smoother.push(filler.push(frame: frame, boxes: boxes)))
        }
        if compensation != nil { boxes = compensation!.toImage(frame: frame, boxes, release: false) }
        return boxes
    }

    /// Ends the run and commits every writer; returns the finished trajectories when the tracker kept them.
    @discardableResult
    public mutating func finish() throws -> [Trajectory] {
        if let final = tracker.releaseFinal(flush: true) {
            for (f, b) in final { try emit(smoother.push(filler.push(frame: f, boxes: b))) }
        }
        var trajectories = Smoothing.apply(Interpolation.fill(tracker.finish(), maxGap: filter.interpolate), radius: filter.smooth)
        if tracker.isOnline {
            try emit(smoother.push(filler.flush()))
            try emit(smoother.flush())
        } else {
            var rows = trajectories.flatMap(\.boxes)
            rows.sort { ($0.frame, $0.trackID) < ($1.frame, $1.trackID) }
            var start = 0
            while start < rows.count {
                var end = start
                while end < rows.count && rows[end].frame == rows[start].frame { end += 1 }
                try emit([(rows[start].frame, Array(rows[start..<end]))])
                start = end
            }
        }
        if let c = compensation { trajectories = c.toImage(trajectories) }
        for w in writers { try w.commit() }
        return trajectories
    }

    /// Abandons the outputs (targets untouched).
    public func discard() { for w in writers { w.discard() } }

    private mutating func emit(_ frames: [(frame: Int, boxes: [TrackedBox])]) throws {
        for (f, reference) in frames {
            let boxes = compensation == nil ? reference : compensation!.toImage(frame: f, reference, release: true)
            let t = timed ? times.time(of: f) : Double(f - 1) / frameRate
            for w in writers { try w.write(boxes, time: t) }
            rowsWritten += boxes.count
            for b in boxes where b.trackID > highestID {
                highestID = b.trackID
                tracksWritten += 1
            }
        }
    }
}
