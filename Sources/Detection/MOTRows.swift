import Foundation

/// A minimal reader of MOTChallenge rows (`frame,id,x,y,w,h,score_or_consider,...`), used until
/// the shared TracklineCore readers are available. Internal to the module.
struct MOTRow: Equatable {
    var frame: Int
    var id: Int
    var x: Double, y: Double, width: Double, height: Double
    /// Column 7: the score in det files, the consider flag in gt files.
    var value: Double
    /// 1-based line in the file.
    var line: Int
}

enum MOTRows {
    /// Reads every non-empty line of `path` as a MOT row (at least 7 comma- or space-separated
    /// numbers). Throws naming the file and line on anything else.
    static func read(path: String) throws -> [MOTRow] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DetectionError.unreadableFile(path: path, reason: "\(error.localizedDescription)")
        }
        var rows: [MOTRow] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
            guard fields.count >= 7 else {
                throw DetectionError.malformedLine(path: path, line: lineNumber,
                    reason: "expected at least 7 comma-separated values (frame,id,x,y,w,h,score), found \(fields.count)")
            }
            var v = [Double](repeating: 0, count: 7)
            for k in 0..<7 {
                guard let d = Double(fields[k]), d.isFinite else {
                    throw DetectionError.malformedLine(path: path, line: lineNumber, reason: "value \(k + 1) '\(fields[k])' is not a number")
                }
                v[k] = d
            }
            guard v[0] >= 1, v[0] == v[0].rounded() else {
                throw DetectionError.malformedLine(path: path, line: lineNumber, reason: "frame '\(fields[0])' must be an integer >= 1 (frames are 1-based)")
            }
            guard v[4] >= 0, v[5] >= 0 else {
                throw DetectionError.malformedLine(path: path, line: lineNumber, reason: "box width and height must not be negative")
            }
            rows.append(MOTRow(frame: Int(v[0]), id: Int(v[1]), x: v[2], y: v[3], width: v[4], height: v[5], value: v[6], line: lineNumber))
        }
        return rows
    }
}
