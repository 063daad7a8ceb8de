import TracklineCore
import Tracking

/// Synthetic detection streams with known identities.
struct Walker: Sendable {
    var identity: Int
    var start: (x: Double, y: Double)
    var velocity: (x: Double, y: Double)
    var size: (w: Double, h: Double) = (40, 100)
    /// Frames (1-based) in which the walker is detected.
    var visible: @Sendable (Int) -> Bool = { _ in true }

    func box(at frame: Int) -> BoundingBox {
        BoundingBox(x: start.x + velocity.x * Double(frame - 1), y: start.y + velocity.y * Double(frame - 1),
                    width: size.w, height: size.h)
    }
}

struct Scene: Sendable {
    var walkers: [Walker]
    var frames: Int

    /// Detections per frame (index frame-1), in a deterministic shuffled order, with a little
    /// deterministic jitter so filters have something to do; `truth` maps (frame, box) back to identity.
    func detections() -> (byFrame: [[Detection]], truth: [[Int]]) {
        var byFrame: [[Detection]] = []
        var truth: [[Int]] = []
        var seed: UInt64 = 12345
        func rnd() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53) - 0.5
        }
        for f in 1...frames {
            var dets: [Detection] = []
            var ids: [Int] = []
            for w in walkers where w.visible(f) {
                var b = w.box(at: f)
                b.x += rnd(); b.y += rnd()
                dets.append(Detection(frame: f, box: b, score: 0.9))
                ids.append(w.identity)
            }
            if f % 2 == 0 { dets.reverse(); ids.reverse() }
            byFrame.append(dets)
            truth.append(ids)
        }
        return (byFrame, truth)
    }
}

/// Runs a tracker over a scene and returns, for each true identity, the sequence of distinct
/// track ids it was given (in order of appearance), matching reported boxes to truth by IoU.
func identities(_ tracker: inout some Tracker, _ scene: Scene) -> [Int: [Int]] {
    let (byFrame, truth) = scene.detections()
    var out: [Int: [Int]] = [:]
    for (k, dets) in byFrame.enumerated() {
        let boxes = tracker.update(frame: k + 1, detections: dets)
        for b in boxes {
            guard let best = dets.indices.max(by: { dets[$0].box.iou(b.box) < dets[$1].box.iou(b.box) }),
                  dets[best].box.iou(b.box) > 0.5 else { continue }
            let who = truth[k][best]
            if out[who]?.last != b.trackID { out[who, default: []].append(b.trackID) }
        }
    }
    return out
}
