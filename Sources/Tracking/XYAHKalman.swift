import TracklineCore

/// ByteTrack's (and DeepSORT's) constant-velocity Kalman filter on `[cx, cy, a, h, vx, vy, va,
/// vh]`: box centre (pixels), aspect ratio w/h, height (pixels) and their per-frame velocities.
/// Noise scales with the box height: position std `h/20`, velocity std `h/160`, aspect std
/// 1e-2 (process) / 1e-1 (measurement) / 1e-5 (aspect velocity). Fixed-size, allocation-free.
struct XYAHKalman: Sendable {
    private(set) var mean = InlineArray<8, Double>(repeating: 0)
    private(set) var cov = InlineArray<64, Double>(repeating: 0)

    static let stdPosition = 1.0 / 20
    static let stdVelocity = 1.0 / 160

    static func measurement(_ b: BoundingBox) -> InlineArray<4, Double> {
        [b.x + b.width / 2, b.y + b.height / 2, b.width / b.height, b.height]
    }

    init(box: BoundingBox) {
        let z = Self.measurement(box)
        for i in 0..<4 { mean[i] = z[i] }
        let h = z[3]
        let std: InlineArray<8, Double> = [
            2 * Self.stdPosition * h, 2 * Self.stdPosition * h, 1e-2, 2 * Self.stdPosition * h,
            10 * Self.stdVelocity * h, 10 * Self.stdVelocity * h, 1e-5, 10 * Self.stdVelocity * h,
        ]
        for i in 0..<8 { cov[i * 8 + i] = std[i] * std[i] }
    }

    /// The state's box (top-left, size).
    var box: BoundingBox {
        let w = mean[2] * mean[3], h = mean[3]
        return BoundingBox(x: mean[0] - w / 2, y: mean[1] - h / 2, width: w, height: h)
    }

    /// Predicts one frame ahead; `freezeHeightVelocity` zeroes vh first (ByteTrack does this for
    /// tracks that are not currently tracked).
    mutating func predict(freezeHeightVelocity: Bool = false) {
        if freezeHeightVelocity { mean[7] = 0 }
        let h = mean[3]
        let sp = Self.stdPosition * h, sv = Self.stdVelocity * h
        let q: InlineArray<8, Double> = [sp * sp, sp * sp, 1e-4, sp * sp, sv * sv, sv * sv, 1e-10, sv * sv]
        for i in 0..<4 { mean[i] += mean[i + 4] }
        // P = F P F' with F = [[I, I], [0, I]]: add the lower rows to the upper, then the right columns to the left.
        for i in 0..<4 { for j in 0..<8 { cov[i * 8 + j] += cov[(i + 4) * 8 + j] } }
        for i in 0..<8 { for j in 0..<4 { cov[i * 8 + j] += cov[i * 8 + j + 4] } }
        for i in 0..<8 { cov[i * 8 + i] += q[i] }
    }

    mutating func update(box: BoundingBox) {
        let z = Self.measurement(box)
        let h = mean[3]
        let sp = Self.stdPosition * h
        let r: InlineArray<4, Double> = [sp * sp, sp * sp, 1e-2, sp * sp]
        var s = InlineArray<16, Double>(repeating: 0)
        for i in 0..<4 { for j in 0..<4 { s[i * 4 + j] = cov[i * 8 + j] } }
        for i in 0..<4 { s[i * 4 + i] += r[i] }
        let si = invert4(s)
        var k = InlineArray<32, Double>(repeating: 0)  // P H' S^-1, 8x4
        for i in 0..<8 {
            for j in 0..<4 {
                var acc = 0.0
                for m in 0..<4 { acc += cov[i * 8 + m] * si[m * 4 + j] }
                k[i * 4 + j] = acc
            }
        }
        var y = InlineArray<4, Double>(repeating: 0)
        for i in 0..<4 { y[i] = z[i] - mean[i] }
        for i in 0..<8 {
            var acc = 0.0
            for m in 0..<4 { acc += k[i * 4 + m] * y[m] }
            mean[i] += acc
        }
        // P -= K S K' (= K H P since K S = P H').
        var kh = InlineArray<64, Double>(repeating: 0)
        for i in 0..<8 {
            for j in 0..<8 {
                var acc = 0.0
                for m in 0..<4 { acc += k[i * 4 + m] * cov[m * 8 + j] }
                kh[i * 8 + j] = acc
            }
        }
        for i in 0..<64 { cov[i] -= kh[i] }
    }
}
