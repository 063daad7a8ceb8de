import TracklineCore

/// Temporal smoothing of trajectories: each box becomes the mean of its track's measured boxes
/// within `radius` frames either side (x, y, width and height averaged, so the centre and size
/// are too; the score is kept). Detector boxes jitter from frame to frame around the person; a
/// centred mean removes much of it without lagging a walker, whose motion is near-linear over a
/// few frames. At a track's ends and beside gaps the window holds whatever boxes exist.
///
/// A box's measurement is its `detection` when the tracker gave one, else the box itself. The
/// Kalman trackers report their filtered state as the box, which lags a turn and, after two
/// people's boxes merged for a few frames, carries the merged box's velocity on; the centred
/// mean of the detections has neither fault (docs/seq2seq.md, "Output filter", has the
/// measurements).
public enum Smoothing {
    /// Smooths every trajectory (boxes in increasing frame order). `radius <= 0` returns the input.
    public static func apply(_ trajectories: [Trajectory], radius: Int) -> [Trajectory] {
        guard radius > 0 else { return trajectories }
        return trajectories.map { t in
            let boxes = t.boxes
            var out = boxes
            var lo = 0, hi = 0
            for k in boxes.indices {
                let f = boxes[k].frame
                while boxes[lo].frame < f - radius { lo += 1 }
                while hi < boxes.count && boxes[hi].frame <= f + radius { hi += 1 }
                out[k].box = mean(boxes[lo..<hi])
            }
            return Trajectory(id: t.id, boxes: out)
        }
    }

    /// The mean box of `boxes` (at least one).
    static func mean<C: Collection>(_ boxes: C) -> BoundingBox where C.Element == TrackedBox {
        var x = 0.0, y = 0.0, w = 0.0, h = 0.0
        for b in boxes {
            let m = b.detection ?? b.box
            x += m.x; y += m.y; w += m.width; h += m.height
        }
        let n = Double(boxes.count)
        return BoundingBox(x: x / n, y: y / n, width: w / n, height: h / n)
    }
}
