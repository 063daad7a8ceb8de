import Foundation

/// One detection in normalised network coordinates, after NMS and clipping.
struct SSDLiteBox: Equatable, Sendable {
    var ymin: Float, xmin: Float, ymax: Float, xmax: Float
    var score: Float
    /// Row of the anchor (and of the raw outputs) this box came from.
    var anchor: Int
}

/// Box decoding (FasterRcnnBoxCoder 10,10,5,5), sigmoid person scores and the graph's NMS
/// (NonMaxSuppressionV3 + ClipToWindow), on reusable buffers: no allocation per frame once warm.
struct SSDLitePostprocessor {
    static let scoreFloor: Float = 1e-8
    static let iouThreshold: Float = 0.6
    static let maxDetections = 100

    /// Anchors `[n, 4]` (ymin, xmin, ymax, xmax).
    let anchors: [Float]
    var count: Int { anchors.count / 4 }
    /// Decoded boxes `[n, 4]`, unclipped.
    private(set) var decoded: [Float]
    /// sigmoid(person logit) per anchor.
    private(set) var scores: [Float]
    private var order: [Int32] = []
    private var kept: [Int32] = []

    init(anchors: [Float]) {
        self.anchors = anchors
        decoded = [Float](repeating: 0, count: anchors.count)
        scores = [Float](repeating: 0, count: anchors.count / 4)
        order.reserveCapacity(anchors.count / 4)
        kept.reserveCapacity(Self.maxDetections)
    }

    /// Decodes raw encodings `(ty, tx, th, tw)` per anchor, in the graph's float32 operation order.
    static func decode(encoding e: UnsafePointer<Float>, anchor a: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let ha = a[2] - a[0]
        let wa = a[3] - a[1]
        let yca = a[0] + ha / 2
        let xca = a[1] + wa / 2
        let ty = e[0] / 10, tx = e[1] / 10
        let th = e[2] / 5, tw = e[3] / 5
        let w = expf(tw) * wa
        let h = expf(th) * ha
        let yc = ty * ha + yca
        let xc = tx * wa + xca
        out[0] = yc - h / 2
        out[1] = xc - w / 2
        out[2] = yc + h / 2
        out[3] = xc + w / 2
    }

    @inline(__always)
    static func sigmoid(_ z: Float) -> Float { 1 / (1 + expf(-z)) }

    /// IoU as TF's NMS kernel computes it: float32, corners sorted, 0 if either area is <= 0.
    static func iou(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> Float {
        let ay0 = min(a[0], a[2]), ay1 = max(a[0], a[2]), ax0 = min(a[1], a[3]), ax1 = max(a[1], a[3])
        let by0 = min(b[0], b[2]), by1 = max(b[0], b[2]), bx0 = min(b[1], b[3]), bx1 = max(b[1], b[3])
        let areaA = (ay1 - ay0) * (ax1 - ax0)
        let areaB = (by1 - by0) * (bx1 - bx0)
        if areaA <= 0 || areaB <= 0 { return 0 }
        let ih = max(min(ay1, by1) - max(ay0, by0), 0)
        let iw = max(min(ax1, bx1) - max(ax0, bx0), 0)
        let inter = ih * iw
        return inter / (areaA + areaB - inter)
    }

    /// Runs decode, scores and NMS on raw outputs (`boxes` `[n, 4]`, `logits` `[n, 2]`, only the
    /// first `count` rows are read) and returns the surviving boxes with score >= `minScore`,
    /// by descending score. With `minScore` <= 1e-8 this is exactly the graph's output list.
    mutating func run(boxes: UnsafePointer<Float>, logits: UnsafePointer<Float>, minScore: Float) -> [SSDLiteBox] {
        let n = count
        order.removeAll(keepingCapacity: true)
        scores.withUnsafeMutableBufferPointer { sc in
            for i in 0..<n {
                let s = Self.sigmoid(logits[2 * i + 1])
                sc[i] = s
                // Boxes below minScore can never be output and, visited after every box above it,
                // can never suppress one: dropping them early changes nothing in the result.
                if s > Self.scoreFloor, s >= minScore { order.append(Int32(i)) }
            }
        }
        decoded.withUnsafeMutableBufferPointer { dec in
            anchors.withUnsafeBufferPointer { anc in
                for i in order {
                    let r = Int(i) * 4
                    Self.decode(encoding: boxes + r, anchor: anc.baseAddress! + r, into: dec.baseAddress! + r)
                }
            }
        }
        scores.withUnsafeBufferPointer { sc in
            order.sort { a, b in
                let sa = sc[Int(a)], sb = sc[Int(b)]
                return sa > sb || (sa == sb && a < b)
            }
        }
        kept.removeAll(keepingCapacity: true)
        decoded.withUnsafeBufferPointer { dec in
            let d = dec.baseAddress!
            for i in order {
                if kept.count >= Self.maxDetections { break }
                let bi = d + Int(i) * 4
                var keep = true
                for j in kept where Self.iou(bi, d + Int(j) * 4) > Self.iouThreshold {
                    keep = false
                    break
                }
                if keep { kept.append(i) }
            }
        }
        var out: [SSDLiteBox] = []
        out.reserveCapacity(kept.count)
        for i in kept {
            let r = Int(i) * 4
            let y0 = min(max(decoded[r], 0), 1), x0 = min(max(decoded[r + 1], 0), 1)
            let y1 = min(max(decoded[r + 2], 0), 1), x1 = min(max(decoded[r + 3], 0), 1)
            guard (y1 - y0) * (x1 - x0) > 0 else { continue }
            out.append(SSDLiteBox(ymin: y0, xmin: x0, ymax: y1, xmax: x1, score: scores[Int(i)], anchor: Int(i)))
        }
        return out
    }

    /// Decodes every row (for the numerics check); the result is in `decoded` and `scores`.
    mutating func decodeAll(boxes: UnsafePointer<Float>, logits: UnsafePointer<Float>) {
        let n = count
        decoded.withUnsafeMutableBufferPointer { dec in
            anchors.withUnsafeBufferPointer { anc in
                for i in 0..<n {
                    Self.decode(encoding: boxes + 4 * i, anchor: anc.baseAddress! + 4 * i, into: dec.baseAddress! + 4 * i)
                }
            }
        }
        for i in 0..<n { scores[i] = Self.sigmoid(logits[2 * i + 1]) }
    }
}
