/// How tall a walking person looks as a function of where their feet are, learned from the blobs
/// of people seen alone.
///
/// With a fixed camera over a ground plane, a person's image height grows about linearly with
/// the image row of their feet. The model splits the mask into `bandCount` horizontal bands by
/// bottom row, keeps a histogram of blob heights per band, and fits height = a + b * bottom to
/// the band medians (weighted by their counts), so the occasional merged blob among the
/// samples does not move it. Widths follow as the median width/height ratio of the samples.
///
/// Units: mask cells (pixels of the downscaled image), rows counted from the top.
/// Allocates its histograms once for a mask size; observing and fitting allocate nothing.
public struct PersonSizeModel: Sendable {
    /// Horizontal bands the bottom rows are binned into.
    public let bandCount: Int
    /// Samples needed before `isReady`.
    public let minimumSamples: Int
    /// Mask height in cells.
    public let maskHeight: Int
    /// Once ready, samples whose height differs from the expected by more than this factor are
    /// ignored.
    public var consistency = 1.4
    /// Person-like blobs observed so far.
    public private(set) var samples = 0

    private var heightHistogram: [Int32]   // bandCount x (maskHeight + 1)
    private var bandCounts: [Int]
    private var bandBottomSums: [Double]
    private var aspectHistogram: [Int32]   // width / height in steps of 0.01, 0...1.99
    private var intercept = 0.0, slope = 0.0, aspect = 0.4
    private var lowestHeight = 0.0, highestHeight = 0.0
    // Band medians with enough samples: mean bottom row -> median height, by increasing row.
    private var knotX: [Double], knotY: [Double]
    private var knotCount = 0
    private var bandX: [Double], bandM: [Double], bandW: [Double]
    /// Relative distance from the line within which a band median supports it.
    public var inlierTolerance = 0.2
    /// Samples a band needs before its own median is followed.
    public var knotSamples = 8

    /// An empty model for masks `maskHeight` cells tall.
    public init(maskHeight: Int, bandCount: Int = 8, minimumSamples: Int = 15) {
        self.maskHeight = max(1, maskHeight)
        self.bandCount = max(1, bandCount)
        self.minimumSamples = max(1, minimumSamples)
        heightHistogram = [Int32](repeating: 0, count: self.bandCount * (self.maskHeight + 1))
        bandCounts = [Int](repeating: 0, count: self.bandCount)
        bandBottomSums = [Double](repeating: 0, count: self.bandCount)
        aspectHistogram = [Int32](repeating: 0, count: 200)
        knotX = [Double](repeating: 0, count: self.bandCount)
        knotY = knotX
        bandX = knotX; bandM = knotX; bandW = knotX
    }

    /// True once enough samples were seen for `height(bottom:)` to mean something.
    public var isReady: Bool { samples >= minimumSamples && fitted }
    private var fitted = false

    /// Expected height in cells of a person whose lowest row is `bottom`.
    public func height(bottom: Int) -> Double {
        let y = Double(bottom)
        var h = intercept + slope * y
        // Between bands with their own medians, follow them; beyond, continue the line's slope
        // from the outermost one.
        if knotCount > 0 {
            if y <= knotX[0] {
                h = knotY[0] + slope * (y - knotX[0])
            } else if y >= knotX[knotCount - 1] {
                h = knotY[knotCount - 1] + slope * (y - knotX[knotCount - 1])
            } else {
                var i = 1
                while knotX[i] < y { i += 1 }
                let t = (y - knotX[i - 1]) / max(knotX[i] - knotX[i - 1], 1e-9)
                h = knotY[i - 1] + t * (knotY[i] - knotY[i - 1])
            }
        }
        return min(max(h, 0.6 * lowestHeight, 2), 1.5 * highestHeight)
    }

    /// Expected width in cells of a person `height` cells tall.
    public func width(height: Double) -> Double { aspect * height }

    /// Records a blob believed to be one whole person: `top...bottom` rows, `width` columns.
    public mutating func observe(top: Int, bottom: Int, width: Int) {
        let h = bottom - top + 1
        guard h > 0, h <= maskHeight, bottom >= 0, bottom < maskHeight, width > 0 else { return }
        // Once the model stands, blobs far from it are merges or fragments, not lone people.
        if isReady {
            let r = Double(h) / height(bottom: bottom)
            guard r >= 1 / consistency, r <= consistency else { return }
        }
        let band = min(bandCount - 1, bottom * bandCount / maskHeight)
        heightHistogram[band * (maskHeight + 1) + h] += 1
        bandCounts[band] += 1
        bandBottomSums[band] += Double(bottom)
        aspectHistogram[min(199, width * 100 / h)] += 1
        samples += 1
    }

    /// Refits the height line and the aspect to everything observed; call once per frame.
    ///
    /// Robust to bands whose median is a merge (two people stacked) or a fragment: every line
    /// through two band medians (and, for each band, the prior line through it alone) is
    /// scored by the samples of the bands it passes within `inlierTolerance` of, and the best
    /// one's bands are fitted by weighted least squares.
    public mutating func refit() {
        guard samples > 0 else { return }
        var n = 0
        for b in 0..<bandCount where bandCounts[b] >= 2 {
            bandX[n] = bandBottomSums[b] / Double(bandCounts[b])
            bandM[n] = Double(median(heightHistogram, from: b * (maskHeight + 1), count: maskHeight + 1, total: bandCounts[b]))
            bandW[n] = Double(bandCounts[b])
            n += 1
        }
        guard n > 0 else { return }
        let bandHeight = Double(maskHeight) / Double(bandCount)
        var bestWeight = -1.0, bestA = 0.0, bestB = 0.0
        func consider(_ a: Double, _ b: Double) {
            var weight = 0.0
            for k in 0..<n {
                let p = a + b * bandX[k]
                if p > 0 && abs(bandM[k] - p) <= inlierTolerance * p { weight += bandW[k] }
            }
            if weight > bestWeight { bestWeight = weight; bestA = a; bestB = b }
        }
        for i in 0..<n {
            let b = priorSlope(x: bandX[i], h: bandM[i])
            consider(bandM[i] - b * bandX[i], b)
            for j in (i + 1)..<max(i + 1, n) where bandX[j] - bandX[i] >= bandHeight / 2 {
                let b = (bandM[j] - bandM[i]) / (bandX[j] - bandX[i])
                // People do not get smaller as they come closer.
                guard b >= 0 else { continue }
                consider(bandM[i] - b * bandX[i], b)
            }
        }
        var sw = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        lowestHeight = .infinity
        highestHeight = 0
        knotCount = 0
        for k in 0..<n {
            let p = bestA + bestB * bandX[k]
            guard p > 0 && abs(bandM[k] - p) <= inlierTolerance * p else { continue }
            if bandW[k] >= Double(knotSamples) {
                knotX[knotCount] = bandX[k]
                knotY[knotCount] = bandM[k]
                knotCount += 1
            }
            let w = bandW[k], x = bandX[k], m = bandM[k]
            sw += w; sx += w * x; sy += w * m; sxx += w * x * x; sxy += w * x * m
            lowestHeight = min(lowestHeight, m)
            highestHeight = max(highestHeight, m)
        }
        guard sw > 0 else { return }
        fitted = true
        let varX = sxx / sw - (sx / sw) * (sx / sw)
        let ls = varX > bandHeight * bandHeight / 4 ? (sxy / sw - (sx / sw) * (sy / sw)) / varX : -1
        slope = ls >= 0 ? ls : priorSlope(x: sx / sw, h: sy / sw)
        intercept = sy / sw - slope * sx / sw
        aspect = Double(median(aspectHistogram, from: 0, count: aspectHistogram.count, total: samples)) / 100
    }

    /// Slope of the line through (x, h) when only one depth is known: the ground's horizon is
    /// assumed one frame height above the top (h grows in proportion to y + maskHeight), a
    /// mild perspective, closer to most street cameras than a flat line.
    private func priorSlope(x: Double, h: Double) -> Double { h / (x + Double(maskHeight)) }

    private func median(_ hist: [Int32], from start: Int, count: Int, total: Int) -> Int {
        var seen = 0
        let half = (total + 1) / 2
        for i in 0..<count {
            seen += Int(hist[start + i])
            if seen >= half { return i }
        }
        return count - 1
    }
}
