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
