import TracklineCore

/// Estimates the camera's motion between consecutive frames from the detection boxes alone, for
/// sources without pixels (detection files).
///
/// People walk, so a shift shared by all boxes is not by itself camera motion. The estimator
/// follows every box from frame to frame (nearest neighbour of similar height, one to one) and
/// keeps each one's own velocity with the camera's motion taken out; the camera's motion is
/// then the median of what the boxes did beyond their own velocities. People walking steadily
/// leave it at zero, so a still camera stays still; a pan, a shake or a jolt moves every box at
/// once. An estimate counts only when `minMatches` boxes were followed and the median stands
/// out of their spread (`significance` standard errors and `minShift` pixels); otherwise the
/// motion is the identity.
/// Cost per frame: previous boxes x current boxes distance checks.
public struct BoxMotionEstimator: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// Boxes scoring below this are not used (detector score, the file's own scale).
        public var minScore: Float = 0.3
        /// Farthest a box is followed beyond its forecast, in its heights.
        public var reach: Double = 0.5
        /// Fewest followed boxes for any motion.
        public var minMatches: Int = 4
        /// Standard errors (of the median, from the spread of the boxes' residuals) an estimate
        /// must stand out by.
        public var significance: Double = 2
        /// Smallest spread assumed for the boxes' residuals, in box heights (a detector's own
        /// jitter, which a handful of boxes cannot measure).
        public var minSpread: Double = 0.04
        /// Smallest shift reported, in pixels.
        public var minShift: Double = 1
        /// Weight of the newest frame in each box's velocity (exponential average).
        public var velocityWeight: Double = 0.3

        public init() {}
    }

    public var configuration: Configuration
    private struct Box { var cx, cy, h: Double; var vx = 0.0, vy = 0.0; var followed = false }
    private var previous: [Box] = []
    private var current: [Box] = []
    private var last = CameraMotion.identity
    private var candidates: [(d: Double, i: Int, j: Int)] = []
    private var usedPrevious: [Bool] = []
    private var usedCurrent: [Bool] = []
    private var match: [Int] = []
    private var rx: [Double] = []
    private var ry: [Double] = []

    public init(configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// The motion from the previous call's boxes to `detections` (identity on the first call or
    /// when the boxes do not support one).
    public mutating func estimate(_ detections: [Detection]) -> CameraMotion {
        current.removeAll(keepingCapacity: true)
        for d in detections where d.score >= configuration.minScore && d.box.height > 0 && d.box.width > 0 {
            let b = d.box
            guard b.x.isFinite, b.y.isFinite, b.height.isFinite, b.width.isFinite else { continue }
            current.append(Box(cx: b.centerX, cy: b.centerY, h: b.height))
        }
        var motion = CameraMotion.identity
        if previous.count >= configuration.minMatches && current.count >= configuration.minMatches {
            // Two rounds: follow the boxes assuming the camera keeps its last motion, then again
            // with the first estimate.
            var guess = (dx: last.dx, dy: last.dy)
            for _ in 0..<2 {
                follow(shift: guess)
                guard let m = medianResidual() else { guess = (0, 0); break }
                guess = m
            }
            if guess.dx != 0 || guess.dy != 0 { motion = CameraMotion(dx: guess.dx, dy: guess.dy) }
            // Velocities of followed boxes, with the camera's motion taken out.
            follow(shift: (motion.dx, motion.dy))
            let w = configuration.velocityWeight
            for (j, i) in match.enumerated() where i >= 0 {
                let a = previous[i]
                let vx = current[j].cx - a.cx - motion.dx, vy = current[j].cy - a.cy - motion.dy
                current[j].vx = a.followed ? w * vx + (1 - w) * a.vx : vx
                current[j].vy = a.followed ? w * vy + (1 - w) * a.vy : vy
                current[j].followed = true
            }
        }
        last = motion
        swap(&previous, &current)
        return motion
    }

    /// Forgets the previous frame (the next estimate is the identity).
    public mutating func reset() { previous.removeAll(keepingCapacity: true); last = .identity }

    /// One-to-one matches of current boxes to previous ones (`match[j]` = i or -1), nearest to
    /// each previous box's forecast (its position + velocity + `shift`) first.
    private mutating func follow(shift: (dx: Double, dy: Double)) {
        candidates.removeAll(keepingCapacity: true)
        for (i, a) in previous.enumerated() {
            let px = a.cx + a.vx + shift.dx, py = a.cy + a.vy + shift.dy
            let reach = configuration.reach * a.h
            for (j, b) in current.enumerated() {
                let ratio = b.h / a.h
                guard ratio > 0.8, ratio < 1.25 else { continue }
                let ex = b.cx - px, ey = b.cy - py
                guard abs(ex) <= reach, abs(ey) <= reach else { continue }
                candidates.append(((ex * ex + ey * ey) / (a.h * a.h), i, j))
            }
        }
        candidates.sort { $0.d < $1.d || ($0.d == $1.d && ($0.i, $0.j) < ($1.i, $1.j)) }
        // Reused buffers: no allocation per frame once they have grown.
        usedPrevious.removeAll(keepingCapacity: true); usedPrevious.append(contentsOf: repeatElement(false, count: previous.count))
        usedCurrent.removeAll(keepingCapacity: true); usedCurrent.append(contentsOf: repeatElement(false, count: current.count))
        match.removeAll(keepingCapacity: true); match.append(contentsOf: repeatElement(-1, count: current.count))
        for c in candidates where !usedPrevious[c.i] && !usedCurrent[c.j] {
            usedPrevious[c.i] = true; usedCurrent[c.j] = true
            match[c.j] = c.i
        }
    }

    /// Median of the matched boxes' motion beyond their own velocity, when it stands out.
    private mutating func medianResidual() -> (dx: Double, dy: Double)? {
        rx.removeAll(keepingCapacity: true); ry.removeAll(keepingCapacity: true)
        var heights = 0.0
        for (j, i) in match.enumerated() where i >= 0 && previous[i].followed {
            let a = previous[i]
            heights += a.h
            rx.append(current[j].cx - a.cx - a.vx)
            ry.append(current[j].cy - a.cy - a.vy)
        }
        guard rx.count >= configuration.minMatches else { return nil }
        let mx = Self.median(&rx), my = Self.median(&ry)
        // Spread: median absolute deviation, as a standard deviation; the median's standard
        // error is about 1.25 sd / sqrt(n).
        for k in rx.indices { rx[k] = abs(rx[k] - mx); ry[k] = abs(ry[k] - my) }
        let floor = configuration.minSpread * heights / Double(rx.count)
        let sx = max(floor, 1.4826 * Self.median(&rx)), sy = max(floor, 1.4826 * Self.median(&ry))
        let se = 1.25 / Double(rx.count).squareRoot()
        let z = configuration.significance
        let outX = abs(mx) >= max(configuration.minShift, z * se * sx)
        let outY = abs(my) >= max(configuration.minShift, z * se * sy)
        return (outX ? mx : 0, outY ? my : 0)
    }

    private static func median(_ v: inout [Double]) -> Double {
        v.sort()
        let n = v.count
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
    }
}
