import Foundation
import TracklineCore

/// A detection with the identity it truly belongs to.
public struct LabelledDetection: Sendable {
    public var observation: Observation
    /// Ground-truth identity (> 0), or -1 for a false positive.
    public var identity: Int

    public init(observation: Observation, identity: Int) {
        self.observation = observation
        self.identity = identity
    }
}

/// A sequence of detections labelled with identities: the raw material of training samples.
public struct LabelledSequence: Sendable {
    public var name: String
    /// Frames per second of the source.
    public var frameRate: Double
    /// `frames[f - 1]` holds the detections of 1-based frame `f`.
    public var frames: [[LabelledDetection]]
    /// True boxes: identity -> frame -> box (also where the detector missed the person).
    public var truth: [Int: [Int: BoundingBox]]

    public init(name: String, frameRate: Double, frames: [[LabelledDetection]], truth: [Int: [Int: BoundingBox]]) {
        self.name = name
        self.frameRate = frameRate
        self.frames = frames
        self.truth = truth
    }

    /// Labels real detections by matching them to ground truth in each frame (maximum total
    /// IoU among pairs with IoU >= `threshold`); unmatched detections become false positives.
    /// Ground-truth rows with consider flag 0 are dropped, as TrackEval does for MOT15.
    public static func labelling(name: String, frameRate: Double, detections: [MOTRow], truth: [MOTRow],
                                 threshold: Double = 0.5) -> LabelledSequence {
        let gt = truth.filter { $0.confidence != 0 }
        let last = max(detections.map(\.frame).max() ?? 0, gt.map(\.frame).max() ?? 0)
        var detByFrame = [[MOTRow]](repeating: [], count: last + 1)
        var gtByFrame = [[MOTRow]](repeating: [], count: last + 1)
        for d in detections where d.frame >= 1 { detByFrame[d.frame].append(d) }
        for g in gt where g.frame >= 1 { gtByFrame[g.frame].append(g) }
        var frames: [[LabelledDetection]] = []
        var boxes: [Int: [Int: BoundingBox]] = [:]
        var solver = LinearAssignment()
        for f in 1...max(1, last) {
            let ds = f <= last ? detByFrame[f] : [], gs = f <= last ? gtByFrame[f] : []
            for g in gs { boxes[g.id, default: [:]][f] = g.box }
            let match = matchByIoU(ds.map(\.box), gs.map(\.box), threshold: threshold, solver: &solver)
            frames.append(ds.enumerated().map { i, d in
                LabelledDetection(observation: Observation(frame: f, box: d.box, score: Float(d.confidence)),
                                  identity: match[i].map { gs[$0].id } ?? -1)
            })
        }
        return LabelledSequence(name: name, frameRate: frameRate, frames: frames, truth: boxes)
    }

    /// For each box of `a`, the index of its match in `b` (maximum total IoU, IoU >= threshold).
    static func matchByIoU(_ a: [BoundingBox], _ b: [BoundingBox], threshold: Double,
                           solver: inout LinearAssignment) -> [Int?] {
        var result = [Int?](repeating: nil, count: a.count)
        guard !a.isEmpty, !b.isEmpty else { return result }
        var cost = [Double](repeating: 0, count: a.count * b.count)
        for i in a.indices { for j in b.indices {
            let iou = a[i].iou(b[j])
            cost[i * b.count + j] = iou >= threshold ? 1 - iou : 1.5
        } }
        guard let pairs = try? solver.solve(cost, rows: a.count, columns: b.count) else { return result }
        for (r, c) in pairs where cost[r * b.count + c] < 1.5 { result[r] = c }
        return result
    }
}
