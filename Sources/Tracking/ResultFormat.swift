import Foundation
import TracklineCore

/// Text rows of Trackline's result files.
///
/// - CSV: header `frame,time_s,track_id,x,y,w,h,score`; 1-based source frames, time in seconds,
///   top-left pixel boxes with at most 2 decimals, time and score with at most 6.
/// - MOTChallenge txt: `frame,id,x,y,w,h,score,-1,-1,-1`, boxes with at most 2 decimals.
/// - JSON Lines: one object per box, `{"frame":1,"time_s":0,"id":1,"class":"person","x":..,
///   "y":..,"w":..,"h":..,"score":..}`, and a closing `{"summary":{...}}` object
///   (`ResultWriter` writes it when it commits).
/// - Track summary: one CSV row per track (`TrackStatistics`), written when the run ends.
/// Numbers are written as TracklineCore's MOT writers write them (trailing zeros dropped).
public enum ResultFormat: Sendable {
    case csv
    case mot
    case jsonl
    case trackSummary

    public var header: String? {
        switch self {
        case .csv: return "frame,time_s,track_id,x,y,w,h,score\n"
        case .mot, .jsonl, .trackSummary: return nil
        }
    }

    /// Appends one row for `box` (`time` in seconds, used by CSV and JSON Lines; `className`
    /// by JSON Lines) to `out`. A track summary has no rows per box (nothing is appended).
    public func appendRow(_ b: TrackedBox, time: Double, className: String = "object", to out: inout [UInt8]) {
        switch self {
        case .csv:
            appendInt(b.frame, &out); out.append(44)
            appendFixed(time, 6, &out); out.append(44)
            appendInt(b.trackID, &out); out.append(44)
            appendBox(b.box, &out); out.append(44)
            appendFixed(Double(b.score), 6, &out); out.append(10)
        case .mot:
            appendInt(b.frame, &out); out.append(44)
            appendInt(b.trackID, &out); out.append(44)
            appendBox(b.box, &out); out.append(44)
            appendFixed(Double(b.score), 6, &out)
            out.append(contentsOf: Array(",-1,-1,-1\n".utf8))
        case .jsonl:
            out.append(contentsOf: Array("{\"frame\":".utf8)); appendInt(b.frame, &out)
            out.append(contentsOf: Array(",\"time_s\":".utf8)); appendFixed(time, 6, &out)
            out.append(contentsOf: Array(",\"id\":".utf8)); appendInt(b.trackID, &out)
            out.append(contentsOf: Array(",\"class\":".utf8)); appendJSONString(className, &out)
            out.append(contentsOf: Array(",\"x\":".utf8)); appendFixed(b.box.x, 2, &out)
            out.append(contentsOf: Array(",\"y\":".utf8)); appendFixed(b.box.y, 2, &out)
            out.append(contentsOf: Array(",\"w\":".utf8)); appendFixed(b.box.width, 2, &out)
            out.append(contentsOf: Array(",\"h\":".utf8)); appendFixed(b.box.height, 2, &out)
            out.append(contentsOf: Array(",\"score\":".utf8)); appendFixed(Double(b.score), 6, &out)
            out.append(contentsOf: Array("}\n".utf8))
        case .trackSummary:
            break
        }
    }

    private func appendBox(_ box: BoundingBox, _ out: inout [UInt8]) {
        appendFixed(box.x, 2, &out); out.append(44)
        appendFixed(box.y, 2, &out); out.append(44)
        appendFixed(box.width, 2, &out); out.append(44)
        appendFixed(box.height, 2, &out)
    }
}

func appendInt(_ v: Int, _ out: inout [UInt8]) {
    out.append(contentsOf: Array(String(v).utf8))
}

/// Decimal text in the shared MOT-file style (at most `decimals` decimals, trailing zeros dropped).
func appendFixed(_ v: Double, _ decimals: Int, _ out: inout [UInt8]) {
    out.append(contentsOf: Array(MOTFile.formatDecimal(v, decimals: decimals).utf8))
}

/// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
func appendJSONString(_ s: String, _ out: inout [UInt8]) {
    out.append(34)
    for u in s.utf8 {
        switch u {
        case 34: out.append(contentsOf: [92, 34])
        case 92: out.append(contentsOf: [92, 92])
        case 0..<32: out.append(contentsOf: Array(String(format: "\\u%04x", u).utf8))
        default: out.append(u)
        }
    }
    out.append(34)
}
