import TracklineCore

/// ByteTrack (Zhang et al., ECCV 2022) with optional appearance cues.
///
/// Each frame: confirmed and lost tracks are predicted (Kalman on cx, cy, a, h) and matched to
/// the high-score detections (score > `trackThreshold`) on IoU distance fused with the detection
/// score (and, when features are present and `useAppearance` is on, with a gated cosine
/// distance); tracks still unmatched get a second chance with the low-score detections (between
/// `lowThreshold` and `trackThreshold`) on plain IoU; tentative tracks (seen once) match the
/// high-score leftovers or are removed; leftover detections scoring at least `newTrackThreshold`
/// start tentative tracks; lost tracks unmatched for more than `trackBuffer` frames (scaled by
/// frame rate / 30) are removed. Reported boxes are the Kalman state after the update.
///
/// Public ids are given when a track is first confirmed, so reported ids run 1, 2, 3, ...
public struct ByteTrack: Tracker, Sendable {
    /// Every parameter, with the values used by default and why.
    public struct Configuration: Sendable, Equatable {
        /// Detections scoring above this take part in the first association.
        public var trackThreshold: Double = 0.6
        /// Detections scoring above this (and not above `trackThreshold`) take part in the second.
        public var lowThreshold: Double = 0.1
        /// Minimum score of an unmatched detection to start a track. ByteTrack uses
        /// trackThreshold + 0.1 (0.7); we use 0.9. Tuned lightly on the two dev sequences
        /// (MOT15 Faster R-CNN public detections: scores 0.5-1, median 0.97): HOTA/IDF1 sit on a
        /// plateau for 0.88-0.95 and drop by ~4 points at 0.85 and below, where false positives
        /// start spurious tracks that then steal identities. A missed birth costs little: a real
        /// person scores high again in the next frames. Detectors with lower scores (SSDLite,
        /// motion) set this per detector.
        public var newTrackThreshold: Double = 0.9
        /// Maximum fused cost (1 - IoU x score) accepted in the first association.
        public var matchThreshold: Double = 0.8
        /// Maximum IoU distance (1 - IoU) accepted in the second association.
        public var lowMatchThreshold: Double = 0.5
        /// Maximum fused cost accepted when matching tentative tracks.
        public var unconfirmedMatchThreshold: Double = 0.7
        /// Frames a lost track is kept at 30 fps; scaled by `frameRate / 30`.
        public var trackBuffer: Int = 30
        /// Source frame rate (frames per second).
        public var frameRate: Double = 30
        /// Multiply IoU similarity by the detection score in the first and tentative associations.
        public var fuseScore: Bool = true
        /// Use `Detection.feature` (when both sides have one) in the first association:
        /// cost = min(IoU cost, cosine distance / 2) where the cosine term only counts below
        /// `appearanceThreshold` and where the IoU distance is below `proximityThreshold` (BoT-SORT's rule).
        public var useAppearance: Bool = true
        public var appearanceThreshold: Double = 0.25
        /// When above 0, the cost is `(1 - w) * IoU cost + w * cosine distance / 2` instead of the minimum.
        public var appearanceWeight: Double = 0
        public var proximityThreshold: Double = 0.5
        /// Weight of the old feature in each track's exponential moving average.
        public var featureMomentum: Float = 0.9
        /// Tracks whose boxes overlap above 1 - this IoU distance are duplicates; the younger goes.
        public var duplicateDistance: Double = 0.15

        public init(frameRate: Double = 30, useAppearance: Bool = true) {
            self.frameRate = frameRate
            self.useAppearance = useAppearance
        }

        /// Lost-track budget in frames at this frame rate.
        public var maxTimeLost: Int {
            // Clamped in Double: a huge frame rate or buffer must not trap the conversion.
            let frames = frameRate / 30.0 * Double(trackBuffer)
            return frames.isNaN ? 0 : Int(max(-1e9, min(1e9, frames)))
        }
    }

    struct Track: Sendable {
        var key: Int
        var id = 0
        var kf: XYAHKalman
        var state: TrackState
        var lastFrame: Int
        var startFrame: Int
        var score: Float
        var feature: [Float]
        var box: BoundingBox { kf.box }
        /// The detection last absorbed (reported beside the Kalman box, for `Smoothing`).
        var detection: BoundingBox?
    }

    public var configuration: Configuration
    public var recordsHistory: Bool {
        get { recorder.enabled }
        set { recorder.enabled = newValue }
    }

    var tracked: [Track] = []
    var lost: [Track] = []
    var frameCount = 0
    var nextKey = 1
    var nextID = 1
    var recorder = TrajectoryRecorder()
    var assignment = GatedAssignment()
    var cost: [Double] = []

    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The lifecycle state of each live track, by internal key (tests and inspection).
    public var states: [Int: TrackState] {
        var out: [Int: TrackState] = [:]
        for t in tracked { out[t.key] = t.state }
        for t in lost { out[t.key] = t.state }
        return out
    }

    public mutating func finish() -> [Trajectory] {
        tracked.removeAll()
        lost.removeAll()
        return recorder.drain()
    }
}
