#if os(Linux)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits MOTChallenge-style text into numbers straight from the bytes, without building a
/// String per line or field: detection files of a whole benchmark are parsed in milliseconds.
///
/// Fields are separated by commas, by runs of spaces or tabs, or by both (", "), as TrackEval
/// accepts. A single trailing comma is ignored; blank lines are skipped. Numbers are decoded
/// with a correctly rounded fast path for plain decimals and `strtod` otherwise, so values are
/// bit-identical to Python's `float()`.
struct MOTScanner {
    /// Fields beyond this many are counted but not stored.
    static let storedFields = 16

    private static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// Calls `body(line, fields, fieldCount)` for each non-blank line at or after byte `start`.
    /// `fields` holds the first `min(fieldCount, storedFields)` values; it is reused between lines.
    /// - Parameter names: field names used in error messages (index 0 = field 1).
    static func scan(_ bytes: [UInt8], from start: Int = 0, firstLine: Int = 1, path: String,
                     names: [String],
                     body: (_ line: Int, _ fields: UnsafeMutableBufferPointer<Double>, _ count: Int) throws -> Void) throws {
        // strtod needs a terminator after the last token.
        var buffer = bytes
        buffer.append(0)
        let n = bytes.count
        let stored = UnsafeMutableBufferPointer<Double>.allocate(capacity: storedFields)
        defer { stored.deallocate() }
        stored.initialize(repeating: 0)
        try buffer.withUnsafeBufferPointer { whole in
            let b = whole.baseAddress!
            var p = start
            // Editors on Windows often start UTF-8 files with a byte-order mark.
            if p + 3 <= n, b[p] == 0xEF, b[p + 1] == 0xBB, b[p + 2] == 0xBF { p += 3 }
            var line = firstLine
            while p < n {
                var count = 0
                var afterComma = false
                lineLoop: while true {
                    while p < n, b[p] == 32 || b[p] == 9 || b[p] == 13 { p += 1 }
                    if p >= n || b[p] == 10 { break lineLoop }
                    if b[p] == 44 {
                        if afterComma || count == 0 {
                            throw MOTFileError.emptyField(path: path, line: line, field: count + 1)
                        }
                        // Comma right after whitespace following a token: "1 ,2".
                        afterComma = true
                        p += 1
                        continue
                    }
                    let s = p
                    while p < n {
                        let c = b[p]
                        if c == 44 || c == 32 || c == 9 || c == 13 || c == 10 { break }
                        p += 1
                    }
                    let value = try number(b, s, p, path: path, line: line, field: count + 1, names: names)
                    if count < storedFields { stored[count] = value }
                    count += 1
                    afterComma = false
                    while p < n, b[p] == 32 || b[p] == 9 || b[p] == 13 { p += 1 }
                    if p < n, b[p] == 44 { afterComma = true; p += 1 }
                }
                if count > 0 { try body(line, stored, count) }
                p += 1
                line += 1
            }
        }
    }

    static func fieldName(_ names: [String], _ field: Int) -> String {
        field - 1 < names.count ? names[field - 1] : "column \(field)"
    }

    /// The field's text for an error message (at most 40 bytes), with control and other
    /// invisible characters escaped so a stray NUL or BOM shows up as `\u{0}` / `\u{FEFF}`.
    static func text(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> String {
        let raw = String(decoding: UnsafeBufferPointer(start: b + s, count: min(e - s, 40)), as: UTF8.self)
        return printable(raw)
    }

    /// `text` with every scalar that would not print visibly written as `\u{X}`.
    static func printable(_ text: String) -> String {
        var out = ""
        for u in text.unicodeScalars {
            let p = u.properties
            let invisible = p.generalCategory == .control || p.generalCategory == .format
                || p.generalCategory == .unassigned || p.generalCategory == .surrogate
                || p.generalCategory == .privateUse || (p.isWhitespace && u != " ")
                || u == "\u{FFFD}"
            if invisible {
                out += "\\u{\(String(u.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    @inline(__always)
    private static func number(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int, path: String, line: Int,
                               field: Int, names: [String]) throws -> Double {
        var k = s
        var negative = false
        if b[k] == 45 { negative = true; k += 1 } else if b[k] == 43 { k += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        var simple = true
        while k < e, b[k] &- 48 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(b[k] &- 48); if mantissa > 0 { digits += 1 } } else { simple = false }
            sawDigit = true
            k += 1
        }
        if k < e, b[k] == 46 {
            k += 1
            while k < e, b[k] &- 48 < 10 {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(b[k] &- 48)
                    if mantissa > 0 { digits += 1 }
                    exponent -= 1
                } else { simple = false }
                sawDigit = true
                k += 1
            }
        }
        if simple, sawDigit, k == e, mantissa <= (1 << 53), exponent >= -22 {
            // Both operands are exact doubles, so one division is correctly rounded.
            let v = Double(mantissa) / powersOfTen[-exponent]
            return negative ? -v : v
        }
        // Only decimal notation: strtod would also take hexadecimal ("0x10" as 16), "inf",
        // "nan" and "infinity", which Python's float() and TrackEval read differently or not at all.
        for i in s..<e {
            let c = b[i]
            guard c &- 48 < 10 || c == 46 || c == 43 || c == 45 || c == 101 || c == 69 else {
                var word = text(b, s, e).lowercased()
                if word.hasPrefix("-") || word.hasPrefix("+") { word.removeFirst() }
                if ["nan", "inf", "infinity"].contains(word) {
                    throw MOTFileError.notFinite(path: path, line: line, field: field,
                                                 name: fieldName(names, field), text: text(b, s, e))
                }
                throw MOTFileError.notANumber(path: path, line: line, field: field,
                                              name: fieldName(names, field), text: text(b, s, e))
            }
        }
        var end: UnsafeMutablePointer<CChar>? = nil
        let start = UnsafeMutableRawPointer(mutating: b + s).assumingMemoryBound(to: CChar.self)
        let v = strtod(start, &end)
        guard let end, end == start + (e - s) else {
            throw MOTFileError.notANumber(path: path, line: line, field: field,
                                          name: fieldName(names, field), text: text(b, s, e))
        }
        guard v.isFinite else {
            throw MOTFileError.notFinite(path: path, line: line, field: field,
                                         name: fieldName(names, field), text: text(b, s, e))
        }
        return v
    }
}
