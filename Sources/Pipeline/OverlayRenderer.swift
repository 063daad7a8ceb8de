import Media
import TracklineCore

/// Draws tracks onto RGB24 frames: each box outlined in its track's colour, the id on a label
/// above it, and a fading trail of the box's bottom-centre over the last `trailLength` frames.
/// Colours are a stable function of the id (golden-ratio hues). Memory: one short trail per
/// recently seen id.
public struct OverlayRenderer: Sendable {
    public var trailLength: Int
    public var lineWidth: Int
    /// Font scale of the id label (pixels per font pixel).
    public var labelScale: Int
    private var trails: [Int: [(frame: Int, x: Double, y: Double)]] = [:]

    public init(trailLength: Int = 30, lineWidth: Int = 2, labelScale: Int = 2) {
        self.trailLength = max(0, trailLength)
        self.lineWidth = max(1, lineWidth)
        self.labelScale = max(1, labelScale)
    }

    /// Stable RGB colour for a track id.
    public static func colour(for id: Int) -> (UInt8, UInt8, UInt8) {
        var h = (Double(id) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1)
        if h < 0 { h += 1 }
        let s = 0.85, v = 1.0
        let i = Int(h * 6) % 6, f = h * 6 - Double(Int(h * 6))
        let p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s)
        let (r, g, b): (Double, Double, Double)
        switch i {
        case 0: (r, g, b) = (v, t, p)
        case 1: (r, g, b) = (q, v, p)
        case 2: (r, g, b) = (p, v, t)
        case 3: (r, g, b) = (p, q, v)
        case 4: (r, g, b) = (t, p, v)
        default: (r, g, b) = (v, p, q)
        }
        return (UInt8(r * 255), UInt8(g * 255), UInt8(b * 255))
    }

    /// Draws `boxes` (this frame's tracks) on `frame` (RGB24; other formats are left alone).
    public mutating func draw(_ boxes: [TrackedBox], on frame: inout Frame) {
        guard frame.format == .rgb24, frame.width > 0, frame.height > 0 else { return }
        let now = frame.number
        for b in boxes {
            var t = trails[b.trackID] ?? []
            t.append((now, b.box.centerX, b.box.maxY))
            if t.count > trailLength { t.removeFirst(t.count - trailLength) }
            trails[b.trackID] = t
        }
        trails = trails.filter { now - ($0.value.last?.frame ?? 0) <= trailLength }
        let w = frame.width, h = frame.height
        frame.pixels.withUnsafeMutableBufferPointer { px in
            let canvas = Canvas(px: px, width: w, height: h)
            // Trails first, so boxes and labels stay on top; in id order, because blended
            // trails that cross depend on the order they are drawn in (a dictionary's order
            // changes from run to run).
            for id in trails.keys.sorted() {
                guard let trail = trails[id], trail.count > 1 else { continue }
                let c = Self.colour(for: id)
                for k in 1..<trail.count {
                    let alpha = Double(trailLength - (now - trail[k].frame)) / Double(max(1, trailLength))
                    canvas.line(trail[k - 1].x, trail[k - 1].y, trail[k].x, trail[k].y, c, alpha: max(0.1, alpha), radius: 1)
                }
            }
            for b in boxes where Canvas.drawable(b.box) {
                let c = Self.colour(for: b.trackID)
                canvas.rectangle(b.box, c, lineWidth: lineWidth)
                canvas.label(String(b.trackID), x: Int(b.box.x.rounded()), bottom: Int(b.box.y.rounded()), c, scale: labelScale)
            }
        }
    }
}

/// Pixel drawing on an RGB24 buffer with clipping.
private struct Canvas {
    let px: UnsafeMutableBufferPointer<UInt8>
    let width: Int
    let height: Int

    @inline(__always)
    func put(_ x: Int, _ y: Int, _ c: (UInt8, UInt8, UInt8), alpha: Double = 1) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = (y * width + x) * 3
        if alpha >= 1 {
            px[i] = c.0; px[i + 1] = c.1; px[i + 2] = c.2
        } else {
            let a = max(0, alpha)
            px[i] = UInt8(Double(px[i]) * (1 - a) + Double(c.0) * a)
            px[i + 1] = UInt8(Double(px[i + 1]) * (1 - a) + Double(c.1) * a)
            px[i + 2] = UInt8(Double(px[i + 2]) * (1 - a) + Double(c.2) * a)
        }
    }

    /// Coordinates beyond this are skipped: finite is not enough, Int(1e300) traps.
    static let coordinateLimit = 1e9

    static func drawable(_ b: BoundingBox) -> Bool {
        let limit = coordinateLimit
        return abs(b.x) < limit && abs(b.y) < limit && abs(b.width) < limit && abs(b.height) < limit
    }

    func fill(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ c: (UInt8, UInt8, UInt8)) {
        let xa = max(0, x0), xb = min(width, x1), ya = max(0, y0), yb = min(height, y1)
        guard xa < xb, ya < yb else { return }
        for y in ya..<yb { for x in xa..<xb { put(x, y, c) } }
    }

    func rectangle(_ b: BoundingBox, _ c: (UInt8, UInt8, UInt8), lineWidth: Int) {
        guard Self.drawable(b) else { return }
        let x0 = Int(b.x.rounded()), y0 = Int(b.y.rounded())
        let x1 = Int(b.maxX.rounded()), y1 = Int(b.maxY.rounded())
        guard x1 > x0, y1 > y0, x1 - x0 < 100_000, y1 - y0 < 100_000 else { return }
        fill(x0, y0, x1, y0 + lineWidth, c)
        fill(x0, y1 - lineWidth, x1, y1, c)
        fill(x0, y0, x0 + lineWidth, y1, c)
        fill(x1 - lineWidth, y0, x1, y1, c)
    }

    func line(_ xa: Double, _ ya: Double, _ xb: Double, _ yb: Double, _ c: (UInt8, UInt8, UInt8), alpha: Double, radius: Int) {
        let limit = Self.coordinateLimit
        guard abs(xa) < limit, abs(ya) < limit, abs(xb) < limit, abs(yb) < limit else { return }
        let steps = min(2000, max(1, Int(max(abs(xb - xa), abs(yb - ya)).rounded(.up))))
        for s in 0...steps {
            let t = Double(s) / Double(steps)
            let x = Int((xa + (xb - xa) * t).rounded()), y = Int((ya + (yb - ya) * t).rounded())
            for dy in -radius...radius { for dx in -radius...radius { put(x + dx, y + dy, c, alpha: alpha) } }
        }
    }

    /// Text in a filled box of colour `c` whose bottom-left corner is (x, bottom); kept inside the frame.
    func label(_ text: String, x: Int, bottom: Int, _ c: (UInt8, UInt8, UInt8), scale: Int) {
        let chars = Array(text)
        let pad = scale
        let w = chars.count * (BitmapFont.width + 1) * scale + pad
        let h = BitmapFont.height * scale + 2 * pad
        let x0 = min(max(0, x), max(0, width - w))
        var y0 = bottom - h
        if y0 < 0 { y0 = max(0, bottom) }
        fill(x0, y0, x0 + w, y0 + h, c)
        // Dark text on light colours, light on dark.
        let luma = 0.299 * Double(c.0) + 0.587 * Double(c.1) + 0.114 * Double(c.2)
        let ink: (UInt8, UInt8, UInt8) = luma > 140 ? (0, 0, 0) : (255, 255, 255)
        for (k, ch) in chars.enumerated() {
            let g = BitmapFont.glyph(ch)
            let gx = x0 + pad + k * (BitmapFont.width + 1) * scale
            for (row, bits) in g.enumerated() {
                for col in 0..<BitmapFont.width where bits & (0x10 >> UInt8(col)) != 0 {
                    fill(gx + col * scale, y0 + pad + row * scale, gx + (col + 1) * scale, y0 + pad + (row + 1) * scale, ink)
                }
            }
        }
    }
}
