import TracklineCore

/// One annotated box for detection scoring.
public struct GroundTruthBox: Sendable, Equatable {
    /// 1-based frame.
    public var frame: Int
    /// Box in original pixels, top-left corner plus size.
    public var box: BoundingBox
    /// True for a box flagged "do not consider" (MOT column 7 = 0): a detection on it is
    /// neither true nor false, and missing it costs nothing.
    public var ignored: Bool

    public init(frame: Int, box: BoundingBox, ignored: Bool = false) {
        self.frame = frame
        self.box = box
        self.ignored = ignored
    }
}

/// Detection quality of a ranked list of detections: VOC average precision plus counts at a
/// score threshold.
public struct AveragePrecision: Sendable, Equatable {
    /// Area under the all-point interpolated precision/recall curve (VOC 2010+).
    public var ap: Double
    /// Positive (non-ignored) ground-truth boxes.
    public var positives: Int
    /// Detections evaluated.
    public var detections: Int
    /// Detections dropped because their best match was an ignored box.
    public var ignoredDetections: Int
    /// Score threshold for the counts below.
    public var scoreThreshold: Float
    /// True and false positives among detections scoring at least `scoreThreshold`.
    public var truePositivesAtThreshold: Int
    public var falsePositivesAtThreshold: Int
    /// Recall over the whole ranked list.
    public var maxRecall: Double

    public var recallAtThreshold: Double { positives > 0 ? Double(truePositivesAtThreshold) / Double(positives) : 0 }
    public var precisionAtThreshold: Double {
        let n = truePositivesAtThreshold + falsePositivesAtThreshold
        return n > 0 ? Double(truePositivesAtThreshold) / Double(n) : 0
    }

    /// Scores `detections` against `groundTruth` with the VOC devkit matching rule, MOT's ignore
    /// flag playing the part of VOC's "difficult":
    ///
    /// - detections are ranked by descending score (stable: input order on ties);
    /// - each takes the box of its frame with the highest IoU among *all* ground-truth boxes,
    ///   ignored ones included (the first on ties); if that IoU >= `iouThreshold`, an ignored box
    ///   drops the detection, an unmatched positive makes it a true positive, an already matched
    ///   positive a false positive (duplicate); otherwise it is a false positive;
    /// - AP: precision made monotone from the right, summed over every recall step.
    ///
    /// IoU is on continuous boxes (`x + width` is the right edge, no +1).
    public init(groundTruth: [GroundTruthBox], detections: [Detection], iouThreshold: Double = 0.5, scoreThreshold: Float = 0.5) {
        var boxesOfFrame: [Int: [Int]] = [:]
        for (i, g) in groundTruth.enumerated() { boxesOfFrame[g.frame, default: []].append(i) }
        let positives = groundTruth.reduce(0) { $0 + ($1.ignored ? 0 : 1) }
        let order = detections.indices.sorted { a, b in
            detections[a].score != detections[b].score ? detections[a].score > detections[b].score : a < b
        }
        var matched = [Bool](repeating: false, count: groundTruth.count)
        var tpFlags: [Bool] = []
        var scores: [Float] = []
        tpFlags.reserveCapacity(detections.count)
        scores.reserveCapacity(detections.count)
        var dropped = 0
        for d in order {
            let det = detections[d]
            var isTP = false
            if let candidates = boxesOfFrame[det.frame] {
                var best = -1.0, bestIndex = -1
                for g in candidates {
                    let o = det.box.iou(groundTruth[g].box)
                    if o > best { best = o; bestIndex = g }
                }
                if best >= iouThreshold {
                    if groundTruth[bestIndex].ignored { dropped += 1; continue }
                    if !matched[bestIndex] { matched[bestIndex] = true; isTP = true }
                }
            }
            tpFlags.append(isTP)
            scores.append(det.score)
        }
        // Precision/recall at every rank.
        let n = tpFlags.count
        var recall = [Double](repeating: 0, count: n), precision = recall
        var tp = 0, tpAt = 0, fpAt = 0
        for i in 0..<n {
            if tpFlags[i] { tp += 1 }
            recall[i] = positives > 0 ? Double(tp) / Double(positives) : 0
            precision[i] = Double(tp) / Double(i + 1)
            if scores[i] >= scoreThreshold { tpAt = tp; fpAt = i + 1 - tp }
        }
        // All-point interpolation: mrec = [0, recall..., 1], mpre = [0, precision..., 0].
        var ap = 0.0
        var runningMax = 0.0
        for i in stride(from: n - 1, through: 0, by: -1) {
            runningMax = max(runningMax, precision[i])
            let previous = i > 0 ? recall[i - 1] : 0
            ap += (recall[i] - previous) * runningMax
        }
        self.ap = ap
        self.positives = positives
        self.detections = detections.count
        ignoredDetections = dropped
        self.scoreThreshold = scoreThreshold
        truePositivesAtThreshold = tpAt
        falsePositivesAtThreshold = fpAt
        maxRecall = n > 0 ? recall[n - 1] : 0
    }
}

extension GroundTruthBox {
    /// Reads a MOTChallenge gt.txt (`frame,id,x,y,w,h,consider,...`); rows with frame above
    /// `maxFrame` are skipped, `consider == 0` marks an ignored box.
    public static func read(motFile path: String, maxFrame: Int = .max) throws -> [GroundTruthBox] {
        try MOTFile.read(path: path).rows.compactMap { r in
            r.frame <= maxFrame ? GroundTruthBox(frame: r.frame, box: r.box, ignored: r.confidence == 0) : nil
        }
    }
}
