import Media
import TracklineCore

/// Appearance vector from colour histograms of body regions of a box.
///
/// Each region (by default the upper body, 15-50 % of the box height, and the lower body,
/// 50-90 %, both over the inner 60 % of the width, where background is least) gets a histogram
/// of its pixels' colours, normalised to sum 1. The square root of every bin is taken (so the
/// dot product is the Bhattacharyya coefficient, i.e. a Hellinger kernel), the regions are
/// concatenated and the whole vector is L2-normalised. A region outside the frame contributes
/// zeros; a box wholly outside gets the uniform vector.
///
/// Length: `regions.count * colorSpace.binCount` (default 2 x 128 = 256).
/// A 6-bit-per-channel lookup table maps each pixel to its bin, built once in `init`; extraction
/// allocates nothing. Large regions are subsampled to about 64 x 64 pixels.
public struct ColorHistogramExtractor: FeatureExtractor, Sendable {
    /// A part of the box, as fractions of its width and height from its top-left corner.
    public struct Region: Sendable, Equatable {
        public var top: Double, bottom: Double, left: Double, right: Double
        public init(top: Double, bottom: Double, left: Double = 0.2, right: Double = 0.8) {
            self.top = top; self.bottom = bottom; self.left = left; self.right = right
        }
        /// 15-50 % of the height, inner 60 % of the width.
        public static let upperBody = Region(top: 0.15, bottom: 0.5)
        /// 50-90 % of the height, inner 60 % of the width.
        public static let lowerBody = Region(top: 0.5, bottom: 0.9)
    }

    /// How a pixel's colour picks its bin.
    public enum ColorSpace: Sendable, Equatable {
        /// Joint HSV bins: hue x saturation x value.
        case hsv(hue: Int, saturation: Int, value: Int)
        /// Hue x saturation bins for coloured pixels, plus `value` brightness-only bins for
        /// pixels whose saturation or value is below `greyBelow` (0-1), where hue means nothing.
        case hueSaturationPlusValue(hue: Int, saturation: Int, value: Int, greyBelow: Double)
        /// Joint RGB bins.
        case rgb(bins: Int)
        /// Joint bins of chromaticity `r = R/(R+G+B)`, `g = G/(R+G+B)` and intensity.
        case chromaticity(bins: Int, intensity: Int)

        /// Bins per region.
        public var binCount: Int {
            switch self {
            case let .hsv(h, s, v): return h * s * v
            case let .hueSaturationPlusValue(h, s, v, _): return h * s + v
            case let .rgb(b): return b * b * b
            case let .chromaticity(b, i): return b * b * i
            }
        }
    }

    public let regions: [Region]
    public let colorSpace: ColorSpace
    public let dimension: Int
    /// Bin of each colour quantised to 6 bits per channel: index `(r >> 2) << 12 | (g >> 2) << 6 | b >> 2`.
    private let table: [UInt16]
    private var histogram: [Float]

    /// The default: upper and lower body, joint HSV 8 x 4 x 4 (2 x 128 = 256 values). Of the
    /// variants measured by Scripts/feature-auc.sh on PETS09-S2L1 it separated identities best
    /// 10 and 50 frames apart together.
    public init() {
        self.init(regions: [.upperBody, .lowerBody], colorSpace: .hsv(hue: 8, saturation: 4, value: 4))
    }

    public init(regions: [Region], colorSpace: ColorSpace) {
        precondition(!regions.isEmpty && colorSpace.binCount > 0, "need at least one region and one bin")
        self.regions = regions
        self.colorSpace = colorSpace
        dimension = regions.count * colorSpace.binCount
        histogram = [Float](repeating: 0, count: dimension)
        var t = [UInt16](repeating: 0, count: 1 << 18)
        for q in 0..<(1 << 18) {
            // Centre of the quantisation cell.
            let r = Double((q >> 12) & 63) * 4 + 1.5, g = Double((q >> 6) & 63) * 4 + 1.5, b = Double(q & 63) * 4 + 1.5
            t[q] = UInt16(Self.bin(r: r, g: g, b: b, colorSpace))
        }
        table = t
    }

    static func bin(r: Double, g: Double, b: Double, _ space: ColorSpace) -> Int {
        func q(_ x: Double, _ n: Int) -> Int { min(n - 1, max(0, Int(x * Double(n)))) }
        let mx = max(r, g, b), mn = min(r, g, b)
        switch space {
        case let .hsv(hn, sn, vn), let .hueSaturationPlusValue(hn, sn, vn, _):
            let v = mx / 255
            let s = mx > 0 ? (mx - mn) / mx : 0
            var h = 0.0
            if mx > mn {
                let d = mx - mn
                if mx == r { h = (g - b) / d } else if mx == g { h = 2 + (b - r) / d } else { h = 4 + (r - g) / d }
                h /= 6
                if h < 0 { h += 1 }
            }
            if case let .hueSaturationPlusValue(_, _, _, grey) = space {
                if s < grey || v < grey { return hn * sn + q(v, vn) }
                // Saturation bins span [grey, 1].
                return q(h, hn) * sn + q((s - grey) / (1 - grey), sn)
            }
            return (q(h, hn) * sn + q(s, sn)) * vn + q(v, vn)
        case let .rgb(n):
            return (q(r / 256, n) * n + q(g / 256, n)) * n + q(b / 256, n)
        case let .chromaticity(n, i):
            let sum = r + g + b
            let cr = sum > 0 ? r / sum : 1.0 / 3, cg = sum > 0 ? g / sum : 1.0 / 3
            return (q(cr, n) * n + q(cg, n)) * i + q(sum / 766, i)
        }
    }

    /// `v` clamped to `0...limit` and made an Int; NaN gives 0.
    @inline(__always)
    static func pixel(_ v: Double, _ limit: Int) -> Int {
        v > 0 ? (v < Double(limit) ? Int(v) : limit) : 0
    }

    public mutating func extract(box: BoundingBox, in frame: Frame, into output: UnsafeMutableBufferPointer<Float>) throws {
        precondition(output.count >= dimension, "output holds \(output.count) values, need \(dimension)")
        let bins = colorSpace.binCount
        let w = frame.width, h = frame.height, ch = frame.format.channels
        var total: Float = 0
        histogram.withUnsafeMutableBufferPointer { hist in
            table.withUnsafeBufferPointer { lut in
                frame.pixels.withUnsafeBufferPointer { px in
                    for k in 0..<dimension { hist[k] = 0 }
                    for (ri, region) in regions.enumerated() {
                        // Clamped to the frame while still Double: boxes from a file may hold
                        // any finite value, and Int(1e19) traps.
                        let x0 = Self.pixel((box.x + region.left * box.width).rounded(.down), w)
                        let x1 = Self.pixel((box.x + region.right * box.width).rounded(.up), w)
                        let y0 = Self.pixel((box.y + region.top * box.height).rounded(.down), h)
                        let y1 = Self.pixel((box.y + region.bottom * box.height).rounded(.up), h)
                        guard x1 > x0, y1 > y0 else { continue }
                        let step = max(1, Int((Double((x1 - x0) * (y1 - y0)) / 4096).squareRoot()))
                        let base = ri * bins
                        var n: Float = 0
                        var y = y0
                        while y < y1 {
                            var x = x0
                            while x < x1 {
                                let p = (y * w + x) * ch
                                let idx: Int
                                if ch == 3 {
                                    idx = Int(px[p] >> 2) << 12 | Int(px[p + 1] >> 2) << 6 | Int(px[p + 2] >> 2)
                                } else {
                                    let l = Int(px[p] >> 2)
                                    idx = l << 12 | l << 6 | l
                                }
                                hist[base + Int(lut[idx])] += 1
                                n += 1
                                x += step
                            }
                            y += step
                        }
                        // Hellinger: sqrt of the normalised histogram has unit L2 norm.
                        let inv = 1 / n
                        for k in base..<(base + bins) { hist[k] = (hist[k] * inv).squareRoot() }
                        total += 1
                    }
                    if total == 0 {
                        let u = 1 / Float(dimension).squareRoot()
                        for k in 0..<dimension { output[k] = u }
                    } else {
                        let scale = 1 / total.squareRoot()
                        for k in 0..<dimension { output[k] = hist[k] * scale }
                    }
                }
            }
        }
    }
}
