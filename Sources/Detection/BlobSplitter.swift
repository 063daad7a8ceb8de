/// Cuts a foreground blob that is wider than one upright person into the people it holds, at
/// the valleys of its column profile (foreground cells per column): people walking side by side
/// touch at the arms or shadows, where the profile is low.
///
/// Keeps its scratch buffer between calls: allocates nothing once it has seen the widest mask.
public struct BlobSplitter: Sendable {
    /// Blobs wider than `aspect` times their height are examined (an upright person is about
    /// 0.4 wide per unit of height).
    public var aspect: Double
    /// A column is a valley when it holds fewer foreground cells than this fraction of the
    /// blob's fullest column.
    public var valley: Double
    /// Pieces narrower than this fraction of the blob's height are dropped.
    public var minWidth: Double
    private var columnCounts: [Int] = []

    public init(aspect: Double, valley: Double, minWidth: Double) {
        self.aspect = aspect
        self.valley = valley
        self.minWidth = minWidth
    }

    /// Appends the pieces of component `c` of `mask` to `out` (each the bounding rectangle of
    /// its foreground cells, with their count); a blob without a valley is appended whole.
    public mutating func split(_ c: MaskComponent, of mask: BinaryMask, into out: inout [MaskComponent]) {
        guard Double(c.width) > aspect * Double(c.height), c.width >= 4 else {
            out.append(c)
            return
        }
        let w = mask.width
        if columnCounts.count < c.width { columnCounts = [Int](repeating: 0, count: max(c.width, w)) }
        var peak = 0
        mask.pixels.withUnsafeBufferPointer { m in
            columnCounts.withUnsafeMutableBufferPointer { counts in
                for i in 0..<c.width {
                    var n = 0
                    let x = c.minX + i
                    for y in c.minY...c.maxY { n += Int(m[y * w + x]) }
                    counts[i] = n
                    peak = max(peak, n)
                }
            }
        }
        let cut = Int((Double(peak) * valley).rounded(.up))
        let narrowest = max(2, Int(Double(c.height) * minWidth))
        let before = out.count
        var start = -1
        for i in 0...c.width {
            let high = i < c.width && columnCounts[i] >= cut
            if high && start < 0 { start = i }
            if !high && start >= 0 {
                if i - start >= narrowest { Self.appendPiece(c, of: mask, from: start, to: i - 1, into: &out) }
                start = -1
            }
        }
        // One piece or none: the blob had no real valley; keep it whole.
        if out.count - before <= 1 {
            out.removeSubrange(before...)
            out.append(c)
        }
    }

    /// The rectangle of foreground cells of `c` in its columns `a...b` (offsets from `c.minX`).
    private static func appendPiece(_ c: MaskComponent, of mask: BinaryMask, from a: Int, to b: Int,
                                    into out: inout [MaskComponent]) {
        let w = mask.width
        var top = -1, bottom = -1, count = 0
        mask.pixels.withUnsafeBufferPointer { m in
            for y in c.minY...c.maxY {
                var rowHas = false
                for x in (c.minX + a)...(c.minX + b) where m[y * w + x] != 0 {
                    rowHas = true
                    count += 1
                }
                if rowHas {
                    if top < 0 { top = y }
                    bottom = y
                }
            }
        }
        guard top >= 0 else { return }
        out.append(MaskComponent(minX: c.minX + a, minY: top, maxX: c.minX + b, maxY: bottom, area: count))
    }
}
