/// An axis-aligned box in image pixels.
///
/// Convention throughout Trackline: `x`, `y` are the top-left corner, `width`, `height` the size,
/// all in pixels of the original frame, as in MOTChallenge files. Coordinates are continuous:
/// a box `x = 0, width = 10` covers `[0, 10)`; IoU uses `x + width` as the right edge, no +1.
public struct BoundingBox: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    @inlinable
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// A box from its corners (`x1 <= x2`, `y1 <= y2`).
    @inlinable
    public init(x1: Double, y1: Double, x2: Double, y2: Double) {
        self.init(x: x1, y: y1, width: x2 - x1, height: y2 - y1)
    }

    @inlinable public var maxX: Double { x + width }
    @inlinable public var maxY: Double { y + height }
    @inlinable public var centerX: Double { x + width / 2 }
    @inlinable public var centerY: Double { y + height / 2 }
    @inlinable public var area: Double { max(0, width) * max(0, height) }

    /// Intersection over union; 0 when either box has no area.
    @inlinable
    public func iou(_ other: BoundingBox) -> Double {
        let iw = min(maxX, other.maxX) - max(x, other.x)
        let ih = min(maxY, other.maxY) - max(y, other.y)
        guard iw > 0, ih > 0 else { return 0 }
        let inter = iw * ih
        let union = area + other.area - inter
        return union > 0 ? inter / union : 0
    }

    public var description: String { "(\(x), \(y), \(width)x\(height))" }
}
