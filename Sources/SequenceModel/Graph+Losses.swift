import Foundation

/// Training losses. Each returns a scalar `[1]` averaged over the rows that count.
extension Graph {
    /// Softmax cross-entropy over the last dimension of `logits [n, c]`.
    ///
    /// `targets[i]` is the correct class of row `i`, or -1 to ignore the row. `classMask`
    /// (`n * c` values, true = a real class) removes padded classes from the softmax.
    /// The mean is over rows that are not ignored (0 when none are).
    public func crossEntropy(_ logits: Var, targets: [Int], classMask: [Bool]? = nil) -> Var {
        let lv = values[logits.id]
        let c = lv.lastDimension
        let n = lv.count / max(c, 1)
        precondition(targets.count == n, "crossEntropy: \(targets.count) targets for \(n) rows")
        var probs = [Float](repeating: 0, count: lv.count)
        var loss: Double = 0
        var counted = 0
        for r in 0..<n {
            Graph.softmaxRow(lv.data, y: &probs, offset: r * c, count: c, mask: classMask)
            let t = targets[r]
            guard t >= 0 else { continue }
            precondition(t < c && (classMask?[r * c + t] ?? true), "crossEntropy: target \(t) of row \(r) is not an allowed class")
            loss -= Double(Foundation.log(max(probs[r * c + t], 1e-30)))
            counted += 1
        }
        let norm = counted > 0 ? 1 / Float(counted) : 0
        return record(Tensor(scalar: Float(loss) * norm), inputs: [logits]) { g, dy in
            let s = dy[0] * norm
            g.accumulate(logits) { dl in
                for r in 0..<n where targets[r] >= 0 {
                    for j in 0..<c { dl[r * c + j] += s * probs[r * c + j] }
                    dl[r * c + targets[r]] -= s
                }
            }
        }
    }

    /// Mean absolute difference between `prediction [n, k]` and a constant `target` of the same
    /// shape, over rows with `rowWeight > 0` (all rows when nil), weighted by `rowWeight`.
    public func l1Loss(_ prediction: Var, target: Tensor, rowWeight: [Float]? = nil) -> Var {
        let pv = values[prediction.id]
        precondition(pv.count == target.count, "l1Loss: \(pv.shape) vs \(target.shape)")
        let k = pv.lastDimension
        let n = pv.count / max(k, 1)
        let weights = rowWeight ?? [Float](repeating: 1, count: n)
        let total = weights.reduce(0, +)
        let norm: Float = total > 0 ? 1 / (total * Float(k)) : 0
        var loss: Float = 0
        for r in 0..<n where weights[r] != 0 {
            for j in 0..<k { loss += weights[r] * abs(pv.data[r * k + j] - target.data[r * k + j]) }
        }
        let pd = pv.data
        return record(Tensor(scalar: loss * norm), inputs: [prediction]) { g, dy in
            let s = dy[0] * norm
            g.accumulate(prediction) { dp in
                for r in 0..<n where weights[r] != 0 {
                    for j in 0..<k {
                        let diff = pd[r * k + j] - target.data[r * k + j]
                        dp[r * k + j] += s * weights[r] * (diff > 0 ? 1 : (diff < 0 ? -1 : 0))
                    }
                }
            }
        }
    }

    /// Mean of `1 - GIoU` between predicted boxes `[n, 4]` and constant target boxes, both as
    /// (centre x, centre y, width, height) in any common unit, over rows with `rowWeight > 0`.
    /// Predicted sizes are clamped at a tiny positive value.
    public func giouLoss(_ prediction: Var, target: Tensor, rowWeight: [Float]? = nil) -> Var {
        let pv = values[prediction.id]
        precondition(pv.lastDimension == 4 && pv.count == target.count, "giouLoss: boxes must be [n, 4]")
        let n = pv.count / 4
        let weights = rowWeight ?? [Float](repeating: 1, count: n)
        let total = weights.reduce(0, +)
        let norm: Float = total > 0 ? 1 / total : 0
        var grad = [Float](repeating: 0, count: pv.count) // d loss_r / d pred_r, unweighted
        var loss: Double = 0
        for r in 0..<n where weights[r] != 0 {
            let p = (0..<4).map { Double(pv.data[r * 4 + $0]) }
            let t = (0..<4).map { Double(target.data[r * 4 + $0]) }
            let (l, gr) = Graph.giouTerm(p, t)
            loss += Double(weights[r]) * l
            for j in 0..<4 { grad[r * 4 + j] = Float(gr[j]) }
        }
        return record(Tensor(scalar: Float(loss) * norm), inputs: [prediction]) { g, dy in
            let s = dy[0] * norm
            g.accumulate(prediction) { dp in
                for r in 0..<n where weights[r] != 0 { for j in 0..<4 { dp[r * 4 + j] += s * weights[r] * grad[r * 4 + j] } }
            }
        }
    }

    /// `1 - GIoU` of one (cx, cy, w, h) pair and its gradient with respect to the prediction.
    static func giouTerm(_ p: [Double], _ t: [Double]) -> (Double, [Double]) {
        let eps = 1e-9
        let wClamped = p[2] <= eps, hClamped = p[3] <= eps
        let pw = max(p[2], eps), ph = max(p[3], eps)
        let tw = max(t[2], eps), th = max(t[3], eps)
        let px1 = p[0] - pw / 2, px2 = p[0] + pw / 2, py1 = p[1] - ph / 2, py2 = p[1] + ph / 2
        let tx1 = t[0] - tw / 2, tx2 = t[0] + tw / 2, ty1 = t[1] - th / 2, ty2 = t[1] + th / 2
        let iwRaw = min(px2, tx2) - max(px1, tx1), ihRaw = min(py2, ty2) - max(py1, ty1)
        let iw = max(0, iwRaw), ih = max(0, ihRaw)
        let inter = iw * ih
        let ap = pw * ph, at = tw * th
        let union = ap + at - inter
        let cw = max(px2, tx2) - min(px1, tx1), ch = max(py2, ty2) - min(py1, ty1)
        let enclose = max(cw * ch, eps)
        let loss = 2 - inter / union - union / enclose
        // Partial derivatives of the loss with respect to the intermediate quantities.
        let dInter = -(union + inter) / (union * union) + 1 / enclose
        let dArea = inter / (union * union) - 1 / enclose
        let dEnclose = union / (enclose * enclose)
        // Corners.
        var dx1 = 0.0, dx2 = 0.0, dy1 = 0.0, dy2 = 0.0
        if iwRaw > 0 && ihRaw > 0 {
            let dIw = dInter * ih, dIh = dInter * iw
            if px2 < tx2 { dx2 += dIw }
            if px1 > tx1 { dx1 -= dIw }
            if py2 < ty2 { dy2 += dIh }
            if py1 > ty1 { dy1 -= dIh }
        }
        let dCw = dEnclose * ch, dCh = dEnclose * cw
        if px2 >= tx2 { dx2 += dCw }
        if px1 <= tx1 { dx1 -= dCw }
        if py2 >= ty2 { dy2 += dCh }
        if py1 <= ty1 { dy1 -= dCh }
        var dw = (dx2 - dx1) / 2 + dArea * ph
        var dh = (dy2 - dy1) / 2 + dArea * pw
        if wClamped { dw = 0 }
        if hClamped { dh = 0 }
        return (loss, [dx1 + dx2, dy1 + dy2, dw, dh])
    }
}
