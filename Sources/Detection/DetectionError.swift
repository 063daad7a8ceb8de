/// Errors raised by the Detection module's detectors. Messages say what to do. (Bad detection
/// or ground-truth files raise TracklineCore's `MOTFileError`, which names the file and line.)
public enum DetectionError: Error, Equatable, CustomStringConvertible {
    /// A frame's size or pixel format does not fit the detector's state.
    case frameMismatch(String)
    /// A parameter is out of range.
    case invalidParameter(String)

    public var description: String {
        switch self {
        case let .frameMismatch(message):
            return message
        case let .invalidParameter(message):
            return message
        }
    }
}
