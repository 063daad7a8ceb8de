import Foundation

/// Everything one tracking run needs, as given by the user: inputs, detector, tracker,
/// appearance, output filter, frame range and outputs. Every field is optional; `resolve()`
/// fills in the defaults, checks every value and every combination, and gives a
/// `ResolvedJob`, which `JobRunner` runs.
///
/// Read from YAML or JSON (`TrackingJob.read(path:)`, `trackline track --config`): the keys
/// are the long options of `trackline track` (`detections:`, `tracker:`, `tracker-options:`,
/// ...). Conventions: frames are 1-based and inclusive; rates in frames per second.
public struct TrackingJob: Codable, Sendable, Equatable {
    /// A video: a file, image-sequence pattern, folder of images, network URL, `-` for standard
    /// input or a V4L2 camera (`VideoSource`).
    public var video: String?
    /// Detections instead of a detector: a det.txt, a `<SEQ>` folder or a MOTChallenge root.
    public var detections: String?
    /// The detector for video frames (default SSDLite).
    public var detector: DetectorKind?
    /// SSDLite input size in pixels (the same as `detector-options: {input_size: N}`).
    public var detectorSize: Int?
    /// SSDLite's model file (default: `SSDLiteDetector.defaultModelPath`).
    public var detectorModel: String?
    /// Settings of the detector in use, by name (`SSDLiteSettings.table`,
    /// `MotionDetector.Parameters.table`).
    public var detectorOptions: [String: Double]?
    /// Tracker name (`TrackerFactory.names`; default seq2seq).
    public var tracker: String?
    /// Tracker parameters by name (the tracker's `ParameterTable`).
    public var trackerOptions: [String: Double]?
    /// seq2seq weights file (default: the committed ones).
    public var model: String?
    /// Colour-histogram appearance vectors (default: on for seq2seq with a video).
    public var appearance: Bool?
    public var startFrame: Int?
    public var endFrame: Int?
    /// Frame rate of detection files without seqinfo.ini (overrides seqinfo.ini when given).
    public var fps: Double?
    /// Output filter: longest gap filled and smoothing radius, in frames.
    public var interpolate: Int?
    public var smooth: Int?
    /// How the camera's motion is followed (default `off`).
    public var cameraMotion: CameraMotionMode?
    /// Outputs: CSV, MOTChallenge txt (folders for a MOTChallenge root), overlay video, the
    /// detector's boxes as det.txt.
    public var output: String?
    public var mot: String?
    public var render: String?
    public var saveDetections: String?
    /// JSON Lines output (one object per box, then a summary object) and the per-track summary
    /// table (CSV); folders for a MOTChallenge root.
    public var jsonl: String?
    public var trackSummary: String?
    /// Live network sources: reopen one that stalls, drops or ends, with backoff (default off),
    /// and the seconds without data after which it counts as stalled (default 10).
    public var reconnect: Bool?
    public var stallTimeout: Double?
    /// Bounds of a run: seconds of the source from its first frame, and frames.
    public var duration: Double?
    public var maxFrames: Int?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case video, detections, detector, detectorModel = "detector-model", detectorSize = "detector-size"
        case detectorOptions = "detector-options"
        case tracker, trackerOptions = "tracker-options", model, appearance
        case startFrame = "start-frame", endFrame = "end-frame", fps, interpolate, smooth, cameraMotion = "camera-motion"
        case output, mot, render, saveDetections = "save-detections"
        case jsonl, trackSummary = "track-summary", reconnect, stallTimeout = "stall-timeout", duration, maxFrames = "max-frames"
    }

    /// The keys a job file may hold.
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }

    /// Fields of `other` that are set replace this job's (command-line flags over a job file).
    public func overridden(by other: TrackingJob) -> TrackingJob {
        var j = self
        j.video = other.video ?? video
        j.detections = other.detections ?? detections
        j.detector = other.detector ?? detector
        j.detectorModel = other.detectorModel ?? detectorModel
        j.detectorSize = other.detectorSize ?? detectorSize
        if let o = other.detectorOptions { j.detectorOptions = (detectorOptions ?? [:]).merging(o) { $1 } }
        j.tracker = other.tracker ?? tracker
        if let o = other.trackerOptions { j.trackerOptions = (trackerOptions ?? [:]).merging(o) { $1 } }
        j.model = other.model ?? model
        j.appearance = other.appearance ?? appearance
        j.startFrame = other.startFrame ?? startFrame
        j.endFrame = other.endFrame ?? endFrame
        j.fps = other.fps ?? fps
        j.interpolate = other.interpolate ?? interpolate
        j.smooth = other.smooth ?? smooth
        j.cameraMotion = other.cameraMotion ?? cameraMotion
        j.output = other.output ?? output
        j.mot = other.mot ?? mot
        j.render = other.render ?? render
        j.saveDetections = other.saveDetections ?? saveDetections
        j.jsonl = other.jsonl ?? jsonl
        j.trackSummary = other.trackSummary ?? trackSummary
        j.reconnect = other.reconnect ?? reconnect
        j.stallTimeout = other.stallTimeout ?? stallTimeout
        j.duration = other.duration ?? duration
        j.maxFrames = other.maxFrames ?? maxFrames
        return j
    }
}
