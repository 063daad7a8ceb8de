import Foundation
import TracklineCore

extension EvaluationReport {
    /// Output formats of `trackline eval`.
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv
    }

    public static let tableColumns = ["HOTA", "DetA", "AssA", "LocA", "MOTA", "MOTP", "IDF1", "IDP", "IDR",
                                      "IDSW", "Frag", "MT", "ML", "FP", "FN"]

    public func formatted(_ format: Format) -> String {
        switch format {
        case .table: return table()
        case .json: return json()
        case .csv: return csv()
        }
    }

    private var allRows: [(name: String, scores: SequenceScores)] {
        sequences + [("COMBINED", combined)]
    }

    /// One row per sequence plus COMBINED; ratios as percentages with 3 decimals.
    public func table() -> String {
        let aliases = ["FP": "CLR_FP", "FN": "CLR_FN"]
        let nameWidth = max(8, allRows.map(\.name.count).max() ?? 8)
        var lines = ["Sequence".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + " "
                     + Self.tableColumns.map { pad($0, 8) }.joined(separator: " ")]
        for (name, scores) in allRows {
            let cells = Self.tableColumns.map { col -> String in
                guard let f = scores.field(aliases[col] ?? col) else { return pad("-", 8) }
                return pad(Self.text(f, decimals: 3), 8)
            }
            lines.append(name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + " " + cells.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"sequences": {"<SEQ>": {...}}, "combined": {...}}`, every field under TrackEval's name;
    /// ratios as percentages, counts as integers, full precision.
    public func json() -> String {
        func object(_ s: SequenceScores, indent: String) -> String {
            let body = s.allFields.map { "\(indent)  \(Self.quoted($0.name)): \(Self.text($0, decimals: nil))" }
            return "{\n" + body.joined(separator: ",\n") + "\n\(indent)}"
        }
        var out = "{\n  \"sequences\": {"
        out += sequences.isEmpty ? "}" : "\n" + sequences.map { "    \(Self.quoted($0.name)): \(object($0.scores, indent: "    "))" }
            .joined(separator: ",\n") + "\n  }"
        out += ",\n  \"combined\": \(object(combined, indent: "  "))\n}\n"
        return out
    }

    /// A header of TrackEval summary field names, then one line per sequence and COMBINED.
    public func csv() -> String {
        let names = combined.summaryFields.map(\.name)
        var lines = [(["seq"] + names).joined(separator: ",")]
        for (name, scores) in allRows {
            lines.append(([name] + scores.summaryFields.map { Self.text($0, decimals: nil) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func text(_ f: MetricField, decimals: Int?) -> String {
        switch f.value {
        case .count(let c): return String(c)
        default:
            let v = f.scaled
            guard let decimals else { return v.isFinite ? "\(v)" : "null" }
            return fixed(v, decimals)
        }
    }

    static func fixed(_ v: Double, _ decimals: Int) -> String {
        guard v.isFinite else { return "nan" }
        guard v.magnitude < 1e12 else { return "\(v)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let m = (v * scale).rounded()
        let neg = m < 0
        let a = Int64(m.magnitude)
        let p = Int64(scale)
        var frac = String(a % p)
        while frac.count < decimals { frac = "0" + frac }
        return (neg ? "-" : "") + String(a / p) + (decimals > 0 ? "." + frac : "")
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
