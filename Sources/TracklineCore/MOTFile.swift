import Foundation

/// A MOTChallenge text file (ground truth, detections or tracker results) read into rows.
///
/// Rows keep the file's order. Every row has been checked: frame and id are whole numbers,
/// frame is in 1...`maxFrame`, every value is finite, `conf` fits a `Float` (scores become
/// `Float`) and box sizes are not negative. A leading UTF-8 byte-order mark is skipped.
public struct MOTFile: Sendable {
    /// Where the rows came from (used in error messages).
    public var path: String
    public var rows: [MOTRow]
    /// The fewest and most fields seen on a row (0 for an empty file).
    public var minColumns: Int
    public var maxColumns: Int

    public init(path: String = "<memory>", rows: [MOTRow], minColumns: Int = 10, maxColumns: Int = 10) {
        self.path = path
        self.rows = rows
        self.minColumns = rows.isEmpty ? 0 : minColumns
        self.maxColumns = rows.isEmpty ? 0 : maxColumns
    }

    /// The largest frame number any reader accepts (and the most frames a sequence may have).
    ///
    /// Stages keep per-frame tables (evaluation, training, tracking from a det file), so a typo such
    /// as frame 9999999999 would otherwise ask for tens of gigabytes. 10 million frames is over
    /// 92 hours at 30 fps.
    public static let maxFrame = 10_000_000

    static let fieldNames = ["frame", "id", "x", "y", "w", "h", "conf", "column 8", "column 9", "column 10"]

    /// Reads and checks the file at `path`.
    public static func read(path: String, allowNegativeSizes: Bool = false) throws -> MOTFile {
        try parse(readBytes(path: path), path: path, allowNegativeSizes: allowNegativeSizes)
    }

    /// Parses MOTChallenge text: `frame,id,x,y,w,h[,conf[,c8,c9,c10[,...]]]`, comma or whitespace
    /// separated. A missing `conf` reads as 1, missing columns 8-10 as -1.
    public static func parse(_ text: String, path: String = "<memory>") throws -> MOTFile {
        try parse(Array(text.utf8), path: path)
    }

    /// Parses MOTChallenge text from UTF-8 bytes.
    public static func parse(_ data: Data, path: String = "<memory>") throws -> MOTFile {
        try parse([UInt8](data), path: path)
    }

    /// Parses MOTChallenge text from UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - path: the file's name, for error messages.
    ///   - allowNegativeSizes: accept boxes with negative width or height instead of throwing
    ///     `negativeSize`. Only for scoring other tools' results, which TrackEval accepts (such
    ///     a box overlaps nothing and counts as a false positive).
    public static func parse(_ bytes: [UInt8], path: String = "<memory>", allowNegativeSizes: Bool = false) throws -> MOTFile {
        var rows: [MOTRow] = []
        rows.reserveCapacity(bytes.count / 40)
        var minColumns = Int.max
        var maxColumns = 0
        var previousCount = 0, lastCount = 0, lastLine = 0
        try MOTScanner.scan(bytes, path: path, names: fieldNames) { line, f, count in
            previousCount = lastCount
            lastCount = count
            lastLine = line
            guard count >= 6 else {
                throw MOTFileError.tooFewFields(path: path, line: line, found: count, needed: 6)
            }
            let frame = try frameNumber(f[0], path: path, line: line, field: 1)
            let id = try wholeNumber(f[1], path: path, line: line, field: 2, name: "id")
            guard f[4] >= 0 || allowNegativeSizes else { throw MOTFileError.negativeSize(path: path, line: line, field: 5, name: "w", value: f[4]) }
            guard f[5] >= 0 || allowNegativeSizes else { throw MOTFileError.negativeSize(path: path, line: line, field: 6, name: "h", value: f[5]) }
            if count > 6 { try checkScore(f[6], path: path, line: line, field: 7, name: "conf") }
            rows.append(MOTRow(
                frame: frame, id: id,
                box: BoundingBox(x: f[2], y: f[3], width: f[4], height: f[5]),
                confidence: count > 6 ? f[6] : 1,
                column8: count > 7 ? f[7] : -1,
                column9: count > 8 ? f[8] : -1,
                column10: count > 9 ? f[9] : -1,
                line: line))
            minColumns = min(minColumns, count)
            maxColumns = max(maxColumns, count)
        }
        // A last line without its newline and with fewer fields than the line before it is
        // what a file cut short looks like (a copy or download that stopped mid-row).
        if rows.count >= 2, let last = bytes.last, last != 10, last != 13, lastCount < previousCount {
            throw MOTFileError.truncatedRow(path: path, line: lastLine, found: lastCount, expected: previousCount)
        }
        return MOTFile(path: path, rows: rows, minColumns: minColumns, maxColumns: maxColumns)
    }

    /// The frames covered, or nil for an empty file.
    public var frameRange: ClosedRange<Int>? {
        guard let first = rows.first else { return nil }
        var lo = first.frame, hi = first.frame
        for r in rows { lo = min(lo, r.frame); hi = max(hi, r.frame) }
        return lo...hi
    }

    /// Throws `frameBeyondSequence` for the first row past `seqLength`, as TrackEval refuses them.
    public func checkFrames(seqLength: Int) throws {
        for r in rows where r.frame > seqLength {
            throw MOTFileError.frameBeyondSequence(path: path, line: r.line, frame: r.frame, seqLength: seqLength)
        }
    }

    /// The rows as detections (`conf` becomes the score, class 1, no feature).
    public var detections: [Detection] {
        rows.map { Detection(frame: $0.frame, box: $0.box, score: Float($0.confidence)) }
    }

    /// The rows as tracked boxes (`conf` becomes the score).
    public var trackedBoxes: [TrackedBox] {
        rows.map { TrackedBox(frame: $0.frame, trackID: $0.id, box: $0.box, score: Float($0.confidence)) }
    }

    static func wholeNumber(_ v: Double, path: String, line: Int, field: Int, name: String) throws -> Int {
        guard v.magnitude < 1e15, v.rounded(.towardZero) == v else {
            throw MOTFileError.notAnInteger(path: path, line: line, field: field, name: name, text: "\(v)")
        }
        return Int(v)
    }

    /// A 1-based frame number within `1...maxFrame`.
    static func frameNumber(_ v: Double, path: String, line: Int, field: Int) throws -> Int {
        if v.rounded(.towardZero) == v, v > Double(maxFrame) {
            throw MOTFileError.frameBeyondLimit(path: path, line: line, field: field,
                                                text: v < 1e18 ? String(Int64(v)) : "\(v)", limit: maxFrame)
        }
        let frame = try wholeNumber(v, path: path, line: line, field: field, name: "frame")
        guard frame >= 1 else { throw MOTFileError.frameBelowOne(path: path, line: line, frame: frame) }
        return frame
    }

    /// Scores become `Float` downstream; a value beyond Float's range would turn into infinity
    /// and be written as `inf`, which no reader (ours or TrackEval) accepts.
    static func checkScore(_ v: Double, path: String, line: Int, field: Int, name: String) throws {
        guard Float(v).isFinite else {
            throw MOTFileError.beyondFloatRange(path: path, line: line, field: field, name: name, text: "\(v)")
        }
    }

    static func readBytes(path: String) throws -> [UInt8] {
        do { return try InputFile.read(path: path) } catch { throw MOTFileError.input(error) }
    }
}
