import Foundation
import Testing
@testable import Media

@Suite struct SynthesisTests {
    @Test func sameSeedSameFramesAndBoxes() {
        let scene = SynthScene.crossing(seed: 11)
        var a = SceneRenderer(scene: scene), b = SceneRenderer(scene: SynthScene.crossing(seed: 11))
        var fa = Frame(width: 1, height: 1), fb = Frame(width: 1, height: 1)
        for n in [1, 60, 90] {
            #expect(a.render(frame: n, into: &fa) == b.render(frame: n, into: &fb))
            #expect(fa.pixels == fb.pixels)
        }
        #expect(SynthScene.crowd(seed: 1) != SynthScene.crowd(seed: 2))
    }

    @Test func boxesAreTightAroundTheFigure() {
        // A lone walker on a known background: every pixel that differs from the background
        // lies in the ground-truth box, and the box's four edges each touch a changed pixel.
        let walker = Walker(id: 1, path: [.init(frame: 1, x: 100, footY: 150), .init(frame: 10, x: 140, footY: 150)],
                            baseHeight: 100, skin: (230, 190, 160), shirt: (200, 30, 30), trousers: (30, 30, 90))
        let scene = SynthScene(name: "one", width: 200, height: 160, frameRate: 10, frameCount: 10, seed: 1, walkers: [walker])
        var renderer = SceneRenderer(scene: scene)
        let background = SceneRenderer.makeBackground(width: 200, height: 160, seed: 1)
        var frame = Frame(width: 1, height: 1)
        for n in 1...10 {
            let boxes = renderer.render(frame: n, into: &frame)
            #expect(boxes.count == 1)
            guard let box = boxes.first else { continue }
            var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
            for y in 0..<160 {
                for x in 0..<200 {
                    let o = (y * 200 + x) * 3
                    if frame.pixels[o] != background[o] || frame.pixels[o + 1] != background[o + 1] || frame.pixels[o + 2] != background[o + 2] {
                        minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                    }
                }
            }
            #expect(box.x == minX && box.y == minY && box.x + box.width == maxX + 1 && box.y + box.height == maxY + 1, "frame \(n)")
            #expect(box.visibility == 1)
        }
    }

    @Test func bundledGroundTruthMatchesTheScenes() throws {
        // Annotations/ was written by `trackline synth` with its default seed; regenerate it.
        let root = TestSupport.repoRoot.path
        for scene in SynthScene.presets(seed: 2024) {
            let gtPath = root + "/Annotations/\(scene.name)/gt/gt.txt"
            let committed = try String(contentsOfFile: gtPath, encoding: .utf8)
            var renderer = SceneRenderer(scene: scene)
            var frame = Frame(width: 1, height: 1)
            var text = ""
            var ids = Set<Int>(), entered = false, left = false, occluded = false
            for n in 1...scene.frameCount {
                for b in renderer.render(frame: n, into: &frame) {
                    text += "\(b.frame),\(b.id),\(b.x),\(b.y),\(b.width),\(b.height),1,1,\(String(format: "%.2f", b.visibility))\n"
                    ids.insert(b.id)
                    if b.x == 0 || b.x + b.width == scene.width { if n > 1 { entered = true } else { left = true } }
                    if b.visibility < 0.5 && b.x > 0 && b.x + b.width < scene.width && b.y + b.height < scene.height { occluded = true }
                }
            }
            #expect(text == committed, "\(scene.name): regenerate with `trackline synth`")
            #expect(ids.count >= 4)
            #expect(entered && occluded, "\(scene.name) should show entries/exits and occlusions")
            _ = left
            let info = try String(contentsOfFile: root + "/Annotations/\(scene.name)/seqinfo.ini", encoding: .utf8)
            #expect(info.contains("seqLength=\(scene.frameCount)") && info.contains("imWidth=\(scene.width)"))
        }
    }
}
