/// Why a MOTChallenge, Trackline CSV or seqinfo.ini file could not be read.
///
/// Every case names the file, and where the input is at fault, the 1-based line and field,
/// so the message tells the user exactly what to fix.
public enum MOTFileError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The path is missing, a folder, unreadable or too large (`InputFile`).
    case input(InputFile.Failure)
    /// A row has fewer fields than the format needs.
    case tooFewFields(path: String, line: Int, found: Int, needed: Int)
    /// The last line has no newline and fewer fields than the line before it: the file was cut short.
    case truncatedRow(path: String, line: Int, found: Int, expected: Int)
    /// A field is empty (two separators in a row).
    case emptyField(path: String, line: Int, field: Int)
    /// A field is not a number.
    case notANumber(path: String, line: Int, field: Int, name: String, text: String)
    /// A field is NaN or infinite.
    case notFinite(path: String, line: Int, field: Int, name: String, text: String)
    /// A field that must be a whole number (frame, id) has a fraction or is out of range.
    case notAnInteger(path: String, line: Int, field: Int, name: String, text: String)
    /// A box has a negative width or height.
    case negativeSize(path: String, line: Int, field: Int, name: String, value: Double)
    /// A frame number below 1 (frames are 1-based).
    case frameBelowOne(path: String, line: Int, frame: Int)
    /// A frame number past `MOTFile.maxFrame`, the most frames any stage supports.
    case frameBeyondLimit(path: String, line: Int, field: Int, text: String, limit: Int)
    /// A score too large for a 32-bit float (it would become infinite).
    case beyondFloatRange(path: String, line: Int, field: Int, name: String, text: String)
    /// seqinfo.ini's seqLength is past `MOTFile.maxFrame`.
    case seqLengthBeyondLimit(path: String, line: Int, text: String, limit: Int)
    /// A frame number past the end of the sequence (`seqLength` in seqinfo.ini).
    case frameBeyondSequence(path: String, line: Int, frame: Int, seqLength: Int)
    /// A Trackline CSV whose first line is not the expected header.
    case badHeader(path: String, line: Int, found: String, expected: String)
    /// seqinfo.ini lacks a required key.
    case missingKey(path: String, key: String)
    /// seqinfo.ini has a key whose value cannot be used.
    case badValue(path: String, line: Int, key: String, text: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read the file (\(reason)); check the path and permissions"
        case let .input(failure):
            return failure.description
        case let .tooFewFields(path, line, found, needed):
            return "\(path):\(line): found \(found) fields, need at least \(needed) (frame,id,x,y,w,h,conf,...); fix or remove the line"
        case let .truncatedRow(path, line, found, expected):
            return "\(path):\(line): the file ends in the middle of this row (\(found) fields, the row before has \(expected)); the file is probably truncated: copy it again or remove the line"
        case let .emptyField(path, line, field):
            return "\(path):\(line): field \(field) is empty; each row needs a number between every separator"
        case let .notANumber(path, line, field, name, text):
            return "\(path):\(line): field \(field) (\(name)) is '\(text)', not a number"
        case let .notFinite(path, line, field, name, text):
            return "\(path):\(line): field \(field) (\(name)) is '\(text)'; NaN and infinite values are not allowed"
        case let .notAnInteger(path, line, field, name, text):
            return "\(path):\(line): field \(field) (\(name)) is '\(text)', must be a whole number"
        case let .negativeSize(path, line, field, name, value):
            return "\(path):\(line): field \(field) (\(name)) is \(value); box sizes must not be negative"
        case let .frameBelowOne(path, line, frame):
            return "\(path):\(line): frame \(frame) is below 1; MOTChallenge frames are 1-based"
        case let .frameBeyondLimit(path, line, field, text, limit):
            return "\(path):\(line): field \(field) (frame): frame \(text) is beyond the supported \(Self.grouped(limit)); fix or remove the line"
        case let .beyondFloatRange(path, line, field, name, text):
            return "\(path):\(line): field \(field) (\(name)) is \(text), beyond the range of a 32-bit float (about ±3.4e38); use a finite score such as 0...1"
        case let .seqLengthBeyondLimit(path, line, text, limit):
            return "\(path):\(line): seqLength \(text) is beyond the supported \(Self.grouped(limit)) frames; fix seqLength"
        case let .frameBeyondSequence(path, line, frame, seqLength):
            return "\(path):\(line): frame \(frame) is beyond the sequence length \(seqLength) (seqinfo.ini seqLength); remove the row or fix seqinfo.ini"
        case let .badHeader(path, line, found, expected):
            return "\(path):\(line): header is '\(found)', expected '\(expected)'"
        case let .missingKey(path, key):
            return "\(path): missing key '\(key)' in the [Sequence] section"
        case let .badValue(path, line, key, text):
            return "\(path):\(line): value '\(text)' of '\(key)' is not usable (expected a positive number)"
        }
    }

    /// `10000000` as `10,000,000`.
    static func grouped(_ n: Int) -> String {
        var digits = Array(String(n.magnitude))
        var out: [Character] = []
        while digits.count > 3 {
            out.insert(contentsOf: [","] + digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + String(digits + out)
    }
}
