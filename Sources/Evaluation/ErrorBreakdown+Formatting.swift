import Foundation

extension ErrorBreakdown {
    /// A plain-text report: the bins as counts and shares, then the localisation tables.
    public func formatted(title: String, threshold: Double) -> String {
        func pct(_ n: Int, _ of: Int) -> String { of > 0 ? String(format: "%5.1f%%", 100 * Double(n) / Double(of)) : "    -" }
        let missed = personBoxes - matched
        var s = "\(title)\n"
        s += String(format: "  persons (gt boxes) %8d   tracked %8d %@   missed %8d %@\n", personBoxes, matched, pct(matched, personBoxes), missed, pct(missed, personBoxes))
        s += String(format: "  misses: never detected %6d %@ | detected only below %.2f %6d %@ | detected, dropped by the tracker %6d %@\n",
                    neverDetected, pct(neverDetected, personBoxes), threshold, belowThreshold, pct(belowThreshold, personBoxes), dropped, pct(dropped, personBoxes))
        s += String(format: "  detector recall at %.2f %@; tracked without a detection (recovered) %6d %@ of persons\n",
                    threshold, pct(detected, personBoxes), recovered, pct(recovered, personBoxes))
        let falseBoxes = falseFromDetections + falseWithoutDetection
        s += String(format: "  tracker boxes %8d   false %8d %@: on a detection %6d | without one (filled or predicted) %6d\n",
                    trackerBoxes, falseBoxes, pct(falseBoxes, trackerBoxes), falseFromDetections, falseWithoutDetection)
        for (name, table) in [("tracker", tracker), ("detector", detector)] {
            s += "  \(name) boxes vs persons: height px | matches | mean IoU | offset cx, cy, w, h (person heights)\n"
            for l in table where l.matches > 0 {
                let band = l.heights.upperBound.isFinite ? "\(Int(l.heights.lowerBound))-\(Int(l.heights.upperBound))" : ">= \(Int(l.heights.lowerBound))"
                let o = l.meanOffsets
                s += String(format: "    %-9@ %7d   %.3f   %+.3f %+.3f %+.3f %+.3f\n", band as NSString, l.matches, l.meanIoU, o[0], o[1], o[2], o[3])
            }
        }
        return s
    }
}
