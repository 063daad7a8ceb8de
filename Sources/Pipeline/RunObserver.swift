import Logging
import TracklineCore

/// Where a run reports while it works: progress, warnings and notes. The CLI draws a progress
/// line and prints to stderr; the default, `LoggingObserver`, logs through swift-log. Methods
/// are called on the thread that runs the job.
public protocol RunObserver: AnyObject {
    /// A sequence (a video, or one detection file) starts; `expectedFrames` when known.
    func started(sequence: String, expectedFrames: Int?)
    /// Frames done so far in the current sequence, and seconds since it started.
    func progress(frames: Int, elapsed: Double)
    /// A sequence is finished and its outputs are in place.
    func finished(_ summary: SequenceSummary)
    /// Something the user should know: rows not tracked, frames lost to damage, ...
    func warning(_ message: String)
    /// A default that was chosen, a value that overrides another.
    func note(_ message: String)
    /// The boxes drawn on frame `frame` (1-based) of the overlay video of a video file: the rows
    /// of the result files (final ids, output filter applied).
    func overlayFrame(_ frame: Int, boxes: [TrackedBox])
}

extension RunObserver {
    public func started(sequence: String, expectedFrames: Int?) {}
    public func progress(frames: Int, elapsed: Double) {}
    public func finished(_ summary: SequenceSummary) {}
    public func overlayFrame(_ frame: Int, boxes: [TrackedBox]) {}
}

/// Reports through swift-log (`Logger(label: "trackline.pipeline")`): warnings at `.warning`,
/// notes at `.notice`, finished sequences at `.info`.
public final class LoggingObserver: RunObserver {
    public var logger: Logger

    public init(logger: Logger = Logger(label: "trackline.pipeline")) { self.logger = logger }

    public func warning(_ message: String) { logger.warning("\(message)") }
    public func note(_ message: String) { logger.notice("\(message)") }
    public func finished(_ summary: SequenceSummary) {
        logger.info("\(summary.name): \(summary.frames) frames, \(summary.tracks) tracks -> \(summary.outputs.joined(separator: ", "))")
    }
}

/// What one sequence of a run gave.
public struct SequenceSummary: Sendable {
    public var name: String
    /// Frames processed.
    public var frames: Int
    /// First and last frame processed.
    public var frameRange: ClosedRange<Int>?
    /// Track ids and boxes written (after the output filter).
    public var tracks: Int
    public var rows: Int
    /// Seconds: the whole run, and the parts (decoding overlaps the rest on its own thread).
    public var seconds: Double
    public var decodeSeconds: Double
    public var detectSeconds: Double
    public var trackSeconds: Double
    public var renderSeconds: Double
    /// Files written.
    public var outputs: [String]
    /// Seconds of the source covered: from the first frame's presentation time to the last
    /// one's, plus one frame interval (frames / frame rate for detection files).
    public var sourceSeconds: Double = 0

    public var framesPerSecond: Double { seconds > 0 ? Double(frames) / seconds : 0 }
}
