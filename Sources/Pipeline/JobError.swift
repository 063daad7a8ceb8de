import Foundation

/// Why a job cannot run as given. Each message names the option (as `trackline track` spells
/// it) or the file, and says what to change.
public enum JobError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither a video nor detections.
    case noInput
    /// An option whose value is unusable (the message says why).
    case badValue(option: String, message: String)
    /// An option that would have no effect with the others given.
    case noEffect(option: String, reason: String)
    /// An option that needs another one.
    case needs(option: String, what: String)
    /// A MOTChallenge root needs folders for its per-sequence results.
    case rootNeedsOutputFolder(path: String, sequences: Int)
    /// Two sequences of a root share a name, so their results would share a file.
    case duplicateSequenceName(name: String, first: String, second: String)
    /// The frame range holds no frame of the input.
    case noFrames(input: String, start: Int, last: Int)
    /// A job file that cannot be read.
    case badJobFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .noInput:
            return "give a VIDEO to track, or --detections det.txt to track boxes from a file"
        case let .badValue(option, message):
            return "\(option): \(message)"
        case let .noEffect(option, reason):
            return "\(option) has no effect \(reason)"
        case let .needs(option, what):
            return "\(option) needs \(what)"
        case let .rootNeedsOutputFolder(path, n):
            return "\(path) is a MOTChallenge root with \(n) sequences: give --mot DIR (and/or -o DIR) for the per-sequence results"
        case let .duplicateSequenceName(name, first, second):
            return "\(first) and \(second) both name their sequence '\(name)' (seqinfo.ini name=); their results would go to one file. Give each sequence its own name"
        case let .noFrames(input, start, last):
            return "\(input): no frames to track: --start-frame \(start) is past the last frame (\(last))"
        case let .badJobFile(path, reason):
            return "\(path): \(reason)"
        }
    }
}
