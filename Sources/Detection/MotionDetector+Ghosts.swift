extension MotionDetector {
    /// Marks in `ghostFlags` the components of the last labelling that are ghosts, and puts the
    /// current frame into the background under them.
    ///
    /// A ghost is foreground left where something stood while the background was learned and
    /// has since gone: the background model, not the frame, holds the object there. So along
    /// the blob's outline the background image has the object's edges and the frame has few;
    /// for a real object it is the other way round. A blob whose outline gradient in the frame
    /// is below `ratio` times its outline gradient in the background mean is a ghost.
    mutating func findGhosts(ratio: Float, minCells: Int, frames: Int) {
        if ghostAge.count != cellsX * cellsY { ghostAge = [UInt8](repeating: 0, count: cellsX * cellsY) }
        let comps = labeller.components
        if ghostFlags.count < comps.count { ghostFlags = [Bool](repeating: false, count: max(comps.count, 2 * ghostFlags.count)) }
        let w = cellsX, h = cellsY
        for (k, c) in comps.enumerated() {
            ghostFlags[k] = false
            // Small blobs are not reported anyway; they are often pieces of people whose colour
            // is close to the ground, and their outline says little.
            guard c.width * c.height >= minCells else { continue }
            let label = Int32(k + 1)
            var current: Float = 0, background: Float = 0
            labeller.labels.withUnsafeBufferPointer { lab in
                red.withUnsafeBufferPointer { r in
                green.withUnsafeBufferPointer { g in
                blue.withUnsafeBufferPointer { b in
                meanR.withUnsafeBufferPointer { mr in
                meanG.withUnsafeBufferPointer { mg in
                meanB.withUnsafeBufferPointer { mb in
                    for y in c.minY...c.maxY {
                        for x in c.minX...c.maxX {
                            let i = y * w + x
                            guard lab[i] == label else { continue }
                            let inside = x > 0 && y > 0 && x < w - 1 && y < h - 1
                                && lab[i - 1] == label && lab[i + 1] == label && lab[i - w] == label && lab[i + w] == label
                            if inside { continue }
                            let l = y * w + max(x - 1, 0), rt = y * w + min(x + 1, w - 1)
                            let u = max(y - 1, 0) * w + x, d = min(y + 1, h - 1) * w + x
                            // Colour, not brightness, edges: a red shirt on grey paving of the
                            // same brightness still has an outline.
                            current += abs(r[rt] - r[l]) + abs(g[rt] - g[l]) + abs(b[rt] - b[l])
                                + abs(r[d] - r[u]) + abs(g[d] - g[u]) + abs(b[d] - b[u])
                            background += abs(mr[rt] - mr[l]) + abs(mg[rt] - mg[l]) + abs(mb[rt] - mb[l])
                                + abs(mr[d] - mr[u]) + abs(mg[d] - mg[u]) + abs(mb[d] - mb[u])
                        }
                    }
                }}}}}}
            }
            let ghost = current < ratio * background
            ghostFlags[k] = ghost
        }
        // A cell under a ghost for `frames` frames in a row takes the frame as its background.
        // Waiting keeps one bad frame (a person whose colour is close to the ground) from
        // writing a real person into the background.
        let n = w * h
        labeller.labels.withUnsafeBufferPointer { lab in
        ghostFlags.withUnsafeBufferPointer { flag in
        ghostAge.withUnsafeMutableBufferPointer { age in
        red.withUnsafeBufferPointer { r in
        green.withUnsafeBufferPointer { g in
        blue.withUnsafeBufferPointer { b in
        meanR.withUnsafeMutableBufferPointer { mr in
        meanG.withUnsafeMutableBufferPointer { mg in
        meanB.withUnsafeMutableBufferPointer { mb in
            for i in 0..<n {
                let l = Int(lab[i])
                guard l > 0, flag[l - 1] else { age[i] = 0; continue }
                age[i] &+= 1
                if Int(age[i]) >= frames {
                    mr[i] = r[i]; mg[i] = g[i]; mb[i] = b[i]
                    age[i] = 0
                }
            }
        }}}}}}}}}
    }
}
