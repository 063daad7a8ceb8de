/// Cuts a foreground blob into people of the size a `PersonSizeModel` expects, peeling the
/// nearest person (lowest feet) first: people who touch or overlap, side by side or one in front
/// of the other, form one blob, and the nearest of them is the one seen whole.
///
/// A blob no taller than `(1 + heightSlack)` and no wider than `(1 + widthSlack)` times the
/// person expected at its bottom row is one person. Otherwise the feet are looked for in the
/// lowest `footBand` of that height: the leftmost run of occupied columns there is one person's
/// feet (or several people's, when the run is wider than a person; then the box is aligned to
/// the run's left end). That person's expected box is cut out, its foreground becomes one
/// piece, and the rest of the blob is examined again. Leftovers with less foreground than
/// `minimumFill` of an expected person are dropped.
///
/// Works in mask cells. Keeps its scratch buffers between calls.
public struct SizeSplitter: Sendable {
    /// Relative excess of height over the expected person's before a blob is cut.
    public var heightSlack: Double
    /// Relative excess of width over the expected person's before a blob is cut.
    public var widthSlack: Double
    /// Pieces with fewer foreground cells than this fraction of an expected person's box are
    /// dropped.
    public var minimumFill: Double
    /// Height of the band above the lowest row searched for feet, as a fraction of the
    /// expected height: low enough to leave out the feet of someone a little farther away.
    public var footBand = 0.1
    /// Pieces shorter than this fraction of a person whose head is at their top are extended
    /// down to a whole person (see `legsRestored`); 0 turns this off.
    public var restoreLegs = 0.0
    /// Pieces with a smaller bounding rectangle (in cells) are never extended.
    public var minimumCells = 0
    /// At most this many pieces per blob.
    public var maximumPieces = 12
    /// Grow pieces cut short by a nearer person to the expected size (see `completed`).
    public var completeOccluded = true
    private var peeled: [MaskComponent] = []
    private var remaining: [UInt8] = []
    private var columnHasFoot: [UInt8] = []

    public init(heightSlack: Double, widthSlack: Double, minimumFill: Double) {
        self.heightSlack = heightSlack
        self.widthSlack = widthSlack
        self.minimumFill = minimumFill
    }

    /// Appends the people found in component `c` (whose pixels carry `label` in `labels`, a
    /// row-major map `maskWidth` wide) to `out`.
    public mutating func split(_ c: MaskComponent, label: Int32, labels: [Int32], maskWidth: Int,
                               model: PersonSizeModel, into out: inout [MaskComponent]) {
        let he0 = model.height(bottom: c.maxY)
        if Double(c.height) <= (1 + heightSlack) * he0 && Double(c.width) <= (1 + widthSlack) * model.width(height: he0) {
            out.append(legsRestored(c, model: model))
            return
        }
        let rw = c.width, rh = c.height
        if remaining.count < rw * rh { remaining = [UInt8](repeating: 0, count: rw * rh) }
        if columnHasFoot.count < rw { columnHasFoot = [UInt8](repeating: 0, count: rw) }
        labels.withUnsafeBufferPointer { lab in
            remaining.withUnsafeMutableBufferPointer { rem in
                for y in 0..<rh {
                    let row = (c.minY + y) * maskWidth + c.minX
                    for x in 0..<rw { rem[y * rw + x] = lab[row + x] == label ? 1 : 0 }
                }
            }
        }
        peeled.removeAll(keepingCapacity: true)
        var emitted = 0
        var iterations = 0
        while iterations < maximumPieces * 2, emitted < maximumPieces {
            iterations += 1
            guard let b = bounds(in: 0..<rw, 0..<rh, width: rw) else { break }
            let he = model.height(bottom: c.minY + b.maxY)
            let we = model.width(height: he)
            let expectedArea = he * we
            if Double(b.area) < minimumFill * expectedArea {
                break
            }
            if Double(b.height) <= (1 + heightSlack) * he && Double(b.width) <= (1 + widthSlack) * we {
                out.append(legsRestored(shifted(completed(b, blob: c, model: model), by: c), model: model))
                emitted += 1
                break
            }
            // Feet: occupied columns in the lowest fifth of the expected person.
            let footTop = max(b.minY, b.maxY - max(1, Int((footBand * he).rounded())))
            var runStart = -1, runEnd = -1
            remaining.withUnsafeBufferPointer { rem in
                for x in b.minX...b.maxX {
                    var has = false
                    for y in footTop...b.maxY where rem[y * rw + x] != 0 { has = true; break }
                    if has {
                        if runStart < 0 { runStart = x }
                        runEnd = x
                    } else if runStart >= 0 {
                        // A gap wider than half a person ends the run (one person's legs may
                        // stand apart by less).
                        if Double(x - runEnd) > 0.5 * we { break }
                    }
                }
            }
            guard runStart >= 0 else { break }
            let runWidth = Double(runEnd - runStart + 1)
            let left: Int
            if runWidth <= (1 + widthSlack) * we {
                left = Int((Double(runStart + runEnd + 1) / 2 - we / 2).rounded())
            } else {
                left = runStart
            }
            let x0 = max(b.minX, left), x1 = min(b.maxX, left + Int(we.rounded()) - 1)
            let y0 = max(b.minY, b.maxY - Int(he.rounded()) + 1), y1 = b.maxY
            guard x1 >= x0 else { break }
            if let p = bounds(in: x0..<(x1 + 1), y0..<(y1 + 1), width: rw), Double(p.area) >= minimumFill * expectedArea {
                out.append(legsRestored(shifted(completed(p, blob: c, model: model), by: c), model: model))
                emitted += 1
            }
            clear(x0...x1, y0...y1, width: rw)
            peeled.append(MaskComponent(minX: x0, minY: y0, maxX: x1, maxY: y1, area: 0))
        }
    }

    /// A piece cut short by a nearer person peeled before it is that person's occluded
    /// neighbour: it is grown to the expected size on the side of the occluder (its feet are
    /// behind the nearer person, or its side is), staying inside the blob and above the
    /// occluder's bottom row. Local coordinates.
    private func completed(_ p: MaskComponent, blob c: MaskComponent, model: PersonSizeModel) -> MaskComponent {
        guard completeOccluded, !peeled.isEmpty else { return p }
        var q = p
        // Height of a person whose head is at row p.minY: h = H(top + h - 1), by iteration.
        var h = model.height(bottom: c.minY + p.maxY)
        for _ in 0..<3 { h = model.height(bottom: c.minY + p.minY + Int(h.rounded()) - 1) }
        let w = model.width(height: h)
        if Double(p.height) < 0.85 * h {
            for o in peeled where o.minY <= p.maxY + 1 && o.maxY > p.maxY && o.minX <= p.maxX && o.maxX >= p.minX {
                q.maxY = max(q.maxY, min(o.maxY - 1, p.minY + Int(h.rounded()) - 1, c.height - 1))
            }
        }
        if Double(p.width) < 0.8 * w {
            let grow = Int((w - Double(p.width)).rounded())
            for o in peeled where o.minY <= q.maxY && o.maxY >= q.minY {
                if o.minX <= p.maxX + 1 && o.maxX > p.maxX { q.maxX = max(q.maxX, min(p.maxX + grow, c.width - 1)) }
                if o.maxX >= p.minX - 1 && o.minX < p.minX { q.minX = min(q.minX, max(p.minX - grow, 0)) }
            }
        }
        return q
    }

    /// A piece much shorter than a person whose head is at its top row is taken to have lost its
    /// legs to the background (trousers the colour of the ground): it is extended down to that
    /// person's height, within the mask. Mask coordinates.
    private func legsRestored(_ p: MaskComponent, model: PersonSizeModel) -> MaskComponent {
        guard restoreLegs > 0 else { return p }
        var h = model.height(bottom: p.maxY)
        for _ in 0..<3 { h = model.height(bottom: p.minY + Int(h.rounded()) - 1) }
        // Specks would become person-sized false positives: only pieces big enough to be
        // reported as they are, and at least a third of a person tall, are extended.
        guard Double(p.height) < restoreLegs * h, Double(p.height) >= 0.35 * h, p.width * p.height >= minimumCells else { return p }
        var q = p
        q.maxY = max(p.maxY, min(p.minY + Int(h.rounded()) - 1, model.maskHeight - 1))
        return q
    }

    /// Bounding rectangle and count of the remaining cells in a window (local coordinates).
    private func bounds(in xs: Range<Int>, _ ys: Range<Int>, width rw: Int) -> MaskComponent? {
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1, n = 0
        remaining.withUnsafeBufferPointer { rem in
            for y in ys {
                for x in xs where rem[y * rw + x] != 0 {
                    n += 1
                    if x < minX { minX = x }
                    if x > maxX { maxX = x }
                    if y < minY { minY = y }
                    maxY = y
                }
            }
        }
        return n == 0 ? nil : MaskComponent(minX: minX, minY: minY, maxX: maxX, maxY: maxY, area: n)
    }

    private mutating func clear(_ xs: ClosedRange<Int>, _ ys: ClosedRange<Int>, width rw: Int) {
        remaining.withUnsafeMutableBufferPointer { rem in
            for y in ys { for x in xs { rem[y * rw + x] = 0 } }
        }
    }

    private func shifted(_ p: MaskComponent, by c: MaskComponent) -> MaskComponent {
        MaskComponent(minX: p.minX + c.minX, minY: p.minY + c.minY, maxX: p.maxX + c.minX, maxY: p.maxY + c.minY, area: p.area)
    }
}
