/// SSD anchor boxes (TF OD API `MultipleGridAnchorGenerator`), float32 arithmetic in the graph's
/// operation order so that the 300x300 anchors equal the graph's constant tensor bit for bit.
///
/// Boxes are `(ymin, xmin, ymax, xmax)` normalised to the square network input, unclipped,
/// ordered head, row, column, spec (the order of the head outputs).
enum SSDLiteAnchors {
    /// Per-head (scale, aspect ratio) specs of `create_ssd_anchors(0.2, 0.95, 6 layers)` with
    /// `reduce_boxes_in_lowest_layer` and the 1/3 ratio stored as 0.3333.
    static let specs: [[(scale: Float, aspectRatio: Float)]] = {
        let mn = Double(Float(0.2)), mx = Double(Float(0.95))
        // Proto float32 limits, per-layer scales in float64 (as TF's Python does), stored as float32.
        let s = (0..<6).map { mn + (mx - mn) * Double($0) / 5 } + [1.0]
        var out: [[(scale: Float, aspectRatio: Float)]] = [[(0.1, 1.0), (0.2, 2.0), (0.2, 0.5)]]
        for k in 1..<6 {
            let sk = Float(s[k])
            let interp = Float((s[k] * s[k + 1]).squareRoot())
            out.append([(sk, 1.0), (sk, 2.0), (sk, 0.5), (sk, 3.0), (sk, 0.3333), (interp, 1.0)])
        }
        return out
    }()

    /// Anchors of the first `grids.count` heads with the given feature-map sizes.
    /// `scaleFactor` multiplies every scale (1 at 300; `Float(300/S)` keeps anchors the same size
    /// in network-input pixels at input size S, the "constant-pixel" variant).
    static func generate(grids: [Int], scaleFactor: Float = 1) -> [Float] {
        var out: [Float] = []
        for (k, fs) in grids.enumerated() {
            let sp = specs[k]
            let hw: [(h: Float, w: Float)] = sp.map { spec in
                let scale = scaleFactor == 1 ? spec.scale : spec.scale * scaleFactor
                let sq = spec.aspectRatio.squareRoot()
                return ((scale / sq) * 1.0, (scale * sq) * 1.0)
            }
            let stride = Float(1) / Float(fs)
            let offset = Float(0.5) * stride
            out.reserveCapacity(out.count + fs * fs * sp.count * 4)
            for i in 0..<fs {
                let cy = Float(i) * stride + offset
                for j in 0..<fs {
                    let cx = Float(j) * stride + offset
                    for (h, w) in hw {
                        out.append(cy - Float(0.5) * h)
                        out.append(cx - Float(0.5) * w)
                        out.append(cy + Float(0.5) * h)
                        out.append(cx + Float(0.5) * w)
                    }
                }
            }
        }
        return out
    }

    /// Feature-map sizes of the six heads for an `inputSize` square input (TF 'SAME', stride 2:
    /// `ceil(n/2)`): 300 -> 19,10,5,3,2,1; 576 -> 36,18,9,5,3,2.
    static func gridSizes(inputSize: Int) -> [Int] {
        var g = inputSize
        for _ in 0..<4 { g = (g + 1) / 2 }
        var out = [g]
        for _ in 0..<5 {
            g = (g + 1) / 2
            out.append(g)
        }
        return out
    }

    /// Anchors per cell of each head.
    static func anchorsPerCell(head k: Int) -> Int { specs[k].count }
}
