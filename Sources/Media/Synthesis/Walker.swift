/// One person-like figure in a synthetic clip: head, torso and two swinging legs, moving along
/// a piecewise-linear path of foot positions.
///
/// Geometry (all in pixels, 0-based continuous frame coordinates): the figure of height `h`
/// fills the box `[left, left + w) x [top, top + h)` with `w = round(widthRatio * h)`: the
/// head (an ellipse) touches the top edge, the torso spans the full width, the legs reach the
/// bottom edge. That box is the ground truth, whatever is occluded.
public struct Walker: Sendable, Equatable {
    /// A point of the path: at `frame` (1-based) the feet are centred at (x, footY).
    public struct Waypoint: Sendable, Equatable {
        public var frame: Int
        public var x: Double
        public var footY: Double
        public init(frame: Int, x: Double, footY: Double) {
            self.frame = frame
            self.x = x
            self.footY = footY
        }
    }

    /// Track identity written to the ground truth (1-based).
    public var id: Int
    /// Path; the walker exists from the first waypoint's frame to the last one's.
    public var path: [Waypoint]
    /// Figure height in pixels at the bottom edge of the frame; it shrinks linearly with
    /// distance up the frame (simple perspective), see `height(footY:frameHeight:)`.
    public var baseHeight: Double
    public var widthRatio: Double
    public var skin: (UInt8, UInt8, UInt8)
    public var shirt: (UInt8, UInt8, UInt8)
    public var trousers: (UInt8, UInt8, UInt8)

    public init(id: Int, path: [Waypoint], baseHeight: Double, widthRatio: Double = 0.38,
                skin: (UInt8, UInt8, UInt8), shirt: (UInt8, UInt8, UInt8), trousers: (UInt8, UInt8, UInt8)) {
        self.id = id
        self.path = path
        self.baseHeight = baseHeight
        self.widthRatio = widthRatio
        self.skin = skin
        self.shirt = shirt
        self.trousers = trousers
    }

    public static func == (a: Walker, b: Walker) -> Bool {
        a.id == b.id && a.path == b.path && a.baseHeight == b.baseHeight && a.widthRatio == b.widthRatio
            && a.skin == b.skin && a.shirt == b.shirt && a.trousers == b.trousers
    }

    /// Figure height at a foot position: 55 % of `baseHeight` at the top of the frame, 100 % at
    /// the bottom.
    public func height(footY: Double, frameHeight: Int) -> Double {
        baseHeight * (0.55 + 0.45 * max(0, min(1, footY / Double(frameHeight))))
    }

    /// Foot position and walked distance at `frame`, or nil when the walker does not exist then.
    func position(at frame: Int) -> (x: Double, footY: Double, distance: Double)? {
        guard let first = path.first, let last = path.last, frame >= first.frame, frame <= last.frame else { return nil }
        var distance = 0.0
        for i in 0..<(path.count - 1) {
            let a = path[i], b = path[i + 1]
            let segLength = ((b.x - a.x) * (b.x - a.x) + (b.footY - a.footY) * (b.footY - a.footY)).squareRoot()
            if frame <= b.frame {
                let span = Double(b.frame - a.frame)
                let t = span > 0 ? Double(frame - a.frame) / span : 1
                return (a.x + (b.x - a.x) * t, a.footY + (b.footY - a.footY) * t, distance + segLength * t)
            }
            distance += segLength
        }
        return (last.x, last.footY, distance)
    }
}
