import Foundation

extension MOTFile {
    /// MOTChallenge results text: `frame,id,x,y,w,h,score,-1,-1,-1` per box, sorted by frame then
    /// id, as TrackEval and the MOTChallenge server read it.
    ///
    /// Formatting is deterministic: box values with at most `decimals` decimals (trailing zeros
    /// dropped), scores with at most 6.
    public static func resultsText(_ boxes: [TrackedBox], decimals: Int = 2) -> String {
        let sorted = boxes.sorted { ($0.frame, $0.trackID) < ($1.frame, $1.trackID) }
        var out: [UInt8] = []
        out.reserveCapacity(sorted.count * 48)
        for b in sorted {
            appendRow(&out, frame: b.frame, id: b.trackID, box: b.box, score: Double(b.score), decimals: decimals)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// MOTChallenge detection text: `frame,-1,x,y,w,h,score,-1,-1,-1` per box, sorted by frame
    /// (stable: boxes of a frame keep their order).
    public static func detectionsText(_ detections: [Detection], decimals: Int = 2) -> String {
        let order = detections.indices.sorted { (detections[$0].frame, $0) < (detections[$1].frame, $1) }
        var out: [UInt8] = []
        out.reserveCapacity(detections.count * 48)
        for i in order {
            let d = detections[i]
            appendRow(&out, frame: d.frame, id: -1, box: d.box, score: Double(d.score), decimals: decimals)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes `resultsText(boxes)` to `path`, whole or not at all.
    public static func writeResults(_ boxes: [TrackedBox], to path: String, decimals: Int = 2) throws {
        try AtomicFile.write(resultsText(boxes, decimals: decimals), to: path)
    }

    /// Writes `detectionsText(detections)` to `path`, whole or not at all.
    public static func writeDetections(_ detections: [Detection], to path: String, decimals: Int = 2) throws {
        try AtomicFile.write(detectionsText(detections, decimals: decimals), to: path)
    }

    private static func appendRow(_ out: inout [UInt8], frame: Int, id: Int, box: BoundingBox, score: Double, decimals: Int) {
        appendInt(&out, frame); out.append(44)
        appendInt(&out, id); out.append(44)
        appendDecimal(&out, box.x, decimals); out.append(44)
        appendDecimal(&out, box.y, decimals); out.append(44)
        appendDecimal(&out, box.width, decimals); out.append(44)
        appendDecimal(&out, box.height, decimals); out.append(44)
        appendDecimal(&out, score, 6)
        out.append(contentsOf: Array(",-1,-1,-1\n".utf8))
    }

    static func appendInt(_ out: inout [UInt8], _ v: Int) {
        out.append(contentsOf: Array(String(v).utf8))
    }

    /// Fixed-point text with at most `decimals` decimals, trailing zeros and a lone point dropped,
    /// never "-0". Values too large for fixed point fall back to Swift's shortest form.
    static func appendDecimal(_ out: inout [UInt8], _ value: Double, _ decimals: Int) {
        let d = max(0, min(decimals, 9))
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard value.isFinite, scaled.magnitude < 9e15 else {
            out.append(contentsOf: Array("\(value)".utf8))
            return
        }
        var m = Int64(scaled)
        if m == 0 { out.append(48); return }
        if m < 0 { out.append(45); m = -m }
        var p: Int64 = 1
        for _ in 0..<d { p *= 10 }
        out.append(contentsOf: Array(String(m / p).utf8))
        var frac = m % p
        if frac == 0 { return }
        var digits = d
        while frac % 10 == 0 { frac /= 10; digits -= 1 }
        out.append(46)
        let s = String(frac)
        for _ in 0..<(digits - s.utf8.count) { out.append(48) }
        out.append(contentsOf: Array(s.utf8))
    }

    /// `appendDecimal` as a String (for other text writers).
    public static func formatDecimal(_ value: Double, decimals: Int) -> String {
        var out: [UInt8] = []
        appendDecimal(&out, value, decimals)
        return String(decoding: out, as: UTF8.self)
    }
}
