import Foundation
import TracklineCore

/// How a pedestrian detector errs, as measured on real detections against ground truth:
/// box jitter, misses by size and occlusion, false positives and the score distributions.
/// Used by the simulator to turn true boxes into realistic detections.
public struct DetectorNoiseModel: Codable, Sendable, Equatable {
    /// Standard deviations of (centre x / height, centre y / height, log width ratio,
    /// log height ratio) of matched detections relative to the true box.
    public var jitter: [Double] = [0.04, 0.04, 0.08, 0.06]
    /// Mean offsets of the same quantities (detector bias).
    public var bias: [Double] = [0, 0, 0, 0]
    /// Upper edges (pixels) of the true-height bins of `missRate`; the last bin is open.
    public var heightBins: [Double] = [50, 100, 200]
    /// Upper edges of the occlusion bins (fraction of the box covered by nearer people).
    public var occlusionBins: [Double] = [0.2, 0.5]
    /// Miss probability per (height bin, occlusion bin), row-major, height outer.
    public var missRate: [Double] = [0.6, 0.7, 0.9, 0.25, 0.4, 0.8, 0.1, 0.3, 0.7, 0.1, 0.3, 0.7]
    /// Mean false positives per frame per true person in view, and a floor per frame.
    public var falsePositivesPerPerson: Double = 0.04
    public var falsePositivesPerFrame: Double = 0.05
    /// Fraction of false positives overlapping a true person (IoU 0.1-0.5): partial boxes,
    /// merged pairs; the rest appear anywhere.
    public var falsePositiveNearFraction: Double = 0.6
    /// Lower edges of the score histograms (10 equal bins over [scoreLow, 1]).
    public var scoreLow: Double = 0.5
    /// Score histograms (relative frequencies) of true and of false detections.
    public var truePositiveScores: [Double] = [1, 1, 1, 1, 1, 2, 2, 4, 8, 40]
    public var falsePositiveScores: [Double] = [8, 6, 5, 4, 3, 3, 2, 2, 2, 3]

    public init() {}

    /// Measures the model from real sequences: each pair is (detections, ground truth) of one
    /// sequence. Ground-truth rows with consider flag 0 are ignored; matching at IoU 0.5.
    public static func calibrate(_ sequences: [(detections: [MOTRow], truth: [MOTRow])]) -> DetectorNoiseModel {
        var m = DetectorNoiseModel()
        var solver = LinearAssignment()
        var offsets: [[Double]] = [[], [], [], []]
        var missCount = [Double](repeating: 0, count: 12), totalCount = [Double](repeating: 0, count: 12)
        var tpScores = [Double](repeating: 0, count: 10), fpScores = [Double](repeating: 0, count: 10)
        var fpNear = 0.0, fpTotal = 0.0, persons = 0.0, frames = 0.0
        for seq in sequences {
            let gt = seq.truth.filter { $0.confidence != 0 }
            let lastFrame = max(gt.map(\.frame).max() ?? 0, seq.detections.map(\.frame).max() ?? 0)
            guard lastFrame > 0 else { continue }
            var detByFrame = [[MOTRow]](repeating: [], count: lastFrame + 1)
            var gtByFrame = [[MOTRow]](repeating: [], count: lastFrame + 1)
            for d in seq.detections where d.frame >= 1 { detByFrame[d.frame].append(d) }
            for g in gt where g.frame >= 1 { gtByFrame[g.frame].append(g) }
            for f in 1...lastFrame {
                let ds = detByFrame[f], gs = gtByFrame[f]
                frames += 1
                persons += Double(gs.count)
                let match = LabelledSequence.matchByIoU(ds.map(\.box), gs.map(\.box), threshold: 0.5, solver: &solver)
                var matchedTruth = Set<Int>()
                for (i, d) in ds.enumerated() {
                    let bin = m.scoreBin(d.confidence)
                    if let j = match[i] {
                        matchedTruth.insert(j)
                        let g = gs[j].box, b = d.box
                        offsets[0].append((b.centerX - g.centerX) / g.height)
                        offsets[1].append((b.centerY - g.centerY) / g.height)
                        offsets[2].append(log(b.width / g.width))
                        offsets[3].append(log(b.height / g.height))
                        tpScores[bin] += 1
                    } else {
                        fpScores[bin] += 1
                        fpTotal += 1
                        if gs.contains(where: { $0.box.iou(d.box) >= 0.1 }) { fpNear += 1 }
                    }
                }
                let occlusion = occlusions(gs.map(\.box))
                for (j, g) in gs.enumerated() {
                    let cell = m.cell(height: g.box.height, occlusion: occlusion[j])
                    totalCount[cell] += 1
                    if !matchedTruth.contains(j) { missCount[cell] += 1 }
                }
            }
        }
        for k in 0..<4 where offsets[k].count > 10 {
            // Robust spread (MAD), so a few loose matches do not dominate.
            let sorted = offsets[k].sorted()
            let median = sorted[sorted.count / 2]
            let mad = offsets[k].map { abs($0 - median) }.sorted()[sorted.count / 2]
            m.bias[k] = median
            m.jitter[k] = max(0.005, 1.4826 * mad)
        }
        for c in 0..<12 where totalCount[c] >= 20 { m.missRate[c] = missCount[c] / totalCount[c] }
        if frames > 0 && persons > 0 {
            m.falsePositivesPerPerson = fpTotal / persons
            m.falsePositivesPerFrame = 0
        }
        if fpTotal > 0 { m.falsePositiveNearFraction = fpNear / fpTotal }
        if tpScores.reduce(0, +) > 0 { m.truePositiveScores = tpScores }
        if fpScores.reduce(0, +) > 0 { m.falsePositiveScores = fpScores }
        return m
    }

    func scoreBin(_ s: Double) -> Int {
        min(9, max(0, Int((s - scoreLow) / (1 - scoreLow) * 10)))
    }

    /// Index into `missRate`.
    public func cell(height: Double, occlusion: Double) -> Int {
        let hb = heightBins.firstIndex { height < $0 } ?? heightBins.count
        let ob = occlusionBins.firstIndex { occlusion < $0 } ?? occlusionBins.count
        return hb * (occlusionBins.count + 1) + ob
    }

    /// Fraction of each box covered by boxes whose bottom edge is lower in the image (nearer
    /// the camera), approximated by the sum of pairwise overlaps, capped at 1.
    public static func occlusions(_ boxes: [BoundingBox]) -> [Double] {
        boxes.map { b in
            var covered = 0.0
            for o in boxes where o.maxY > b.maxY {
                let iw = min(b.maxX, o.maxX) - max(b.x, o.x), ih = min(b.maxY, o.maxY) - max(b.y, o.y)
                if iw > 0 && ih > 0 { covered += iw * ih }
            }
            return min(1, covered / max(b.area, 1e-9))
        }
    }

    /// A score drawn from a histogram over [scoreLow, 1].
    public func drawScore(_ histogram: [Double], using rng: inout RandomSource) -> Float {
        let total = histogram.reduce(0, +)
        var u = rng.nextUniform() * total
        var bin = histogram.count - 1
        for (i, h) in histogram.enumerated() {
            if u < h { bin = i; break }
            u -= h
        }
        let width = (1 - scoreLow) / Double(histogram.count)
        return Float(min(1, scoreLow + width * (Double(bin) + rng.nextUniform())))
    }
}
