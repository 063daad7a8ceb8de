import TracklineCore

/// How `TrackingSession` follows a moving camera.
public enum CameraMotionSource: Sendable, Equatable {
    /// The camera is taken to be still.
    case off
    /// Estimated from each frame's detection boxes (`BoxMotionEstimator`), unless the caller
    /// passes a motion to `TrackingSession.process` (a video's own estimate).
    case boxes(BoxMotionEstimator.Configuration)
    /// Only the motions the caller passes to `process` (none = still).
    case given
}

/// Keeps a session's tracker, gap filler and smoother in one frame of reference while the camera
/// moves: each frame's boxes are mapped into the coordinates of the first frame (undoing the
/// camera's motion since then), and every output box is mapped back into its own frame's pixels.
/// Trackers then see people's own motion, and gaps are filled along straight lines in the scene,
/// not in the image.
///
/// Memory: one transform per frame not yet written (the output's delay), or per frame of the
/// run when the session keeps trajectories for `finish`.
struct CameraCompensation {
    var estimator: BoxMotionEstimator?
    /// Current frame's pixels -> reference coordinates.
    private(set) var toReference = CameraMotion.identity
    /// Reference coordinates -> each pending frame's pixels, frames increasing.
    private var fromReference: [(frame: Int, motion: CameraMotion)] = []
    private var start = 0
    let keepsAll: Bool

    init(source: CameraMotionSource, keepsAll: Bool) {
        if case let .boxes(c) = source { estimator = BoxMotionEstimator(configuration: c) }
        self.keepsAll = keepsAll
    }

    /// Enters `frame`, whose camera moved by `motion` since the previous frame (nil: estimated
    /// from `detections` when an estimator is set, else none); returns the detections in
    /// reference coordinates.
    mutating func enter(frame: Int, motion: CameraMotion?, detections: [Detection], into out: inout [Detection]) {
        var m = motion ?? .identity
        if motion == nil, estimator != nil { m = estimator!.estimate(detections) }
        if !m.isIdentity, m.scale.isFinite, m.dx.isFinite, m.dy.isFinite, m.scale > 0 {
            toReference = m.inverse.followed(by: toReference)
        }
        fromReference.append((frame, toReference.inverse))
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: detections)
        if toReference.isIdentity { return }
        for k in out.indices { out[k].box = toReference.apply(out[k].box) }
    }

    /// `boxes` of `frame` (reference coordinates) in that frame's pixels.
    mutating func toImage(frame: Int, _ boxes: [TrackedBox], release: Bool) -> [TrackedBox] {
        guard let m = motion(of: frame, release: release), !m.isIdentity else { return boxes }
        return boxes.map { b in
            var b = b
            b.box = m.apply(b.box)
            if let d = b.detection { b.detection = m.apply(d) }
            return b
        }
    }

    /// The transform of `frame`; with `release`, forgets earlier frames (output goes forward).
    private mutating func motion(of frame: Int, release: Bool) -> CameraMotion? {
        var k = start
        while k < fromReference.count && fromReference[k].frame < frame { k += 1 }
        guard k < fromReference.count, fromReference[k].frame == frame else { return nil }
        let m = fromReference[k].motion
        if release && !keepsAll {
            start = k
            if start > 256 && start * 2 > fromReference.count {
                fromReference.removeFirst(start)
                start = 0
            }
        }
        return m
    }

    /// Trajectories in reference coordinates, mapped into their frames' pixels.
    func toImage(_ trajectories: [Trajectory]) -> [Trajectory] {
        var index: [Int: CameraMotion] = [:]
        for (f, m) in fromReference { index[f] = m }
        return trajectories.map { t in
            var t = t
            for k in t.boxes.indices {
                guard let m = index[t.boxes[k].frame] else { continue }
                t.boxes[k].box = m.apply(t.boxes[k].box)
                if let d = t.boxes[k].detection { t.boxes[k].detection = m.apply(d) }
            }
            return t
        }
    }
}
