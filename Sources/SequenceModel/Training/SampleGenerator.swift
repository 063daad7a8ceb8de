import Foundation
import TracklineCore

/// How association samples are cut from labelled sequences, with MOTIP-style augmentation.
public struct SampleOptions: Codable, Sendable, Equatable {
    /// Tracks unseen for more than this many frames are not asked about.
    public var maxGap: Int = 30
    /// Probability that a given (track, frame) becomes a sample (thins out easy repeats).
    public var sampleProbability: Double = 0.25
    /// Probability that a one-box "track" of a false positive is asked about (answer: missed).
    public var falsePositiveTrackProbability: Double = 0.15
    /// Per history observation: dropped (the last one is kept).
    public var dropProbability: Double = 0.1
    /// Per sample: the most recent observations are cut, leaving a gap.
    public var gapProbability: Double = 0.25
    /// Longest cut, in observations.
    public var maxCut: Int = 12
    /// Per sample: an older observation is replaced by the nearest box of another identity.
    public var switchProbability: Double = 0.05
    /// Per sample: an older observation is replaced by a nearby false positive.
    public var falsePositiveProbability: Double = 0.05

    public init() {}
}

/// Cuts association samples out of labelled sequences.
public enum SampleGenerator {
    /// Samples of one sequence: for each frame, each identity seen within `maxGap` frames is
    /// asked which of the frame's detections continues it.
    public static func samples(from seq: LabelledSequence, history: Int, options: SampleOptions,
                               using rng: inout RandomSource) -> [AssociationSample] {
        var out: [AssociationSample] = []
        var seen: [Int: [Observation]] = [:]
        var order: [Int] = []  // identities in first-seen order, for determinism
        var previousFalsePositives: [Observation] = []
        for (index, dets) in seq.frames.enumerated() {
            let f = index + 1
            let candidates = dets.map(\.observation)
            for id in order {
                guard let obs = seen[id], let last = obs.last, f - last.frame <= options.maxGap else { continue }
                guard rng.chance(options.sampleProbability) else { continue }
                var h = Array(obs.suffix(history + 4))
                augment(&h, frame: f, seq: seq, identity: id, options: options, using: &rng)
                if h.count > history { h.removeFirst(h.count - history) }
                let target = dets.firstIndex { $0.identity == id }
                out.append(AssociationSample(history: h, frame: f, candidates: candidates, target: target,
                                             targetBox: seq.truth[id]?[f]))
            }
            for fp in previousFalsePositives where rng.chance(options.falsePositiveTrackProbability) {
                out.append(AssociationSample(history: [fp], frame: f, candidates: candidates, target: nil, targetBox: nil))
            }
            previousFalsePositives.removeAll()
            for d in dets {
                if d.identity < 0 { previousFalsePositives.append(d.observation); continue }
                if seen[d.identity] == nil { order.append(d.identity) }
                seen[d.identity, default: []].append(d.observation)
                if let n = seen[d.identity]?.count, n > 2 * (history + 4) { seen[d.identity]?.removeFirst(history + 4) }
            }
        }
        return out
    }

    private static func augment(_ h: inout [Observation], frame: Int, seq: LabelledSequence, identity: Int,
                                options: SampleOptions, using rng: inout RandomSource) {
        if h.count > 2 && rng.chance(options.gapProbability) {
            let cut = 1 + rng.nextInt(min(h.count - 1, options.maxCut))
            if frame - h[h.count - 1 - cut].frame <= options.maxGap { h.removeLast(cut) }
        }
        if h.count > 2 {
            var kept: [Observation] = []
            for (i, o) in h.enumerated() where i == h.count - 1 || !rng.chance(options.dropProbability) { kept.append(o) }
            h = kept
        }
        guard h.count > 2 else { return }
        let j = rng.nextInt(h.count - 1)  // never the last observation
        let f = h[j].frame
        guard f >= 1 && f <= seq.frames.count else { return }
        if rng.chance(options.switchProbability) {
            let others = seq.frames[f - 1].filter { $0.identity >= 0 && $0.identity != identity }
            if let near = others.min(by: { distance($0.observation.box, h[j].box) < distance($1.observation.box, h[j].box) }),
               distance(near.observation.box, h[j].box) < 2 * h[j].box.height {
                h[j] = near.observation
            }
        } else if rng.chance(options.falsePositiveProbability) {
            let fps = seq.frames[f - 1].filter { $0.identity < 0 }
            if let near = fps.min(by: { distance($0.observation.box, h[j].box) < distance($1.observation.box, h[j].box) }),
               distance(near.observation.box, h[j].box) < 2 * h[j].box.height {
                h[j] = near.observation
            }
        }
    }

    private static func distance(_ a: BoundingBox, _ b: BoundingBox) -> Double {
        hypot(a.centerX - b.centerX, a.centerY - b.centerY)
    }
}
