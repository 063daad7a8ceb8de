import TracklineCore

/// SORT (Bewley, Ge, Ott, Ramos, Upcroft, ICIP 2016), following the authors' reference code
/// step by step so that its output can be reproduced:
/// - each track is a `SORTKalman` on centre, area and aspect ratio;
/// - tracks are predicted; a track whose predicted box is NaN is dropped;
/// - detections are matched to predictions by IoU: when every row and column has at most one
///   IoU above `iouThreshold` those pairs are taken directly, else the optimal assignment on
///   -IoU is solved and pairs below `iouThreshold` are rejected;
/// - unmatched detections start new tracks (ids from 1), rejected pairs' detections after them;
/// - a track is reported in a frame when it was matched in it and has `minHits` consecutive hits
///   or the stream is still in its first `minHits` frames (the reference's warm-up rule);
/// - a track unmatched for more than `maxAge` frames is removed.
/// Reported boxes are the filter's state after the update, not the detection.
/// Lifecycle: tentative (hit streak < minHits) -> confirmed -> lost (missed, within maxAge) -> removed.
public struct SORT: Tracker, Sendable {
    /// Frames a track may go unmatched before it is removed (reference default 1).
    public var maxAge: Int
    /// Consecutive matches before a track is reported (reference default 3).
    public var minHits: Int
    /// Minimum IoU of a detection with a track's prediction to be matched (reference 0.3).
    public var iouThreshold: Double
    public var recordsHistory: Bool {
        get { recorder.enabled }
        set { recorder.enabled = newValue }
    }

    struct Track: Sendable {
        var kf: SORTKalman
        var id: Int
        var timeSinceUpdate = 0
        var hits = 0
        var hitStreak = 0
        var age = 0
        var score: Float
        /// The detection last absorbed (reported beside the Kalman box, for `Smoothing`).
        var detection: BoundingBox?
    }

    private var tracks: [Track] = []
    private var frameCount = 0
    private var nextID = 1
    private var recorder = TrajectoryRecorder()
    private var solver = LinearAssignment()
    // Reused per-frame buffers.
    private var predicted: [(x1: Double, y1: Double, x2: Double, y2: Double)] = []
    private var iou: [Double] = []
    private var cost: [Double] = []
    private var assigned: [Bool] = []
    private var newDets: [Int] = []

    public init(maxAge: Int = 1, minHits: Int = 3, iouThreshold: Double = 0.3) {
        self.maxAge = maxAge
        self.minHits = minHits
        self.iouThreshold = iouThreshold
    }

    /// The lifecycle state of each live track, by id (for inspection and tests).
    public var states: [Int: TrackState] {
        var out: [Int: TrackState] = [:]
        for t in tracks {
            out[t.id] = t.timeSinceUpdate > 0 ? .lost : (t.hitStreak >= minHits ? .confirmed : .tentative)
        }
        return out
    }

    public mutating func update(frame: Int, detections allDetections: [Detection]) -> [TrackedBox] {
        frameCount += 1
        // Boxes without area or with non-finite corners would poison the filters; the reference
        // never sees such boxes in its detection files, so dropping them changes nothing there.
        let detections = allDetections.allSatisfy(Self.isUsable) ? allDetections : allDetections.filter(Self.isUsable)
        // Predict, dropping tracks whose state went NaN.
        predicted.removeAll(keepingCapacity: true)
        var w = 0
        for i in tracks.indices {
            tracks[i].kf.predict()
            tracks[i].age += 1
            if tracks[i].timeSinceUpdate > 0 { tracks[i].hitStreak = 0 }
            tracks[i].timeSinceUpdate += 1
            let c = tracks[i].kf.corners
            if c.x1.isNaN || c.y1.isNaN || c.x2.isNaN || c.y2.isNaN { continue }
            tracks[w] = tracks[i]
            predicted.append(c)
            w += 1
        }
        tracks.removeLast(tracks.count - w)

        let nd = detections.count, nt = tracks.count
        iou.removeAll(keepingCapacity: true)
        for d in detections {
            let b = d.box
            for p in predicted { iou.append(Self.iou(b.x, b.y, b.maxX, b.maxY, p)) }
        }
        assigned.removeAll(keepingCapacity: true)
        assigned.append(contentsOf: repeatElement(false, count: nd))
        newDets.removeAll(keepingCapacity: true)
        var matches: [(Int, Int)] = []
        if nd > 0 && nt > 0 {
            if isUnambiguous(nd, nt) {
                for d in 0..<nd { for t in 0..<nt where iou[d * nt + t] > iouThreshold { matches.append((d, t)) } }
            } else {
                cost.removeAll(keepingCapacity: true)
                for v in iou { cost.append(-v) }
                if (try? solver.solveInPlace(cost, rows: nd, columns: nt)) != nil {
                    for d in 0..<nd where solver.columnForRow[d] >= 0 { matches.append((d, solver.columnForRow[d])) }
                }
            }
        }
        for (d, _) in matches { assigned[d] = true }
        for d in 0..<nd where !assigned[d] { newDets.append(d) }
        for (d, t) in matches {
            if iou[d * nt + t] >= iouThreshold {
                tracks[t].kf.update(box: detections[d].box)
                tracks[t].timeSinceUpdate = 0
                tracks[t].hits += 1
                tracks[t].hitStreak += 1
                tracks[t].score = detections[d].score
                tracks[t].detection = detections[d].box
            } else {
                newDets.append(d)
            }
        }
        for d in newDets {
            tracks.append(Track(kf: SORTKalman(box: detections[d].box), id: nextID, score: detections[d].score))
            nextID += 1
        }

        var out: [TrackedBox] = []
        w = 0
        for i in tracks.indices {
            let t = tracks[i]
            if t.timeSinceUpdate < 1 && (t.hitStreak >= minHits || frameCount <= minHits) {
                let b = t.kf.box
                if b.x.isFinite && b.y.isFinite && b.width.isFinite && b.height.isFinite {
                    out.append(TrackedBox(frame: frame, trackID: t.id, box: b, score: t.score, detection: t.detection))
                }
            }
            if t.timeSinceUpdate <= maxAge {
                tracks[w] = t
                w += 1
            }
        }
        tracks.removeLast(tracks.count - w)
        out.sort { $0.trackID < $1.trackID }
        recorder.record(out)
        return out
    }

    public mutating func finish() -> [Trajectory] {
        tracks.removeAll()
        return recorder.drain()
    }

    static func isUsable(_ d: Detection) -> Bool {
        d.box.width > 0 && d.box.height > 0 && d.box.x.isFinite && d.box.y.isFinite && d.box.maxX.isFinite && d.box.maxY.isFinite
            && (d.box.width * d.box.height).isFinite
    }

    /// True when each detection and each track has at most one IoU above the threshold.
    private func isUnambiguous(_ nd: Int, _ nt: Int) -> Bool {
        var colCount = [Int](repeating: 0, count: nt)
        for d in 0..<nd {
            var rowCount = 0
            for t in 0..<nt where iou[d * nt + t] > iouThreshold {
                rowCount += 1
                colCount[t] += 1
                if rowCount > 1 || colCount[t] > 1 { return false }
            }
        }
        // The reference also requires some row with exactly one: max(sum) == 1.
        return colCount.contains(1)
    }

    /// IoU in corner form, computed as the reference does (no +1, plain division).
    @inline(__always)
    static func iou(_ ax1: Double, _ ay1: Double, _ ax2: Double, _ ay2: Double,
                    _ b: (x1: Double, y1: Double, x2: Double, y2: Double)) -> Double {
        let w = max(0, min(ax2, b.x2) - max(ax1, b.x1))
        let h = max(0, min(ay2, b.y2) - max(ay1, b.y1))
        let inter = w * h
        return inter / ((ax2 - ax1) * (ay2 - ay1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter)
    }
}
