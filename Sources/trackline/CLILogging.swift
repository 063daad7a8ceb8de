import Logging
import Synchronization

/// Where the libraries' log messages go: stderr, at `.notice` and above by default; `--quiet`
/// keeps `.warning` and above, `--verbose` shows everything down to `.debug`.
enum CLILogging {
    private static let level = Mutex(Logger.Level.notice)

    /// Sends every logger to stderr at the level set by `set(quiet:verbose:)`.
    static func bootstrap() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level.withLock { $0 }
            return handler
        }
    }

    /// Chooses the level; call before the first message is logged.
    static func set(quiet: Bool, verbose: Bool) {
        level.withLock { $0 = verbose ? .debug : quiet ? .warning : .notice }
    }
}
