/// A camera's motion between two frames as a similarity without rotation: a point `p` of the
/// earlier frame (pixels) is at `scale * p + (dx, dy)` in the later one. Zooming or walking
/// towards the scene gives `scale` above 1; panning right moves the scene left (`dx` < 0).
public struct CameraMotion: Sendable, Equatable, CustomStringConvertible {
    /// Growth of every length from the earlier frame to the later (1 = none).
    public var scale: Double
    /// Shift in pixels, applied after scaling about the image origin (top-left corner).
    public var dx: Double
    public var dy: Double

    public init(scale: Double = 1, dx: Double = 0, dy: Double = 0) {
        self.scale = scale
        self.dx = dx
        self.dy = dy
    }

    /// No motion.
    public static let identity = CameraMotion()

    public var isIdentity: Bool { scale == 1 && dx == 0 && dy == 0 }

    /// Where `box` of the earlier frame lies in the later one.
    @inlinable public func apply(_ box: BoundingBox) -> BoundingBox {
        BoundingBox(x: scale * box.x + dx, y: scale * box.y + dy, width: scale * box.width, height: scale * box.height)
    }

    /// The motion from the later frame back to the earlier one.
    public var inverse: CameraMotion {
        CameraMotion(scale: 1 / scale, dx: -dx / scale, dy: -dy / scale)
    }

    /// `self` then `next`: from this motion's earlier frame to `next`'s later frame.
    public func followed(by next: CameraMotion) -> CameraMotion {
        CameraMotion(scale: next.scale * scale, dx: next.scale * dx + next.dx, dy: next.scale * dy + next.dy)
    }

    public var description: String { "scale \(scale), shift (\(dx), \(dy))" }
}
