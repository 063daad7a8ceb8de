import Foundation

/// Trackline's own trajectory CSV: a header line `frame,time_s,track_id,x,y,w,h,score`, then one
/// row per box sorted by frame then track id. Frames are 1-based frames of the source, `time_s`
/// the frame's timestamp in seconds, boxes top-left corner plus size in pixels.
public enum TracklineCSV {
    public static let header = "frame,time_s,track_id,x,y,w,h,score"

    /// One row of a Trackline CSV.
    public struct Row: Sendable, Equatable {
        public var frame: Int
        /// Timestamp of the frame in seconds.
        public var time: Double
        public var trackID: Int
        public var box: BoundingBox
        public var score: Double
        /// 1-based line in the source file; 0 for rows made in memory.
        public var line: Int

        public init(frame: Int, time: Double, trackID: Int, box: BoundingBox, score: Double, line: Int = 0) {
            self.frame = frame
            self.time = time
            self.trackID = trackID
            self.box = box
            self.score = score
            self.line = line
        }

        public var trackedBox: TrackedBox {
            TrackedBox(frame: frame, trackID: trackID, box: box, score: Float(score))
        }

        /// The row as a MOTChallenge results row (`conf` = score, columns 8-10 = -1).
        public var motRow: MOTRow {
            MOTRow(frame: frame, id: trackID, box: box, confidence: score, line: line)
        }
    }

    static let fieldNames = ["frame", "time_s", "track_id", "x", "y", "w", "h", "score"]

    /// True when `bytes` starts (after blank space) with the Trackline CSV header's first field.
    public static func looksLikeTracklineCSV(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 || bytes[i] == 0xEF || bytes[i] == 0xBB || bytes[i] == 0xBF { i += 1 }
        let prefix = Array("frame,time_s".utf8)
        return bytes.count - i >= prefix.count && Array(bytes[i..<(i + prefix.count)]) == prefix
    }

    /// Reads and checks the CSV at `path`.
    public static func read(path: String) throws -> [Row] {
        try parse(MOTFile.readBytes(path: path), path: path)
    }

    public static func parse(_ text: String, path: String = "<memory>") throws -> [Row] {
        try parse(Array(text.utf8), path: path)
    }

    /// Parses CSV bytes. The first line must be the header; an empty file (header only) gives no rows.
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - path: the file's name, for error messages.
    ///   - allowNegativeSizes: accept negative widths and heights (see `MOTFile.parse`).
    public static func parse(_ bytes: [UInt8], path: String = "<memory>", allowNegativeSizes: Bool = false) throws -> [Row] {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var end = start
        while end < bytes.count, bytes[end] != 10 { end += 1 }
        var headerText = String(decoding: bytes[start..<end], as: UTF8.self)
        headerText = headerText.trimmingCharacters(in: .whitespacesAndNewlines)
        if bytes.isEmpty || (headerText.isEmpty && end >= bytes.count) { return [] }
        guard headerText.replacingOccurrences(of: " ", with: "") == header else {
            throw MOTFileError.badHeader(path: path, line: 1, found: MOTScanner.printable(String(headerText.prefix(80))), expected: header)
        }
        var rows: [Row] = []
        rows.reserveCapacity(bytes.count / 40)
        try MOTScanner.scan(bytes, from: min(end + 1, bytes.count), firstLine: 2, path: path, names: fieldNames) { line, f, count in
            guard count >= 8 else {
                throw MOTFileError.tooFewFields(path: path, line: line, found: count, needed: 8)
            }
            let frame = try MOTFile.frameNumber(f[0], path: path, line: line, field: 1)
            try MOTFile.checkScore(f[7], path: path, line: line, field: 8, name: "score")
            let id = try MOTFile.wholeNumber(f[2], path: path, line: line, field: 3, name: "track_id")
            guard f[5] >= 0 || allowNegativeSizes else { throw MOTFileError.negativeSize(path: path, line: line, field: 6, name: "w", value: f[5]) }
            guard f[6] >= 0 || allowNegativeSizes else { throw MOTFileError.negativeSize(path: path, line: line, field: 7, name: "h", value: f[6]) }
            rows.append(Row(frame: frame, time: f[1], trackID: id,
                            box: BoundingBox(x: f[3], y: f[4], width: f[5], height: f[6]),
                            score: f[7], line: line))
        }
        return rows
    }

    /// CSV text for `rows`, header first, sorted by frame then track id. Boxes with at most
    /// `decimals` decimals, times and scores with at most 6 (trailing zeros dropped).
    public static func text(_ rows: [Row], decimals: Int = 2) -> String {
        let sorted = rows.sorted { ($0.frame, $0.trackID) < ($1.frame, $1.trackID) }
        var out: [UInt8] = Array((header + "\n").utf8)
        out.reserveCapacity(out.count + sorted.count * 48)
        for r in sorted {
            MOTFile.appendInt(&out, r.frame); out.append(44)
            MOTFile.appendDecimal(&out, r.time, 6); out.append(44)
            MOTFile.appendInt(&out, r.trackID); out.append(44)
            MOTFile.appendDecimal(&out, r.box.x, decimals); out.append(44)
            MOTFile.appendDecimal(&out, r.box.y, decimals); out.append(44)
            MOTFile.appendDecimal(&out, r.box.width, decimals); out.append(44)
            MOTFile.appendDecimal(&out, r.box.height, decimals); out.append(44)
            MOTFile.appendDecimal(&out, r.score, 6); out.append(10)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// CSV text for tracked boxes; `time(frame)` gives each frame's timestamp in seconds
    /// (e.g. `{ Double($0 - 1) / fps }` or the decoder's timestamps).
    public static func text(_ boxes: [TrackedBox], decimals: Int = 2, time: (Int) -> Double) -> String {
        text(boxes.map { Row(frame: $0.frame, time: time($0.frame), trackID: $0.trackID, box: $0.box, score: Double($0.score)) },
             decimals: decimals)
    }

    /// Writes `text(rows)` to `path`, whole or not at all.
    public static func write(_ rows: [Row], to path: String, decimals: Int = 2) throws {
        try AtomicFile.write(text(rows, decimals: decimals), to: path)
    }

    /// The rows as a MOTChallenge results file (for evaluation).
    public static func motFile(_ rows: [Row], path: String = "<memory>") -> MOTFile {
        MOTFile(path: path, rows: rows.map(\.motRow), minColumns: 10, maxColumns: 10)
    }
}
