/// Why a report could not be made. Every message names the file or option concerned.
public enum ReportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A run file that is not the JSON `trackline track` writes.
    case badRunFile(path: String, reason: String)
    /// Neither a results file nor a run file naming one was given.
    case noResults
    /// A results file that is neither a Trackline CSV nor MOTChallenge text.
    case unreadableResults(path: String, reason: String)
    /// Several results given for one report that compares nothing.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .badRunFile(path, reason): return "\(path): not a Trackline run file (\(reason))"
        case .noResults: return "no results to report: give a tracks file (CSV or MOTChallenge txt) or the run file of a run"
        case let .unreadableResults(path, reason): return "\(path): \(reason)"
        case let .invalidArgument(message): return message
        }
    }
}
