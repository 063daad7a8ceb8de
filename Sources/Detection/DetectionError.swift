/// Errors raised by the Detection module. Messages say what to do and name the file and line
/// when input is at fault.
public enum DetectionError: Error, Equatable, CustomStringConvertible {
    /// A detection or ground-truth file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A line of a detection or ground-truth file is malformed.
    case malformedLine(path: String, line: Int, reason: String)
    /// A frame's size or pixel format does not fit the detector's state.
    case frameMismatch(String)
    /// A parameter is out of range.
    case invalidParameter(String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .malformedLine(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .frameMismatch(message):
            return message
        case let .invalidParameter(message):
            return message
        }
    }
}
