import Media
import Testing
import TracklineCore
@testable import Detection

/// A mask holding filled rectangles ("people"), each given as (minX, minY, maxX, maxY).
private func mask(width: Int, height: Int, _ rects: [(Int, Int, Int, Int)]) -> BinaryMask {
    var m = BinaryMask(width: width, height: height)
    for (x0, y0, x1, y1) in rects {
        for y in y0...y1 { for x in x0...x1 { m.pixels[y * width + x] = 1 } }
    }
    return m
}

/// A size model that has seen people of height 20 + 0.2 * bottom and width 0.4 * height.
private func trainedModel(maskHeight: Int = 200) -> PersonSizeModel {
    var model = PersonSizeModel(maskHeight: maskHeight, minimumSamples: 8)
    for bottom in stride(from: 40, through: 190, by: 3) {
        let h = Int((20 + 0.2 * Double(bottom)).rounded())
        model.observe(top: bottom - h + 1, bottom: bottom, width: Int((0.4 * Double(h)).rounded()))
    }
    model.refit()
    return model
}

@Suite struct PersonSizeModelTests {
    @Test func learnsHeightByFootRowAndIgnoresMergedBands() {
        var model = PersonSizeModel(maskHeight: 200, minimumSamples: 8)
        #expect(!model.isReady)
        for bottom in stride(from: 40, through: 190, by: 3) {
            let h = Int((20 + 0.2 * Double(bottom)).rounded())
            model.observe(top: bottom - h + 1, bottom: bottom, width: Int((0.4 * Double(h)).rounded()))
        }
        // One band full of two-people-stacked blobs (twice the height), fed before it is ready.
        var merged = PersonSizeModel(maskHeight: 200, minimumSamples: 60)
        for _ in 0..<12 { merged.observe(top: 160 - 103, bottom: 160, width: 21) }
        for bottom in stride(from: 40, through: 190, by: 3) {
            let h = Int((20 + 0.2 * Double(bottom)).rounded())
            merged.observe(top: bottom - h + 1, bottom: bottom, width: Int((0.4 * Double(h)).rounded()))
        }
        model.refit()
        merged.refit()
        #expect(model.isReady)
        for m in [model, merged] {
            for bottom in [60, 100, 150, 185] {
                let truth = 20 + 0.2 * Double(bottom)
                #expect(abs(m.height(bottom: bottom) - truth) <= 0.1 * truth, "bottom \(bottom): \(m.height(bottom: bottom))")
            }
            #expect(abs(m.width(height: 50) - 20) <= 1.5)
        }
        // Once ready, a blob far from the model is not learned from.
        let before = model.samples
        model.observe(top: 10, bottom: 150, width: 30)
        #expect(model.samples == before)
    }

    @Test func oneDepthGivesAMildPerspective() {
        var model = PersonSizeModel(maskHeight: 100, minimumSamples: 3)
        for _ in 0..<5 { model.observe(top: 31, bottom: 60, width: 12) }
        model.refit()
        #expect(abs(model.height(bottom: 60) - 30) < 0.5)
        #expect(model.height(bottom: 90) > model.height(bottom: 60))
        #expect(model.height(bottom: 30) < model.height(bottom: 60))
    }
}

@Suite struct SizeSplitterTests {
    func pieces(of m: BinaryMask, model: PersonSizeModel) -> [MaskComponent] {
        var cc = ConnectedComponents()
        cc.label(m)
        var splitter = SizeSplitter(heightSlack: 0.35, widthSlack: 0.5, minimumFill: 0.15)
        var out: [MaskComponent] = []
        for (k, c) in cc.components.enumerated() {
            splitter.split(c, label: Int32(k + 1), labels: cc.labels, maskWidth: m.width, model: model, into: &out)
        }
        return out
    }

    @Test func keepsALonePersonWhole() {
        // Bottom 120: expected height 44, width 17.6.
        let m = mask(width: 200, height: 200, [(50, 77, 67, 120)])
        #expect(pieces(of: m, model: trainedModel()) == [MaskComponent(minX: 50, minY: 77, maxX: 67, maxY: 120, area: 18 * 44)])
    }

    @Test func separatesAPersonStandingInFrontOfAnother() {
        // Far person: bottom 100, height 40, cols 40...55. Near person, lower and overlapping
        // from below: bottom 140, height 48, cols 44...62; their union is one blob.
        let m = mask(width: 200, height: 200, [(40, 61, 55, 100), (44, 93, 62, 140)])
        let out = pieces(of: m, model: trainedModel())
        #expect(out.count == 2, "\(out)")
        let near = BoundingBox(x: 44, y: 93, width: 19, height: 48), far = BoundingBox(x: 40, y: 61, width: 16, height: 40)
        func box(_ c: MaskComponent) -> BoundingBox {
            BoundingBox(x: Double(c.minX), y: Double(c.minY), width: Double(c.width), height: Double(c.height))
        }
        #expect(out.contains { box($0).iou(near) >= 0.8 }, "\(out)")
        // The far one is grown back behind the near one's box.
        #expect(out.contains { box($0).iou(far) >= 0.6 }, "\(out)")
    }

    @Test func separatesPeopleSideBySide() {
        // Three people at one depth (bottom 120, height 44, width 18) touching shoulder to shoulder.
        let m = mask(width: 200, height: 200, [(30, 77, 47, 120), (48, 77, 65, 120), (66, 77, 83, 120)])
        let out = pieces(of: m, model: trainedModel())
        #expect(out.count == 3, "\(out)")
        for (i, x) in [30, 48, 66].enumerated() where i < out.count {
            let c = out.sorted { $0.minX < $1.minX }[i]
            #expect(abs(c.minX - x) <= 2 && abs(c.maxX - (x + 17)) <= 2 && c.minY == 77 && c.maxY == 120, "\(c)")
        }
    }
}

@Suite struct MotionGhostTests {
    /// A box standing still through the warm-up leaves a ghost when it walks off (the
    /// background was learned with it in place); the ghost test drops it and soon learns it
    /// away, while the walker itself is still found.
    @Test func dropsTheGhostOfAnObjectThatStoodThereDuringWarmUp() throws {
        var standing = SyntheticScene(), walking = SyntheticScene()
        standing.movers = [.init(x0: 20, y0: 40, vx: 0, vy: 0, w: 16, h: 40, rgb: (200, 40, 40), start: 1)]
        // From frame 16 on it walks right at 3 pixels a frame, starting from where it stood.
        walking.movers = [.init(x0: 20 - 3 * 15, y0: 40, vx: 3, vy: 0, w: 16, h: 40, rgb: (200, 40, 40), start: 16)]
        let ghost = BoundingBox(x: 20, y: 40, width: 16, height: 40)
        func run(ratio: Float) throws -> (ghost: Int, walker: Int) {
            var p = MotionDetector.Parameters()
            p.warmUpFrames = 10
            p.ghostEdgeRatio = ratio
            var detector = try MotionDetector(parameters: p)
            var ghosts = 0, walker = 0
            for f in 1...50 {
                let dets = try detector.detect(in: f <= 15 ? standing.frame(f) : walking.frame(f))
                guard f > 25 else { continue }
                if dets.contains(where: { $0.box.iou(ghost) >= 0.5 }) { ghosts += 1 }
                if dets.contains(where: { $0.box.iou(walking.box(of: walking.movers[0], frame: f)) >= 0.5 }) { walker += 1 }
            }
            return (ghosts, walker)
        }
        let off = try run(ratio: 0), on = try run(ratio: 1)
        #expect(off.ghost >= 20, "without the test the ghost stays: \(off)")
        #expect(on.ghost == 0, "\(on)")
        #expect(on.walker >= 24, "\(on)")
    }
}

@Suite struct MotionParameterTests {
    @Test func settingsParseAndValidate() throws {
        var p = MotionDetector.Parameters()
        for a in ["ghost_edge_ratio=0", "ghost_frames=3", "split_by_size=off", "size_samples=4", "size_aspect_min=0.25",
                  "size_aspect_max=0.5", "size_split_height_slack=0.3", "size_split_width_slack=0.5",
                  "size_split_foot_band=0.2", "size_split_minimum_fill=0.1", "size_restore_legs=0"] {
            try p.set(a)
        }
        try p.validate()
        #expect(p.ghostEdgeRatio == 0 && p.ghostFrames == 3 && !p.splitBySize && p.sizeSamples == 4)
        #expect(abs(p.sizeAspect.lowerBound - 0.25) < 1e-6 && abs(p.sizeAspect.upperBound - 0.5) < 1e-6)
        try p.set("size_aspect_min=0.9")
        #expect(throws: DetectionError.self) { try p.validate() }
        for bad in ["ghost_frames=0", "ghost_frames=300", "size_samples=0", "size_split_foot_band=0", "size_restore_legs=1.5",
                    "size_split_minimum_fill=2", "size_split_height_slack=-1", "scale=0", "learning_rate=0"] {
            var q = MotionDetector.Parameters()
            #expect(throws: ParameterError.self, "\(bad)") { try q.set(bad) }
        }
        for name in MotionDetector.Parameters.table.names {
            var q = MotionDetector.Parameters()
            #expect(throws: ParameterError.self, "\(name)") { try q.set("\(name)=not-a-value") }
        }
        var q = MotionDetector.Parameters()
        q.minSigma = 50
        q.maxSigma = 10
        #expect(throws: DetectionError.self) { try MotionDetector(parameters: q) }
    }
}
