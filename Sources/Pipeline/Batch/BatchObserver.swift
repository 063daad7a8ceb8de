import Logging

/// Where a batch reports while it runs. Calls come from the batch's worker threads, one at a
/// time (the runner serializes them).
public protocol BatchObserver: AnyObject, Sendable {
    /// The whole batch so far; called after each frame of any job (throttle drawing).
    func progress(_ progress: BatchProgress)
    /// One input is done (tracked, skipped or failed).
    func finished(_ item: BatchItem)
    /// A job's warning or note, prefixed with the input's name.
    func message(_ text: String, warning: Bool)
}

/// The state of a batch for its one progress line.
public struct BatchProgress: Sendable {
    /// Inputs of this run (this shard), and how many are done, failed, skipped, running.
    public var total: Int
    public var done = 0
    public var failed = 0
    public var skipped = 0
    public var running = 0
    /// Frames tracked by all jobs, and seconds since the batch started.
    public var frames = 0
    public var elapsed = 0.0

    public var framesPerSecond: Double { elapsed > 0 ? Double(frames) / elapsed : 0 }
}

/// Reports through swift-log (`trackline.batch`): finished inputs at `.info`, failures and
/// warnings at `.warning`.
public final class LoggingBatchObserver: BatchObserver, @unchecked Sendable {
    let logger: Logger

    public init(logger: Logger = Logger(label: "trackline.batch")) { self.logger = logger }

    public func progress(_ progress: BatchProgress) {}
    public func finished(_ item: BatchItem) {
        if item.status == .failed { logger.warning("\(item.name): failed: \(item.error)") } else {
            logger.info("\(item.name): \(item.status.rawValue), \(item.frames) frames, \(item.tracks) tracks")
        }
    }
    public func message(_ text: String, warning: Bool) {
        if warning { logger.warning("\(text)") } else { logger.notice("\(text)") }
    }
}
