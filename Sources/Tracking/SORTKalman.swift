import TracklineCore

/// SORT's constant-velocity Kalman filter on `[u, v, s, r, u', v', s']`: box centre (pixels),
/// area (pixels^2) and aspect ratio w/h (constant), with the noise set-up of Bewley et al.'s
/// reference code: P0 = diag(10, 10, 10, 10, 1e4, 1e4, 1e4), Q = diag(1, 1, 1, 1, .01, .01,
/// 1e-4), R = diag(1, 1, 10, 10); the covariance update is the Joseph form (as filterpy does).
/// Fixed-size matrices, row-major, no heap allocation per step.
struct SORTKalman: Sendable {
    private(set) var x = InlineArray<7, Double>(repeating: 0)
    private(set) var p = InlineArray<49, Double>(repeating: 0)

    private static let q: InlineArray<7, Double> = [1, 1, 1, 1, 0.01, 0.01, 0.0001]
    private static let r: InlineArray<4, Double> = [1, 1, 10, 10]

    init(box: BoundingBox) {
        let z = Self.measurement(box)
        for i in 0..<4 { x[i] = z[i] }
        for i in 0..<7 { p[i * 7 + i] = i < 4 ? 10 : 10_000 }
    }

    /// `[u, v, s, r]` of a box.
    static func measurement(_ b: BoundingBox) -> InlineArray<4, Double> {
        [b.x + b.width / 2, b.y + b.height / 2, b.width * b.height, b.width / b.height]
    }

    /// The state's box; NaN coordinates when the area went negative (SORT drops such tracks).
    var box: BoundingBox {
        let w = (x[2] * x[3]).squareRoot()
        let h = x[2] / w
        return BoundingBox(x: x[0] - w / 2, y: x[1] - h / 2, width: w, height: h)
    }

    /// Corner form as SORT's `convert_x_to_bbox`, for IoU and output.
    var corners: (x1: Double, y1: Double, x2: Double, y2: Double) {
        let w = (x[2] * x[3]).squareRoot()
        let h = x[2] / w
        return (x[0] - w / 2, x[1] - h / 2, x[0] + w / 2, x[1] + h / 2)
    }

    mutating func predict() {
        // Keep the predicted area non-negative, as the reference does.
        if x[6] + x[2] <= 0 { x[6] = 0 }
        x[0] += x[4]; x[1] += x[5]; x[2] += x[6]
        // P = F P F' + Q with F = I + E(0,4) + E(1,5) + E(2,6).
        // First rows: (F P)[i] = P[i] + P[i+4] for i < 3.
        for i in 0..<3 {
            for j in 0..<7 { p[i * 7 + j] += p[(i + 4) * 7 + j] }
        }
        // Then columns: (F P F')[:, j] = (F P)[:, j] + (F P)[:, j+4] for j < 3.
        for i in 0..<7 {
            for j in 0..<3 { p[i * 7 + j] += p[i * 7 + j + 4] }
        }
        for i in 0..<7 { p[i * 7 + i] += Self.q[i] }
    }

    mutating func update(box: BoundingBox) {
        let z = Self.measurement(box)
        var y = InlineArray<4, Double>(repeating: 0)
        for i in 0..<4 { y[i] = z[i] - x[i] }
        // S = H P H' + R is the top-left 4x4 block of P plus R.
        var s = InlineArray<16, Double>(repeating: 0)
        for i in 0..<4 { for j in 0..<4 { s[i * 4 + j] = p[i * 7 + j] } }
        for i in 0..<4 { s[i * 4 + i] += Self.r[i] }
        let si = invert4(s)
        // K = P H' S^-1: P's first four columns times S^-1 (7x4).
        var k = InlineArray<28, Double>(repeating: 0)
        for i in 0..<7 {
            for j in 0..<4 {
                var acc = 0.0
                for m in 0..<4 { acc += p[i * 7 + m] * si[m * 4 + j] }
                k[i * 4 + j] = acc
            }
        }
        for i in 0..<7 {
            var acc = 0.0
            for m in 0..<4 { acc += k[i * 4 + m] * y[m] }
            x[i] += acc
        }
        // Joseph form: P = (I - K H) P (I - K H)' + K R K'.
        var a = InlineArray<49, Double>(repeating: 0)  // I - K H
        for i in 0..<7 {
            for j in 0..<7 {
                a[i * 7 + j] = (i == j ? 1 : 0) - (j < 4 ? k[i * 4 + j] : 0)
            }
        }
        var ap = InlineArray<49, Double>(repeating: 0)
        for i in 0..<7 {
            for j in 0..<7 {
                var acc = 0.0
                for m in 0..<7 { acc += a[i * 7 + m] * p[m * 7 + j] }
                ap[i * 7 + j] = acc
            }
        }
        for i in 0..<7 {
            for j in 0..<7 {
                var acc = 0.0
                for m in 0..<7 { acc += ap[i * 7 + m] * a[j * 7 + m] }
                var krk = 0.0
                for m in 0..<4 { krk += k[i * 4 + m] * Self.r[m] * k[j * 4 + m] }
                p[i * 7 + j] = acc + krk
            }
        }
    }
}

/// Inverse of a 4x4 row-major matrix by Gauss-Jordan elimination with partial pivoting.
/// A singular matrix gives non-finite entries (the caller's track then goes NaN and is dropped).
func invert4(_ m: InlineArray<16, Double>) -> InlineArray<16, Double> {
    var a = m
    var inv = InlineArray<16, Double>(repeating: 0)
    for i in 0..<4 { inv[i * 4 + i] = 1 }
    for col in 0..<4 {
        var piv = col
        var best = abs(a[col * 4 + col])
        for r in (col + 1)..<4 where abs(a[r * 4 + col]) > best {
            best = abs(a[r * 4 + col]); piv = r
        }
        if piv != col {
            for j in 0..<4 {
                let t = a[col * 4 + j]; a[col * 4 + j] = a[piv * 4 + j]; a[piv * 4 + j] = t
                let u = inv[col * 4 + j]; inv[col * 4 + j] = inv[piv * 4 + j]; inv[piv * 4 + j] = u
            }
        }
        let d = a[col * 4 + col]
        for j in 0..<4 { a[col * 4 + j] /= d; inv[col * 4 + j] /= d }
        for r in 0..<4 where r != col {
            let f = a[r * 4 + col]
            if f == 0 { continue }
            for j in 0..<4 {
                a[r * 4 + j] -= f * a[col * 4 + j]
                inv[r * 4 + j] -= f * inv[col * 4 + j]
            }
        }
    }
    return inv
}
