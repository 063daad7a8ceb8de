import Foundation

/// Draws the frames of a `SynthScene` and reports their exact ground truth.
///
/// Figures are painted far to near (smaller foot y first), so nearer people hide farther ones.
/// Buffers are allocated once and reused for every frame.
public struct SceneRenderer: Sendable {
    public let scene: SynthScene
    private var background: [UInt8]
    /// Per pixel: index + 1 of the walker painted last there (0: ground).
    private var owner: [Int32]

    public init(scene: SynthScene) {
        self.scene = scene
        background = SceneRenderer.makeBackground(width: scene.width, height: scene.height, seed: scene.seed)
        owner = [Int32](repeating: 0, count: scene.width * scene.height)
    }

    /// Where a walker's figure lies in one frame (integer pixels).
    struct Layout {
        var left: Int, top: Int, width: Int, height: Int
        /// Leg swing in -1...1 (sine of the gait phase).
        var swing: Double
    }

    func layout(of walker: Walker, at frame: Int) -> Layout? {
        guard let p = walker.position(at: frame) else { return nil }
        let h = max(8, Int(walker.height(footY: p.footY, frameHeight: scene.height).rounded()))
        let w = max(4, Int((walker.widthRatio * Double(h)).rounded()))
        let left = Int((p.x - Double(w) / 2).rounded(.down))
        let bottom = Int(p.footY.rounded())
        let phase = p.distance / (0.45 * Double(h)) * Double.pi
        return Layout(left: left, top: bottom - h, width: w, height: h, swing: sin(phase))
    }

    /// Renders frame `number` (1-based) into `frame` (RGB24, reusing its buffer) and returns the
    /// ground truth for it, sorted by id.
    public mutating func render(frame number: Int, into frame: inout Frame) -> [SynthBox] {
        let W = scene.width, H = scene.height
        if frame.pixels.count != W * H * 3 {
            frame.pixels = [UInt8](repeating: 0, count: W * H * 3)
        }
        frame.number = number
        frame.timestamp = Double(number - 1) / scene.frameRate
        frame.width = W
        frame.height = H
        frame.format = .rgb24
        frame.pixels.withUnsafeMutableBufferPointer { dst in
            background.withUnsafeBufferPointer { src in
                dst.baseAddress!.update(from: src.baseAddress!, count: src.count)
            }
        }
        for i in owner.indices { owner[i] = 0 }

        var present: [(index: Int, layout: Layout, footY: Int)] = []
        for (i, w) in scene.walkers.enumerated() {
            if let l = layout(of: w, at: number) { present.append((i, l, l.top + l.height)) }
        }
        present.sort { ($0.footY, scene.walkers[$0.index].id) < ($1.footY, scene.walkers[$1.index].id) }

        var shapePixels = [Int](repeating: 0, count: scene.walkers.count)
        for item in present {
            shapePixels[item.index] = paint(scene.walkers[item.index], item.layout, ownerTag: Int32(item.index + 1), into: &frame.pixels)
        }

        var boxes: [SynthBox] = []
        for item in present {
            let l = item.layout
            let x1 = max(0, l.left), y1 = max(0, l.top)
            let x2 = min(W, l.left + l.width), y2 = min(H, l.top + l.height)
            guard x2 > x1, y2 > y1 else { continue }
            var visible = 0
            let tag = Int32(item.index + 1)
            for y in y1..<y2 {
                for x in x1..<x2 where owner[y * W + x] == tag { visible += 1 }
            }
            let total = max(1, shapePixels[item.index])
            boxes.append(SynthBox(frame: number, id: scene.walkers[item.index].id, x: x1, y: y1,
                                  width: x2 - x1, height: y2 - y1, visibility: Double(visible) / Double(total)))
        }
        return boxes.sorted { $0.id < $1.id }
    }

    /// Paints one figure; returns how many pixels its whole shape has (in or out of the frame).
    private mutating func paint(_ walker: Walker, _ l: Layout, ownerTag: Int32, into pixels: inout [UInt8]) -> Int {
        let W = scene.width, H = scene.height
        let w = Double(l.width), h = Double(l.height)
        let cx = Double(l.left) + w / 2
        let headCY = Double(l.top) + 0.11 * h, headRX = 0.3 * w, headRY = 0.11 * h
        let torsoTop = l.top + Int((0.2 * h).rounded()), legTop = l.top + Int((0.6 * h).rounded())
        let armWidth = max(1, Int((0.15 * w).rounded()))
        let armTop = l.top + Int((0.22 * h).rounded())
        let armBottom = l.top + Int((0.55 * h).rounded())
        let armSwing = Int((0.04 * h * l.swing).rounded())
        let legWidth = max(2, Int((0.3 * w).rounded()))
        let legReach = (w - Double(legWidth)) / 2
        let legA = Int((cx - Double(legWidth) / 2 + legReach * l.swing).rounded())
        let legB = Int((cx - Double(legWidth) / 2 - legReach * l.swing).rounded())
        let shoeTop = l.top + l.height - max(2, Int((0.04 * h).rounded()))
        let shirtDark = (UInt8(Int(walker.shirt.0) * 3 / 4), UInt8(Int(walker.shirt.1) * 3 / 4), UInt8(Int(walker.shirt.2) * 3 / 4))
        let shoe: (UInt8, UInt8, UInt8) = (25, 20, 20)

        var count = 0
        for y in l.top..<(l.top + l.height) {
            for x in l.left..<(l.left + l.width) {
                var color: (UInt8, UInt8, UInt8)? = nil
                if y < torsoTop {
                    let dx = (Double(x) + 0.5 - cx) / headRX, dy = (Double(y) + 0.5 - headCY) / headRY
                    if dx * dx + dy * dy <= 1 { color = walker.skin }
                } else if y < legTop {
                    let inArm = x < l.left + armWidth || x >= l.left + l.width - armWidth
                    if inArm {
                        let leftArm = x < l.left + armWidth
                        let shift = leftArm ? armSwing : -armSwing
                        if y >= armTop + min(0, shift) && y < armBottom + shift { color = shirtDark }
                    } else {
                        color = walker.shirt
                    }
                } else {
                    let inLeg = (x >= legA && x < legA + legWidth) || (x >= legB && x < legB + legWidth)
                    if inLeg { color = y >= shoeTop ? shoe : walker.trousers }
                }
                guard let c = color else { continue }
                count += 1
                guard x >= 0, x < W, y >= 0, y < H else { continue }
                let o = (y * W + x) * 3
                pixels[o] = c.0
                pixels[o + 1] = c.1
                pixels[o + 2] = c.2
                owner[y * W + x] = ownerTag
            }
        }
        return count
    }

    /// Paving: two octaves of smooth value noise, tile joints every 40 pixels, a warm tint.
    static func makeBackground(width: Int, height: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed ^ 0xB6_0000)
        func lattice(_ cell: Int) -> (cols: Int, values: [Double]) {
            let cols = width / cell + 2, rows = height / cell + 2
            return (cols, (0..<(cols * rows)).map { _ in rng.unit() })
        }
        let coarse = lattice(48), fine = lattice(9)
        func noise(_ grid: (cols: Int, values: [Double]), _ cell: Int, _ x: Int, _ y: Int) -> Double {
            let fx = Double(x) / Double(cell), fy = Double(y) / Double(cell)
            let ix = Int(fx), iy = Int(fy)
            var tx = fx - Double(ix), ty = fy - Double(iy)
            tx = tx * tx * (3 - 2 * tx)
            ty = ty * ty * (3 - 2 * ty)
            let v = grid.values, c = grid.cols
            let a = v[iy * c + ix] + (v[iy * c + ix + 1] - v[iy * c + ix]) * tx
            let b = v[(iy + 1) * c + ix] + (v[(iy + 1) * c + ix + 1] - v[(iy + 1) * c + ix]) * tx
            return a + (b - a) * ty
        }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                var v = 95 + 45 * noise(coarse, 48, x, y) + 18 * noise(fine, 9, x, y)
                // Tile joints, offset every other row of tiles like laid paving.
                let row = y / 40
                if y % 40 < 2 || (x + (row % 2) * 20) % 40 < 2 { v -= 28 }
                let o = (y * width + x) * 3
                out[o] = UInt8(max(0, min(255, v + 10)))
                out[o + 1] = UInt8(max(0, min(255, v + 4)))
                out[o + 2] = UInt8(max(0, min(255, v - 8)))
            }
        }
        return out
    }
}
