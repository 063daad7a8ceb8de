import TracklineCore

/// Linear gap filling for finished trajectories.
public enum Interpolation {
    /// Fills every gap of at most `maxGap` missing frames inside each trajectory with boxes on
    /// the straight line between the boxes either side (corners linear in frame number). Filled
    /// boxes carry the lower of the two neighbours' scores. `maxGap <= 0` returns the input.
    public static func fill(_ trajectories: [Trajectory], maxGap: Int) -> [Trajectory] {
        guard maxGap > 0 else { return trajectories }
        return trajectories.map { t in
            var out: [TrackedBox] = []
            out.reserveCapacity(t.boxes.count)
            for (k, b) in t.boxes.enumerated() {
                if k > 0 { out.append(contentsOf: between(t.boxes[k - 1], b, maxGap: maxGap)) }
                out.append(b)
            }
            return Trajectory(id: t.id, boxes: out)
        }
    }

    /// The boxes strictly between `a` and `b` (same id, `a.frame < b.frame`) when the gap is at
    /// most `maxGap` frames, else none.
    public static func between(_ a: TrackedBox, _ b: TrackedBox, maxGap: Int) -> [TrackedBox] {
        let gap = b.frame - a.frame - 1
        guard gap > 0, gap <= maxGap else { return [] }
        var out: [TrackedBox] = []
        out.reserveCapacity(gap)
        let n = Double(b.frame - a.frame)
        for f in (a.frame + 1)..<b.frame {
            let t = Double(f - a.frame) / n
            func lerp(_ u: Double, _ v: Double) -> Double { u + (v - u) * t }
            out.append(TrackedBox(frame: f, trackID: a.trackID,
                                  box: BoundingBox(x: lerp(a.box.x, b.box.x), y: lerp(a.box.y, b.box.y),
                                                   width: lerp(a.box.width, b.box.width), height: lerp(a.box.height, b.box.height)),
                                  score: min(a.score, b.score)))
        }
        return out
    }
}
