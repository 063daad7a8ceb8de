import Foundation
import Testing
@testable import Detection

@Suite struct SSDLiteAnchorTests {
    @Test func countsAndGridSizes() {
        #expect(SSDLiteAnchors.gridSizes(inputSize: 300) == [19, 10, 5, 3, 2, 1])
        #expect(SSDLiteAnchors.gridSizes(inputSize: 576) == [36, 18, 9, 5, 3, 2])
        #expect(SSDLiteAnchors.generate(grids: [19, 10, 5, 3, 2, 1]).count == 1917 * 4)
        #expect(SSDLiteAnchors.generate(grids: [36, 18, 9], scaleFactor: Float(300.0 / 576.0)).count == 6318 * 4)
    }

    @Test func knownAnchors() {
        let a = SSDLiteAnchors.generate(grids: [19, 10, 5, 3, 2, 1])
        // Anchor 0: centre 0.5/19, scale 0.1, ratio 1 -> 30x30 px in the 300 input at (-7.105, -7.105).
        let c = Float(0.5) * (Float(1) / 19)
        #expect(a[0] == c - 0.05 && a[1] == c - 0.05 && a[2] == c + 0.05 && a[3] == c + 0.05)
        #expect(abs(a[0] * 300 - -7.105) < 1e-3)
        // Anchor 1: scale 0.2, ratio 2 -> h = 0.2/sqrt2, w = 0.2*sqrt2.
        #expect(abs((a[6] - a[4]) - 0.2 / Float(2).squareRoot()) < 1e-6)
        #expect(abs((a[7] - a[5]) - 0.2 * Float(2).squareRoot()) < 1e-6)
        // Head 1 starts at row 1083; its 6th spec is the interpolated scale sqrt(0.35*0.5) = 0.41833.
        let r = (1083 + 5) * 4
        #expect(abs((a[r + 2] - a[r]) - 0.41833) < 1e-5)
        // The 0.3333 ratio (spec 4): w/h = 0.3333.
        let q = (1083 + 4) * 4
        #expect(abs((a[q + 3] - a[q + 1]) / (a[q + 2] - a[q]) - 0.3333) < 1e-5)
        // The last anchor (head 5, 1x1 grid, interpolated scale sqrt(0.95*1.0)) is centred.
        let l = 1916 * 4
        #expect(abs((a[l] + a[l + 2]) / 2 - 0.5) < 1e-6)
        #expect(abs((a[l + 2] - a[l]) - 0.974679) < 1e-5)
        // Constant-pixel variant: anchor 0 is 30x30 px in the 576 input at (-7, -7).
        let b = SSDLiteAnchors.generate(grids: [36], scaleFactor: Float(300.0 / 576.0))
        #expect(abs(b[0] * 576 - -7) < 1e-3 && abs(b[2] * 576 - 23) < 1e-3)
    }
}

@Suite struct SSDLiteDecodeTests {
    @Test func decodesFasterRCNNEncodings() {
        let anchor: [Float] = [0.25, 0.5, 0.75, 0.625]   // h 0.5, w 0.125, centre (0.5, 0.5625)
        var out = [Float](repeating: 0, count: 4)
        SSDLitePostprocessor.decode(encoding: [0, 0, 0, 0], anchor: anchor, into: &out)
        #expect(out == anchor)
        SSDLitePostprocessor.decode(encoding: [10, -10, 5 * logf(2), 0], anchor: anchor, into: &out)
        // yc = 0.5 + 1*0.5 = 1.0, xc = 0.5625 - 0.125 = 0.4375, h = 1.0, w = 0.125.
        #expect(abs(out[0] - 0.5) < 1e-6 && abs(out[2] - 1.5) < 1e-6)
        #expect(abs(out[1] - 0.375) < 1e-6 && abs(out[3] - 0.5) < 1e-6)
        #expect(abs(SSDLitePostprocessor.sigmoid(0) - 0.5) < 1e-7)
    }
}

@Suite struct SSDLiteNMSTests {
    /// Runs the postprocessor with zero encodings so that the decoded boxes are the anchors.
    func run(_ boxes: [[Float]], logits: [Float], minScore: Float = 0) -> [SSDLiteBox] {
        var post = SSDLitePostprocessor(anchors: boxes.flatMap { $0 })
        let enc = [Float](repeating: 0, count: boxes.count * 4)
        let cls: [Float] = logits.flatMap { (l: Float) -> [Float] in [0, l] }
        return post.run(boxes: enc, logits: cls, minScore: minScore)
    }

    @Test func iouExactlyThresholdIsKeptAboveIsDropped() {
        // IoU = (0.125*0.375) / (0.0625 + 0.0625 - 0.046875) = 0.6 exactly in float32.
        let a: [Float] = [0, 0, 0.125, 0.5]
        let b: [Float] = [0, 0.125, 0.125, 0.625]
        let c: [Float] = [0, 0.0625, 0.125, 0.5625]   // IoU with a = 0.75 > 0.6
        #expect(SSDLitePostprocessor.iou(a, b) == Float(0.6))
        let kept = run([a, b, c], logits: [3, 2, 1]).map(\.anchor)
        #expect(kept == [0, 1])
    }

    @Test func tiesGoToTheLowerIndexAndOrderIsByScore() {
        let a: [Float] = [0.1, 0.1, 0.3, 0.3]
        let far: [Float] = [0.6, 0.6, 0.8, 0.8]
        let r = run([far, a, a, far], logits: [0, 1, 1, 0])
        #expect(r.map(\.anchor) == [1, 0])   // 2 is suppressed by its twin 1, 3 by its twin 0
        #expect(r[0].score > r[1].score)
    }

    @Test func clipsToTheImageAndDropsEmptyBoxes() {
        let outside: [Float] = [1.2, 1.2, 1.5, 1.5]      // nothing left after clipping
        let partly: [Float] = [-0.25, 0.5, 0.25, 1.25]
        let r = run([outside, partly], logits: [2, 1])
        #expect(r.map(\.anchor) == [1])
        #expect(r[0].ymin == 0 && r[0].ymax == 0.25 && r[0].xmin == 0.5 && r[0].xmax == 1)
    }

    @Test func scoreThresholdAndAtMost100() {
        var boxes: [[Float]] = []
        for i in 0..<150 {
            let y = Float(i % 15) / 16, x = Float(i / 15) / 16
            boxes.append([y, x, y + 0.05, x + 0.05])   // disjoint
        }
        let logits = (0..<150).map { Float(150 - $0) / 50 - 1 }
        let all = run(boxes, logits: logits)
        #expect(all.count == 100)
        #expect(all.map(\.anchor) == Array(0..<100))
        let some = run(boxes, logits: logits, minScore: 0.7)
        #expect(!some.isEmpty && some.allSatisfy { $0.score >= 0.7 })
        #expect(some.map(\.anchor) == Array(all.map(\.anchor).prefix(some.count)))
    }
}
