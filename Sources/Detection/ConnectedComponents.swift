/// One 8-connected region of a `BinaryMask`: its bounding rectangle in mask pixels (inclusive)
/// and its number of pixels.
public struct MaskComponent: Sendable, Equatable {
    public var minX: Int
    public var minY: Int
    public var maxX: Int
    public var maxY: Int
    /// Foreground pixels in the region.
    public var area: Int

    public init(minX: Int, minY: Int, maxX: Int, maxY: Int, area: Int) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
        self.area = area
    }

    /// Width of the bounding rectangle in mask pixels.
    public var width: Int { maxX - minX + 1 }
    /// Height of the bounding rectangle in mask pixels.
    public var height: Int { maxY - minY + 1 }
}

/// Two-pass connected-component labelling with union-find (8-connectivity).
///
/// Buffers are kept between calls: labelling masks of one size allocates nothing after the first.
public struct ConnectedComponents: Sendable {
    /// The regions found by the last `label` call, ordered by their first pixel in raster order.
    public private(set) var components: [MaskComponent] = []
    /// Per pixel of the last labelled mask (row-major, its width): index + 1 in `components` of
    /// the region holding it, 0 for background. May be longer than the mask; ignore the tail.
    public private(set) var labels: [Int32] = []
    private var parent: [Int32] = []
    private var componentOfRoot: [Int32] = []

    public init() {}

    /// Labels `mask` and fills `components`.
    public mutating func label(_ mask: BinaryMask) {
        let w = mask.width, h = mask.height, n = w * h
        components.removeAll(keepingCapacity: true)
        guard n > 0 else { return }
        if labels.count < n { labels = [Int32](repeating: 0, count: n) }
        // At most one new label per two pixels in 8-connectivity, plus label 0.
        let maxLabels = n / 2 + 2
        if parent.count < maxLabels {
            parent = [Int32](repeating: 0, count: maxLabels)
            componentOfRoot = [Int32](repeating: -1, count: maxLabels)
        }
        var next: Int32 = 1
        // Move the buffers into locals (no copy) so the closures below touch no part of `self`.
        var labelBuf = labels, parentBuf = parent, rootBuf = componentOfRoot, found = components
        labels = []; parent = []; componentOfRoot = []; components = []
        defer { labels = labelBuf; parent = parentBuf; componentOfRoot = rootBuf; components = found }
        mask.pixels.withUnsafeBufferPointer { m in
            labelBuf.withUnsafeMutableBufferPointer { lab in
                parentBuf.withUnsafeMutableBufferPointer { par in
                    func find(_ a: Int32) -> Int32 {
                        var r = a
                        while par[Int(r)] != r { r = par[Int(r)] }
                        var c = a
                        while par[Int(c)] != r { let p = par[Int(c)]; par[Int(c)] = r; c = p }
                        return r
                    }
                    func union(_ a: Int32, _ b: Int32) -> Int32 {
                        let ra = find(a), rb = find(b)
                        if ra == rb { return ra }
                        // Smaller label becomes the root, keeping raster order of roots.
                        if ra < rb { par[Int(rb)] = ra; return ra }
                        par[Int(ra)] = rb
                        return rb
                    }
                    for y in 0..<h {
                        for x in 0..<w {
                            let i = y * w + x
                            guard m[i] != 0 else { lab[i] = 0; continue }
                            var l: Int32 = 0
                            // Already-visited neighbours: W, NW, N, NE.
                            if x > 0, lab[i - 1] != 0 { l = lab[i - 1] }
                            if y > 0 {
                                let up = i - w
                                if x > 0, lab[up - 1] != 0 { l = l == 0 ? lab[up - 1] : union(l, lab[up - 1]) }
                                if lab[up] != 0 { l = l == 0 ? lab[up] : union(l, lab[up]) }
                                if x + 1 < w, lab[up + 1] != 0 { l = l == 0 ? lab[up + 1] : union(l, lab[up + 1]) }
                            }
                            if l == 0 {
                                l = next
                                par[Int(next)] = next
                                next += 1
                            }
                            lab[i] = l
                        }
                    }
                    // Second pass: gather statistics per root.
                    rootBuf.withUnsafeMutableBufferPointer { cor in
                        for k in 1..<Int(next) { cor[k] = -1 }
                        for y in 0..<h {
                            for x in 0..<w {
                                let l = lab[y * w + x]
                                guard l != 0 else { continue }
                                let root = Int(find(l))
                                var c = Int(cor[root])
                                if c < 0 {
                                    c = found.count
                                    cor[root] = Int32(c)
                                    found.append(MaskComponent(minX: x, minY: y, maxX: x, maxY: y, area: 0))
                                }
                                found[c].minX = min(found[c].minX, x)
                                found[c].maxX = max(found[c].maxX, x)
                                found[c].maxY = y
                                found[c].area += 1
                                // Each pixel's provisional label is read only here, so it can
                                // be replaced by its final component (index + 1).
                                lab[y * w + x] = Int32(c + 1)
                            }
                        }
                    }
                }
            }
        }
    }
}
