import Foundation
import TracklineCore

/// Text rows of Trackline's result files.
///
/// - CSV: header `frame,time_s,track_id,x,y,w,h,score`; 1-based source frames, time in seconds,
///   top-left pixel boxes with at most 2 decimals, time and score with at most 6.
/// - MOTChallenge txt: `frame,id,x,y,w,h,score,-1,-1,-1`, boxes with at most 2 decimals.
/// Numbers are written as TracklineCore's MOT writers write them (trailing zeros dropped).
public enum ResultFormat: Sendable {
    case csv
    case mot

    public var header: String? {
        switch self {
        case .csv: return "frame,time_s,track_id,x,y,w,h,score\n"
        case .mot: return nil
        }
    }

    /// Appends one row for `box` (`time` in seconds, used by CSV only) to `out`.
    public func appendRow(_ b: TrackedBox, time: Double, to out: inout [UInt8]) {
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
