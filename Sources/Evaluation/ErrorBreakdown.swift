import TracklineCore

/// Where a tracker's errors come from, for one sequence or pooled: every ground-truth box is
/// matched (one to one per frame, IoU >= 0.5, most overlap first) to the tracker's boxes and to
/// the detector's boxes, and each miss, each false box and each match is put in one bin.
///
/// - Misses: no detection overlapped the person (`neverDetected`), only detections scoring below
///   `threshold` did (`belowThreshold`), or a detection at or above it did and the tracker left
///   it out (`dropped`).
/// - Recovered: matched by the tracker although no detection at or above `threshold` covered the
///   person in that frame (gap filling, prediction or a low-score box the tracker took).
/// - False boxes: tracker boxes matching no person, with a detection under them at IoU >= 0.5
///   (`falseFromDetections`: the detector's false positive tracked) or without
///   (`falseWithoutDetection`: drawn by the tracker or the output filter).
/// - Localisation: IoU of the matches, and the mean offset of the tracker's (or detector's) box
///   from the person's, by the person's height, in units of that height (centre x, centre y,
///   width, height; positive = right, down, wider, taller).
///
/// Ground truth rows are those TrackEval scores (confidence not in (-1, 1) excluded as ignored).
public struct ErrorBreakdown: Sendable, Equatable {
    /// Offsets and overlap of matched boxes for one band of person heights.
    public struct Localisation: Sendable, Equatable {
        /// Person heights in the band, pixels (lower bound inclusive).
        public var heights: Range<Double>
        public var matches = 0
        public var iouSum = 0.0
        /// Sums of (box - person) centre x, centre y, width, height, over the person's height.
        public var offsetSums = [0.0, 0.0, 0.0, 0.0]

        public var meanIoU: Double { matches > 0 ? iouSum / Double(matches) : .nan }
        public var meanOffsets: [Double] { offsetSums.map { matches > 0 ? $0 / Double(matches) : .nan } }

        mutating func add(_ box: BoundingBox, person: BoundingBox, iou: Double) {
            let h = person.height
            matches += 1
            iouSum += iou
            offsetSums[0] += (box.centerX - person.centerX) / h
            offsetSums[1] += (box.centerY - person.centerY) / h
            offsetSums[2] += (box.width - person.width) / h
            offsetSums[3] += (box.height - person.height) / h
        }

        mutating func merge(_ o: Localisation) {
            matches += o.matches; iouSum += o.iouSum
            for k in 0..<4 { offsetSums[k] += o.offsetSums[k] }
        }
    }

    /// Height bands of the localisation tables, pixels.
    public static let heightBands: [Range<Double>] = [0..<50, 50..<100, 100..<200, 200..<Double.infinity]

    public var personBoxes = 0
    public var trackerBoxes = 0
    public var matched = 0
    public var neverDetected = 0
    public var belowThreshold = 0
    public var dropped = 0
    public var recovered = 0
    public var falseFromDetections = 0
    public var falseWithoutDetection = 0
    /// Persons covered by a detection at or above the threshold (the detector's own recall).
    public var detected = 0
    public var tracker = heightBands.map { Localisation(heights: $0) }
    public var detector = heightBands.map { Localisation(heights: $0) }

    public init() {}

    /// - Parameters:
    ///   - groundTruth: the sequence's gt.txt.
    ///   - prediction: the tracker's boxes.
    ///   - detections: the detector's boxes with their scores (a det.txt), or nil.
    ///   - threshold: the lowest detection score the tracker uses.
    public init(groundTruth: MOTFile, prediction: MOTFile, detections: MOTFile?, threshold: Double) {
        self.init()
        let gt = Self.byFrame(groundTruth.rows.filter { !($0.confidence > -1 && $0.confidence < 1) })
        let pred = Self.byFrame(prediction.rows)
        let det = Self.byFrame(detections?.rows ?? [])
        let strongByFrame = det.mapValues { $0.filter { $0.confidence >= threshold } }
        var matcher = Matcher()
        for (frame, persons) in gt {
            let boxes = pred[frame] ?? []
            let dets = det[frame] ?? []
            let strong = strongByFrame[frame] ?? []
            personBoxes += persons.count
            let toTracker = matcher.match(persons.map(\.box), boxes.map(\.box))
            let toStrong = matcher.match(persons.map(\.box), strong.map(\.box))
            let toAny = matcher.match(persons.map(\.box), dets.map(\.box))
            for (i, p) in persons.enumerated() {
                let covered = toStrong[i] >= 0
                if covered {
                    detected += 1
                    let d = strong[toStrong[i]].box
                    detector[Self.band(p.box.height)].add(d, person: p.box, iou: d.iou(p.box))
                }
                if toTracker[i] >= 0 {
                    matched += 1
                    let b = boxes[toTracker[i]].box
                    tracker[Self.band(p.box.height)].add(b, person: p.box, iou: b.iou(p.box))
                    if !covered { recovered += 1 }
                } else if covered {
                    dropped += 1
                } else if toAny[i] >= 0 {
                    belowThreshold += 1
                } else {
                    neverDetected += 1
                }
            }
        }
        for (frame, boxes) in pred {
            trackerBoxes += boxes.count
            let persons = gt[frame] ?? []
            let strong = strongByFrame[frame] ?? []
            let toPerson = matcher.match(boxes.map(\.box), persons.map(\.box))
            let toDetection = matcher.match(boxes.map(\.box), strong.map(\.box))
            for k in boxes.indices where toPerson[k] < 0 {
                if toDetection[k] >= 0 { falseFromDetections += 1 } else { falseWithoutDetection += 1 }
            }
        }
    }

    /// Sums two breakdowns (pooling sequences).
    public mutating func merge(_ o: ErrorBreakdown) {
        personBoxes += o.personBoxes; trackerBoxes += o.trackerBoxes; matched += o.matched
        neverDetected += o.neverDetected; belowThreshold += o.belowThreshold; dropped += o.dropped
        recovered += o.recovered; falseFromDetections += o.falseFromDetections
        falseWithoutDetection += o.falseWithoutDetection; detected += o.detected
        for k in tracker.indices { tracker[k].merge(o.tracker[k]); detector[k].merge(o.detector[k]) }
    }

    static func band(_ h: Double) -> Int { heightBands.firstIndex { $0.contains(h) } ?? heightBands.count - 1 }

    static func byFrame(_ rows: [MOTRow]) -> [Int: [MOTRow]] {
        var out: [Int: [MOTRow]] = [:]
        for r in rows { out[r.frame, default: []].append(r) }
        return out
    }

    /// One-to-one matching at IoU >= 0.5 maximising total IoU (at 0.5 and above a box can
    /// overlap at most one other box of a set that does not overlap itself that much, so this is
    /// close to greedy; the assignment keeps it exact).
    struct Matcher {
        var solver = LinearAssignment()

        /// For each of `a`, the index of its match in `b`, or -1.
        mutating func match(_ a: [BoundingBox], _ b: [BoundingBox]) -> [Int] {
            var out = [Int](repeating: -1, count: a.count)
            guard !a.isEmpty, !b.isEmpty else { return out }
            var cost = [Double](repeating: 0, count: a.count * b.count)
            var any = false
            for i in a.indices {
                for j in b.indices {
                    let v = a[i].iou(b[j])
                    if v >= 0.5 { cost[i * b.count + j] = -v; any = true }
                }
            }
            guard any, (try? solver.solveInPlace(cost, rows: a.count, columns: b.count)) != nil else { return out }
            for i in a.indices {
                let j = solver.columnForRow[i]
                if j >= 0, j < b.count, cost[i * b.count + j] < 0 { out[i] = j }
            }
            return out
        }
    }
}
