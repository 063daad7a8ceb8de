import TracklineCore

/// Box IoU exactly as TrackEval computes it (`_calculate_box_ious`, xywh): corners from x + w,
/// areas from the corners, and zero whenever an area or the union is within machine epsilon of 0.
enum BoxSimilarity {
    static let eps = Double.ulpOfOne

    /// Fills `out` (row-major, gt rows x tracker columns) with IoUs.
    static func iou(gt: [BoundingBox], tracker: [BoundingBox], into out: inout [Double]) {
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(gt.count * tracker.count)
        for g in gt {
            let gx2 = g.x + g.width, gy2 = g.y + g.height
            let area1 = (gx2 - g.x) * (gy2 - g.y)
            for t in tracker {
                let tx2 = t.x + t.width, ty2 = t.y + t.height
                let area2 = (tx2 - t.x) * (ty2 - t.y)
                var inter = max(min(gx2, tx2) - max(g.x, t.x), 0) * max(min(gy2, ty2) - max(g.y, t.y), 0)
                var union = area1 + area2 - inter
                if area1 <= eps || area2 <= eps || union <= eps { inter = 0 }
                if union <= eps { union = 1 }
                out.append(inter / union)
            }
        }
    }
}
