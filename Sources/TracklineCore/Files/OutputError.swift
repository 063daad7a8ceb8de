/// Why an output file cannot be written, or would destroy something if it were.
///
/// Each case names the path and, where the caller gave one, the option that named it
/// (`--output`, `--mot`, ...), so the message says what to change.
public enum OutputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path is the empty string.
    case emptyPath(option: String)
    /// The path names an existing folder; outputs are files.
    case isDirectory(path: String, option: String)
    /// The output is also one of the run's inputs: writing it would destroy the input.
    case sameAsInput(path: String, option: String, input: String)
    /// Two outputs of one run name the same file: the second would replace the first.
    case sameAsOtherOutput(path: String, option: String, other: String)
    /// The file (or its folder) cannot be created.
    case cannotCreate(path: String, reason: String)
    /// Writing, flushing or moving the finished file into place failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .emptyPath(option):
            return "\(Self.label(option))the output path is empty; give a file name"
        case let .isDirectory(path, option):
            return "\(Self.label(option))\(path) is a folder; give a file name inside it, e.g. \(path.hasSuffix("/") ? path : path + "/")tracks.csv"
        case let .sameAsInput(path, option, input):
            return "\(Self.label(option))\(path) is also the input \(input); writing it would destroy the input. Choose another output path"
        case let .sameAsOtherOutput(path, option, other):
            return "\(Self.label(option))\(path) is also the output of \(other); one would replace the other. Give each output its own path"
        case let .cannotCreate(path, reason):
            return "cannot create \(path): \(reason); check that the folder exists and is writable"
        case let .writeFailed(path, reason):
            return "writing \(path) failed: \(reason)"
        }
    }

    private static func label(_ option: String) -> String { option.isEmpty ? "" : "\(option): " }
}
