import Foundation
import TracklineCore

/// The model's input for one batch of tracks, as flat row-major buffers.
///
/// Every track `t` contributes `history` encoder positions (left-padded, most recent last) and
/// `queries` decoder queries: query 0 is the learned "no detection" query, queries `1...` are
/// the track's gated candidate detections, nearest to its forecast first, then padding.
/// Geometry is expressed relative to the track's last observed box and in units of its height,
/// so the model does not depend on image size or resolution. The buffers keep their capacity
/// between frames, so refilling a batch does not allocate once it has grown.
public struct AssociationBatch {
    /// Scalar features per history position.
    public static let observationFeatureCount = 12
    /// Scalar features per query.
    public static let queryFeatureCount = 12

    public let config: Seq2SeqConfig
    public private(set) var tracks = 0
    public private(set) var queries = 1
    /// Encoder positions per track: `config.history`, or with `build(..., compact: true)` the
    /// longest history in the batch. Shorter histories are left-padded and masked, so a track's
    /// outputs do not depend on it (training keeps the full length, so its sums, and hence the
    /// trained weights, stay bit-reproducible).
    public private(set) var length = 1
    public private(set) var observationFeatures: [Float] = []
    public private(set) var observationAppearance: [Float] = []
    public private(set) var observationMask: [Bool] = []
    public private(set) var ages: [Int] = []
    public private(set) var queryFeatures: [Float] = []
    public private(set) var queryAppearance: [Float] = []
    public private(set) var queryMask: [Bool] = []
    /// For each (track, query): index of the detection in the list given to `build`, -1 for the
    /// "no detection" query and for padding.
    public private(set) var candidateIndex: [Int] = []
    /// Per track: last observed box as (centre x, centre y, width, height) in pixels.
    public private(set) var reference: [Double] = []
    /// Per track: frames between its last observation and the current frame.
    public private(set) var gaps: [Int] = []
    /// Per track: constant-velocity forecast (centre x, centre y) in pixels.
    public private(set) var forecastCentre: [Double] = []

    private var candidateLists: [[(index: Int, distance: Double)]] = []
    /// The frame's detections by centre, so each track's gate looks only at nearby ones.
    private var grid = CandidateGrid()
    /// Gate through `grid` (false: test every detection, for tests comparing the two).
    var usesGrid = true
    private var meanAppearance: [Float] = []

    public init(config: Seq2SeqConfig) {
        self.config = config
    }

    /// Fills the batch for `histories.count` tracks at `frame` with candidates drawn from
    /// `detections` (all detections of the frame). Each history must be non-empty, ascending
    /// in frame and before `frame`; only its last `config.history` entries are used.
    public mutating func build(histories: [[Observation]], frame: Int, detections: [Observation], compact: Bool = false) {
        frames.removeAll(keepingCapacity: true)
        frames.append(contentsOf: repeatElement(frame, count: histories.count))
        fill(histories: histories, detections: detections, ranges: nil, compact: compact)
    }

    /// Training form: track `t` is asked at `frames[t]` about `detections[ranges[t]]`.
    mutating func buildSamples(histories: [[Observation]], frames sampleFrames: [Int], detections: [Observation], ranges: [Range<Int>]) {
        frames = sampleFrames
        fill(histories: histories, detections: detections, ranges: ranges, compact: false)
    }

    private var frames: [Int] = []

    /// Gated candidates of batch track `t` (0 means the answer can only be "missed").
    public func candidateCount(_ t: Int) -> Int { candidateLists[t].count }

    private mutating func fill(histories: [[Observation]], detections: [Observation], ranges: [Range<Int>]?, compact: Bool) {
        tracks = histories.count
        let maxC = config.maxCandidates
        if candidateLists.count < tracks { candidateLists.append(contentsOf: Array(repeating: [], count: tracks - candidateLists.count)) }
        var widest = 0
        if ranges == nil && usesGrid { grid.build(detections, cellScale: config.gateRadius) } else { grid.clear() }
        reference.removeAll(keepingCapacity: true)
        gaps.removeAll(keepingCapacity: true)
        forecastCentre.removeAll(keepingCapacity: true)
        for (t, h) in histories.enumerated() {
            precondition(!h.isEmpty, "a track needs at least one observation")
            let frame = frames[t]
            let last = h[h.count - 1]
            let cx0 = last.box.centerX, cy0 = last.box.centerY, h0 = max(last.box.height, 1)
            let gap = max(1, frame - last.frame)
            let (vx, vy) = AssociationBatch.velocity(h)
            let fx = cx0 + vx * Double(gap), fy = cy0 + vy * Double(gap)
            reference.append(contentsOf: [cx0, cy0, max(last.box.width, 1), h0])
            gaps.append(gap)
            forecastCentre.append(contentsOf: [fx, fy])
            let radius = config.gateRadius * (1 + config.gateGrowth * Double(gap - 1))
            // The list is moved out while it is filled (its capacity is kept across frames).
            var list: [(index: Int, distance: Double)] = []
            swap(&list, &candidateLists[t])
            list.removeAll(keepingCapacity: true)
            // The gate test, the same floats whichever way the detections are enumerated.
            func consider(_ i: Int) {
                let d = detections[i]
                let dx = (d.box.centerX - fx) / h0, dy = (d.box.centerY - fy) / h0
                let dist = (dx * dx + dy * dy).squareRoot()
                let scale = abs(log(max(d.box.height, 1) / h0))
                if dist <= radius && scale < 0.7 { list.append((i, dist)) }
            }
            if let range = ranges?[t] {
                for i in range { consider(i) }
            } else if let cells = grid.cells(around: fx, fy, reach: radius * h0) {
                // Only the detections in grid cells the gate can reach (a superset of the
                // candidates); the sort below restores the brute-force order exactly.
                grid.forEach(in: cells) { consider($0) }
            } else {
                for i in detections.indices { consider(i) }
            }
            list.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
            if list.count > maxC { list.removeLast(list.count - maxC) }
            swap(&list, &candidateLists[t])
            widest = max(widest, candidateLists[t].count)
        }
        queries = 1 + widest
        length = compact ? max(1, min(config.history, histories.map(\.count).max() ?? 1)) : config.history
        let L = length, A = config.appearanceDim
        let fo = AssociationBatch.observationFeatureCount, fq = AssociationBatch.queryFeatureCount
        AssociationBatch.reset(&observationFeatures, tracks * L * fo, 0)
        AssociationBatch.reset(&observationAppearance, A > 0 ? tracks * L * A : 0, 0)
        AssociationBatch.reset(&observationMask, tracks * L, false)
        AssociationBatch.reset(&ages, tracks * L, 0)
        AssociationBatch.reset(&queryFeatures, tracks * queries * fq, 0)
        AssociationBatch.reset(&queryAppearance, A > 0 ? tracks * queries * A : 0, 0)
        AssociationBatch.reset(&queryMask, tracks * queries, false)
        AssociationBatch.reset(&candidateIndex, tracks * queries, -1)
        AssociationBatch.reset(&meanAppearance, A, 0)
        for (t, h) in histories.enumerated() {
            fillHistory(t, h, frame: frames[t])
            fillQueries(t, h, detections: detections)
        }
    }

    /// Average velocity (pixels per frame) over the last few observations.
    static func velocity(_ h: [Observation]) -> (Double, Double) {
        guard h.count >= 2 else { return (0, 0) }
        let last = h[h.count - 1], first = h[max(0, h.count - 5)]
        let df = Double(last.frame - first.frame)
        guard df > 0 else { return (0, 0) }
        return ((last.box.centerX - first.box.centerX) / df, (last.box.centerY - first.box.centerY) / df)
    }

    private static func reset<T>(_ a: inout [T], _ n: Int, _ v: T) {
        a.removeAll(keepingCapacity: true)
        a.append(contentsOf: repeatElement(v, count: n))
    }

    @inline(__always) private static func clamp(_ x: Double) -> Float {
        x.isFinite ? Float(min(5, max(-5, x))) : 0
    }

    private mutating func fillHistory(_ t: Int, _ h: [Observation], frame: Int) {
        let L = length, A = config.appearanceDim, fo = AssociationBatch.observationFeatureCount
        let n = min(L, h.count)  // L <= config.history
        let start = h.count - n
        let cx0 = reference[t * 4], cy0 = reference[t * 4 + 1], w0 = reference[t * 4 + 2], h0 = reference[t * 4 + 3]
        var appCount = 0
        for k in 0..<A { meanAppearance[k] = 0 }
        for j in 0..<n {
            let o = h[start + j]
            let pos = t * L + (L - n + j)
            observationMask[pos] = true
            ages[pos] = min(config.maxAge - 1, max(0, frame - o.frame))
            let b = o.box
            let hw = max(b.height, 1), ww = max(b.width, 1)
            var vx = 0.0, vy = 0.0, vh = 0.0, gap = 0.0
            if start + j > 0 {
                let p = h[start + j - 1]
                let g = Double(max(1, o.frame - p.frame))
                vx = (b.centerX - p.box.centerX) / h0 / g
                vy = (b.centerY - p.box.centerY) / h0 / g
                vh = log(hw / max(p.box.height, 1)) / g
                gap = log1p(g) / 2
            }
            let hasApp = A > 0 && o.feature.count == A
            let base = pos * fo
            let values: (Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double) = (
                (b.centerX - cx0) / h0, (b.centerY - cy0) / h0, log(ww / w0), log(hw / h0),
                vx * 10, vy * 10, vh * 10, gap, Double(o.score), hasApp ? 1 : 0, Double(frame - o.frame) / 30, ww / hw)
            withUnsafeBytes(of: values) { raw in
                let p = raw.bindMemory(to: Double.self)
                for k in 0..<fo { observationFeatures[base + k] = AssociationBatch.clamp(p[k]) }
            }
            if hasApp {
                for k in 0..<A {
                    observationAppearance[pos * A + k] = o.feature[k]
                    meanAppearance[k] += o.feature[k]
                }
                appCount += 1
            }
        }
        if appCount > 0 {
            var norm: Float = 0
            for k in 0..<A { norm += meanAppearance[k] * meanAppearance[k] }
            let inv = norm > 0 ? 1 / norm.squareRoot() : 0
            for k in 0..<A { meanAppearance[k] *= inv }
        }
    }

    private mutating func fillQueries(_ t: Int, _ h: [Observation], detections: [Observation]) {
        let A = config.appearanceDim, fq = AssociationBatch.queryFeatureCount, Q = queries
        let cx0 = reference[t * 4], cy0 = reference[t * 4 + 1], w0 = reference[t * 4 + 2], h0 = reference[t * 4 + 3]
        let fx = forecastCentre[t * 2], fy = forecastCentre[t * 2 + 1]
        let gapFeature = log1p(Double(gaps[t])) / 2
        let last = h[h.count - 1].box
        let forecastBox = BoundingBox(x: fx - last.width / 2, y: fy - last.height / 2, width: last.width, height: last.height)
        // Query 0: "no detection".
        let q0 = t * Q
        queryMask[q0] = true
        queryFeatures[q0 * fq + 10] = AssociationBatch.clamp(gapFeature)
        queryFeatures[q0 * fq + 11] = 1
        for (c, cand) in candidateLists[t].enumerated() {
            let q = t * Q + 1 + c
            queryMask[q] = true
            candidateIndex[q] = cand.index
            let d = detections[cand.index]
            let b = d.box
            var cosine = 0.0
            if A > 0 && d.feature.count == A {
                var dot: Float = 0, nn: Float = 0
                for k in 0..<A {
                    queryAppearance[q * A + k] = d.feature[k]
                    dot += d.feature[k] * meanAppearance[k]
                    nn += d.feature[k] * d.feature[k]
                }
                cosine = nn > 0 ? Double(dot / nn.squareRoot()) : 0
            }
            let values: (Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double) = (
                (b.centerX - cx0) / h0, (b.centerY - cy0) / h0, log(max(b.width, 1) / w0), log(max(b.height, 1) / h0),
                (b.centerX - fx) / h0 * 2, (b.centerY - fy) / h0 * 2, b.iou(last), b.iou(forecastBox),
                Double(d.score), cosine, gapFeature, 0)
            withUnsafeBytes(of: values) { raw in
                let p = raw.bindMemory(to: Double.self)
                for k in 0..<fq { queryFeatures[q * fq + k] = AssociationBatch.clamp(p[k]) }
            }
        }
    }
}
