import Media
import Testing
import TracklineCore
@testable import Detection

/// A synthetic scene: textured background with noise, movers, optionally a moving cast shadow.
struct SyntheticScene {
    struct Mover {
        var x0: Double, y0: Double, vx: Double, vy: Double, w: Int, h: Int, rgb: (UInt8, UInt8, UInt8)
        /// First frame the mover is in the scene (after the detector's warm-up).
        var start = 12
    }
    var width = 192, height = 144
    var movers: [Mover] = []
    var shadow: Mover?

    func box(of m: Mover, frame n: Int) -> BoundingBox {
        BoundingBox(x: (m.x0 + m.vx * Double(n)).rounded(), y: (m.y0 + m.vy * Double(n)).rounded(),
                    width: Double(m.w), height: Double(m.h))
    }

    func frame(_ n: Int) -> Frame {
        var px = [UInt8](repeating: 0, count: width * height * 3)
        var noise = UInt32(truncatingIfNeeded: n &* 2_654_435_761)
        for y in 0..<height {
            for x in 0..<width {
                noise = noise &* 1_664_525 &+ 1_013_904_223
                let jitter = Int(noise >> 29) - 4  // -4...3
                let base = 90 + (x / 8 + y / 8) % 4 * 20
                let i = (y * width + x) * 3
                px[i] = UInt8(clamping: base + 10 + jitter)
                px[i + 1] = UInt8(clamping: base + jitter)
                px[i + 2] = UInt8(clamping: base - 10 + jitter)
            }
        }
        if let s = shadow, n >= s.start {
            let b = box(of: s, frame: n)
            for y in Int(b.y)..<Int(b.maxY) where y >= 0 && y < height {
                for x in Int(b.x)..<Int(b.maxX) where x >= 0 && x < width {
                    let i = (y * width + x) * 3
                    for c in 0..<3 { px[i + c] = UInt8(Double(px[i + c]) * 0.65) }
                }
            }
        }
        for m in movers where n >= m.start {
            let b = box(of: m, frame: n)
            for y in Int(b.y)..<Int(b.maxY) where y >= 0 && y < height {
                for x in Int(b.x)..<Int(b.maxX) where x >= 0 && x < width {
                    let i = (y * width + x) * 3
                    px[i] = m.rgb.0; px[i + 1] = m.rgb.1; px[i + 2] = m.rgb.2
                }
            }
        }
        return Frame(number: n, timestamp: Double(n) / 25, width: width, height: height, format: .rgb24, pixels: px)
    }
}

@Suite struct MotionDetectorTests {
    @Test func findsMovingBlobsAndIgnoresShadow() throws {
        var scene = SyntheticScene()
        scene.movers = [
            .init(x0: 10, y0: 10, vx: 2, vy: 0.3, w: 16, h: 40, rgb: (200, 40, 40)),
            .init(x0: 170, y0: 92, vx: -2.5, vy: -0.2, w: 18, h: 44, rgb: (30, 60, 210)),
        ]
        scene.shadow = .init(x0: 60, y0: 62, vx: 1.5, vy: 0, w: 30, h: 20, rgb: (0, 0, 0))
        var p = MotionDetector.Parameters()
        p.scale = 2
        p.warmUpFrames = 10
        var detector = try MotionDetector(parameters: p)
        var found = 0, expected = 0, falsePositives = 0
        for n in 1...40 {
            let dets = try detector.detect(in: scene.frame(n))
            if n <= p.warmUpFrames { #expect(dets.isEmpty); continue }
            for m in scene.movers where n >= m.start {
                expected += 1
                let truth = scene.box(of: m, frame: n)
                if dets.contains(where: { $0.box.iou(truth) >= 0.5 }) { found += 1 }
            }
            for d in dets where !scene.movers.contains(where: { d.box.iou(scene.box(of: $0, frame: n)) > 0.1 }) {
                falsePositives += 1
            }
            for d in dets {
                #expect(d.frame == n && d.score > 0 && d.score <= 1 && d.feature.isEmpty)
            }
        }
        #expect(Double(found) / Double(expected) >= 0.95, "recall \(found)/\(expected)")
        #expect(falsePositives <= 2, "false positives (the shadow should be suppressed): \(falsePositives)")
    }

    @Test func shadowIsDetectedWhenSuppressionIsOff() throws {
        var scene = SyntheticScene()
        scene.shadow = .init(x0: 60, y0: 60, vx: 1.5, vy: 0, w: 30, h: 30, rgb: (0, 0, 0))
        var p = MotionDetector.Parameters()
        p.scale = 2
        p.warmUpFrames = 5
        p.suppressShadows = false
        var detector = try MotionDetector(parameters: p)
        var hits = 0
        for n in 1...21 where try !detector.detect(in: scene.frame(n)).isEmpty { hits += 1 }
        #expect(hits >= 8)
    }

    @Test func attachesFeaturesAndRejectsSizeChange() throws {
        var scene = SyntheticScene()
        scene.movers = [.init(x0: 10, y0: 20, vx: 3, vy: 0, w: 20, h: 40, rgb: (200, 40, 40), start: 5)]
        var p = MotionDetector.Parameters()
        p.warmUpFrames = 3
        var detector = try MotionDetector(parameters: p, featureExtractor: ColorHistogramExtractor())
        var withFeature = 0
        for n in 1...8 {
            for d in try detector.detect(in: scene.frame(n)) {
                #expect(d.feature.count == 256)
                withFeature += 1
            }
        }
        #expect(withFeature > 0)
        #expect(throws: DetectionError.self) { try detector.detect(in: Frame(number: 9, width: 64, height: 64)) }
    }

    @Test func worksOnGreyFrames() throws {
        var scene = SyntheticScene()
        scene.movers = [.init(x0: 20, y0: 30, vx: 2, vy: 0, w: 18, h: 44, rgb: (230, 230, 230))]
        var p = MotionDetector.Parameters()
        p.warmUpFrames = 10
        var detector = try MotionDetector(parameters: p)
        var found = 0
        for n in 1...30 {
            let rgb = scene.frame(n)
            var grey = Frame(number: n, width: rgb.width, height: rgb.height, format: .gray8)
            for i in 0..<(rgb.width * rgb.height) {
                grey.pixels[i] = UInt8((Int(rgb.pixels[3 * i]) + Int(rgb.pixels[3 * i + 1]) + Int(rgb.pixels[3 * i + 2])) / 3)
            }
            let dets = try detector.detect(in: grey)
            if n >= 12, dets.contains(where: { $0.box.iou(scene.box(of: scene.movers[0], frame: n)) >= 0.5 }) { found += 1 }
        }
        #expect(found >= 18, "found in \(found) of 19 frames")
    }

    @Test func rejectsBadParameters() {
        var p = MotionDetector.Parameters()
        p.learningRate = 0
        #expect(throws: DetectionError.self) { try MotionDetector(parameters: p) }
    }
}
