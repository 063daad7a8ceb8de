import TracklineCore

/// Linear gap filling for finished trajectories.
public enum Interpolation {
    /// Fills every gap of at most `maxGap` missing frames inside each trajectory with boxes on
    /// the straight line between the boxes either side (corners linear in frame number). Filled
    /// boxes carry the lower of the two neighbours' scores, and a `detection` on the line between
    /// the neighbours' detections when both have one. `maxGap <= 0` returns the input.
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
            var detection: BoundingBox?
            if let u = a.detection, let v = b.detection { detection = lerp(u, v, t) }
            out.append(TrackedBox(frame: f, trackID: a.trackID, box: lerp(a.box, b.box, t),
                                  score: min(a.score, b.score), detection: detection))
        }
        return out
    }

    /// The box `t` of the way from `u` to `v` (corners linear).
    static func lerp(_ u: BoundingBox, _ v: BoundingBox, _ t: Double) -> BoundingBox {
        func mix(_ p: Double, _ q: Double) -> Double { p + (q - p) * t }
        return BoundingBox(x: mix(u.x, v.x), y: mix(u.y, v.y), width: mix(u.width, v.width), height: mix(u.height, v.height))
    }
}
