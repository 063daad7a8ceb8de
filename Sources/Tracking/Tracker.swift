import TracklineCore

/// Links per-frame detections into identities, one frame at a time.
///
/// Conventions: frames are the source's 1-based frame numbers and must increase from call to
/// call; boxes are original-frame pixels, top-left corner plus size; track ids start at 1 and
/// are never reused within a run. Callers feed every frame, including frames without detections.
public protocol Tracker {
    /// Feeds the detections of `frame` (any order) and returns the boxes of the confirmed tracks
    /// that are active in this frame, sorted by track id.
    mutating func update(frame: Int, detections: [Detection]) -> [TrackedBox]

    /// Ends the stream and returns every trajectory of the run, sorted by id, each with its boxes
    /// in increasing frame order: exactly the boxes `update` reported, grouped by id (offline
    /// trackers may return revised trajectories here instead). Empty when `recordsHistory` is off.
    mutating func finish() -> [Trajectory]

    /// True when the boxes `update` returns are final, so a pipeline may write them as they come
    /// and switch `recordsHistory` off to keep memory flat. Offline trackers answer false and the
    /// pipeline then writes what `finish` returns.
    var isOnline: Bool { get }

    /// Whether the tracker keeps every reported box for `finish` (memory grows with the output).
    var recordsHistory: Bool { get set }

    /// Windowed trackers revise the ids of recent frames before they are final (seq2seq's
    /// tracklet linking): their `update` returns provisional boxes for the overlay, and the
    /// final boxes of earlier frames come from here, frames increasing, a bounded number of
    /// frames late; `flush: true` at the end of the stream releases the rest. `finish` then
    /// returns the final trajectories. Other trackers return nil: `update`'s boxes are final.
    /// A windowed tracker also answers `isOnline` true (memory stays flat).
    mutating func releaseFinal(flush: Bool) -> [(frame: Int, boxes: [TrackedBox])]?

    /// The post-processing `TrackingSession` applies when the caller does not choose: none for
    /// online trackers (it would delay their output); a windowed tracker, whose output is late
    /// anyway, may ask for gap filling and smoothing within its delay.
    var defaultOutputFilter: OutputFilter { get }
}

/// How `TrackingSession` post-processes a tracker's final boxes; both steps are generic (any
/// tracker's output can take them) and count in frames.
public struct OutputFilter: Sendable, Equatable {
    /// Longest gap (missing frames) filled linearly inside a trajectory; 0 = none.
    public var interpolate: Int
    /// Radius of the centred mean over each track's boxes (`Smoothing`); 0 = none.
    public var smooth: Int

    public init(interpolate: Int = 0, smooth: Int = 0) {
        self.interpolate = max(0, interpolate)
        self.smooth = max(0, smooth)
    }

    public static let none = OutputFilter()
}

extension Tracker {
    public var isOnline: Bool { true }
    public mutating func releaseFinal(flush: Bool) -> [(frame: Int, boxes: [TrackedBox])]? { nil }
    public var defaultOutputFilter: OutputFilter { .none }
}

/// Where a track is in its life. The trackers here use the same four states:
/// - `tentative`: born from an unmatched detection; not reported until confirmed.
/// - `confirmed`: matched often enough (SORT: `minHits` consecutive hits; ByteTrack: a second
///   match, or born in the first frame); reported in frames where it is matched.
/// - `lost`: confirmed but unmatched for a while; still predicted and matchable, not reported.
/// - `removed`: unmatched for longer than the tracker's budget (SORT `maxAge`, ByteTrack
///   `trackBuffer`) or a tentative track that missed; never matched again.
public enum TrackState: String, Sendable {
    case tentative, confirmed, lost, removed
}

/// The trackers `trackline track --tracker NAME` knows, and how to build them.
public enum TrackerFactory {
    /// Options every tracker may use; each ignores what it does not need.
    public struct Options: Sendable {
        /// Frames per second of the source; scales time-based budgets (ByteTrack's buffer).
        public var frameRate: Double
        /// Use `Detection.feature` (when non-empty) in the association cost.
        public var appearance: Bool
        /// Tracker-specific parameters by name (ByteTrack: `ByteTrack.Configuration.optionNames`).
        public var parameters: [String: Double]
        /// Weights file of learned trackers (seq2seq); nil = the committed default.
        public var model: String?
        public init(frameRate: Double = 30, appearance: Bool = true, parameters: [String: Double] = [:], model: String? = nil) {
            self.frameRate = frameRate
            self.appearance = appearance
            self.parameters = parameters
            self.model = model
        }
    }

    public typealias Builder = @Sendable (Options) -> any Tracker

    /// Tracker names in the order the CLI lists them; the first is the default.
    /// To add a tracker, add one line here.
    public static let builders: [(name: String, build: Builder)] = [
        ("seq2seq", { Seq2SeqTracker.build($0) }),
        ("bytetrack", { options in
            var c = ByteTrack.Configuration(frameRate: options.frameRate, useAppearance: options.appearance)
            for (k, v) in options.parameters { _ = c.set(k, to: v) }
            return ByteTrack(c)
        }),
        ("sort", { _ in SORT() }),
    ]

    public static var names: [String] { builders.map(\.name) }

    /// Parameter names each tracker accepts in `Options.parameters`.
    public static func parameterNames(_ name: String) -> [String] {
        switch name.lowercased() {
        case "bytetrack": return ByteTrack.Configuration.optionNames
        case "seq2seq": return Seq2SeqTracker.Configuration.optionNames
        default: return []
        }
    }

    /// Why `value` is out of range for the tracker's named parameter, or nil when it is fine.
    public static func parameterProblem(_ tracker: String, _ name: String, _ value: Double) -> String? {
        switch tracker.lowercased() {
        case "bytetrack": return ByteTrack.Configuration.problem(name, value)
        case "seq2seq": return Seq2SeqTracker.Configuration.problem(name, value)
        default: return nil
        }
    }

    /// A fresh tracker by name, or nil for an unknown name.
    public static func make(_ name: String, options: Options = Options()) -> (any Tracker)? {
        builders.first { $0.name == name.lowercased() }?.build(options)
    }
}
