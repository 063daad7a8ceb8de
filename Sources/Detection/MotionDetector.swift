import Media
import TracklineCore

/// Finds moving objects by background subtraction; needs no model weights.
///
/// Each frame is averaged over `scale x scale` blocks into a small colour image. Every cell keeps
/// a running Gaussian background: its mean colour and the variance of its distance from it.
/// Cells far from their background are foreground, unless they look like a cast shadow (darker
/// with the same chromaticity). The mask is cleaned by an opening and a closing and cut into
/// 8-connected components. Ghosts (blobs left where something stood while the background was
/// learned, told by their outline having more edge in the background than in the frame) are
/// dropped and soon learned away. The other blobs are cut into people: once a `PersonSizeModel`
/// has learned from lone walkers how tall a person is at each foot row, by peeling the nearest
/// person off a blob too tall or too wide for one (`SizeSplitter`), before that at the valleys
/// of the column profile of blobs wider than one person (`BlobSplitter`). Each piece becomes a
/// box in original pixels whose score is the fraction of its cells that are foreground.
///
/// Stateful: feed frames in order, all of one size. Buffers are allocated on the first frame and
/// reused afterwards. See `Parameters` for every setting and its default.
public struct MotionDetector: Detector {
    /// The settings in use.
    public let parameters: Parameters
    /// When set, every detection gets an appearance vector computed from the frame.
    public var featureExtractor: (any FeatureExtractor)?

    /// Frames seen so far.
    public private(set) var framesSeen = 0
    /// Foreground mask of the last frame after morphology, in cells (for inspection and tests).
    public private(set) var mask = BinaryMask(width: 0, height: 0)

    private var frameWidth = 0, frameHeight = 0, format: PixelFormat = .rgb24
    var cellsX = 0, cellsY = 0
    // Current frame, downscaled: R, G, B means per cell (all three equal for grey frames).
    var red: [Float] = [], green: [Float] = [], blue: [Float] = []
    // Background model per cell: mean colour and variance of the colour distance.
    private var variance: [Float] = []
    var meanR: [Float] = [], meanG: [Float] = [], meanB: [Float] = []
    private var rowSums: [Float] = []
    var labeller = ConnectedComponents()
    private var pieces: [MaskComponent] = []
    private var splitter: BlobSplitter
    private var sizeSplitter: SizeSplitter
    var ghostFlags: [Bool] = []
    var ghostAge: [UInt8] = []
    private var lastSamples: [MaskComponent] = [], currentSamples: [MaskComponent] = []
    /// Person height by foot row, learned from the blobs of lone people (in cells).
    public private(set) var sizeModel = PersonSizeModel(maskHeight: 1)

    /// A detector with the given settings; throws when one is out of range.
    public init(parameters: Parameters = Parameters(), featureExtractor: (any FeatureExtractor)? = nil) throws {
        try parameters.validate()
        self.parameters = parameters
        splitter = BlobSplitter(aspect: parameters.splitAspect, valley: parameters.splitValley, minWidth: parameters.splitMinWidth)
        sizeSplitter = SizeSplitter(heightSlack: parameters.sizeSplitHeightSlack, widthSlack: parameters.sizeSplitWidthSlack,
                                    minimumFill: parameters.sizeSplitMinimumFill)
        sizeSplitter.footBand = parameters.sizeSplitFootBand
        sizeSplitter.minimumCells = Int(parameters.minArea / Double(parameters.scale * parameters.scale))
        sizeSplitter.restoreLegs = parameters.sizeRestoreLegs
        self.featureExtractor = featureExtractor
    }

    public mutating func detect(in frame: Frame) throws -> [Detection] {
        if framesSeen == 0 {
            try setUp(for: frame)
        } else if frame.width != frameWidth || frame.height != frameHeight || frame.format != format {
            throw DetectionError.frameMismatch(
                "motion detector: frame \(frame.number) is \(frame.width)x\(frame.height) \(frame.format.rawValue), "
                + "but the background was built on \(frameWidth)x\(frameHeight) \(format.rawValue); use one detector per video")
        }
        downscale(frame)
        framesSeen += 1
        if framesSeen == 1 {
            initialiseBackground()
            return []
        }
        classifyAndUpdate()
        if parameters.openRadius > 0 { mask.open(radius: parameters.openRadius) }
        if parameters.closeRadius > 0 { mask.close(radius: parameters.closeRadius) }
        guard framesSeen > parameters.warmUpFrames else { return [] }

        labeller.label(mask)
        let s = Double(parameters.scale)
        let maxArea = parameters.maxAreaFraction * Double(frameWidth * frameHeight)
        var out: [Detection] = []
        pieces.removeAll(keepingCapacity: true)
        let minCells = Int(parameters.minArea / (s * s))
        if parameters.ghostEdgeRatio > 0 {
            findGhosts(ratio: parameters.ghostEdgeRatio, minCells: minCells, frames: parameters.ghostFrames)
        }
        if parameters.splitBySize { learnSizes(minCells: minCells) }
        let bySize = parameters.splitBySize && sizeModel.isReady
        for (k, c) in labeller.components.enumerated() {
            if parameters.ghostEdgeRatio > 0 && ghostFlags[k] { continue }
            if bySize {
                sizeSplitter.split(c, label: Int32(k + 1), labels: labeller.labels, maskWidth: cellsX, model: sizeModel, into: &pieces)
            } else if parameters.splitWideBlobs {
                splitter.split(c, of: mask, into: &pieces)
            } else {
                pieces.append(c)
            }
        }
        out.reserveCapacity(pieces.count)
        for c in pieces {
            let box = BoundingBox(x: Double(c.minX) * s, y: Double(c.minY) * s,
                                  width: Double(c.width) * s, height: Double(c.height) * s)
            guard box.area >= parameters.minArea, box.area <= maxArea else { continue }
            let score = Float(c.area) / Float(c.width * c.height)
            out.append(Detection(frame: frame.number, box: box, score: score, classID: 1))
        }
        if var fx = featureExtractor {
            try fx.attach(to: &out, in: frame)
            featureExtractor = fx
        }
        return out
    }

    /// Feeds the size model with the blobs that look like one whole person: upright, not cut by
    /// the frame edge, big enough.
    private mutating func learnSizes(minCells: Int) {
        let p = parameters
        for (k, c) in labeller.components.enumerated()
        where c.minX > 0 && c.minY > 0 && c.maxX < cellsX - 1 && c.maxY < cellsY - 1 {
            if p.ghostEdgeRatio > 0 && ghostFlags[k] { continue }
            let aspect = Double(c.width) / Double(c.height)
            guard c.width * c.height >= minCells, aspect >= p.sizeAspect.lowerBound, aspect <= p.sizeAspect.upperBound
            else { continue }
            // A blob that has not moved since the last frame (a ghost, a stopped person) would
            // outvote the walkers; it counts once.
            if lastSamples.contains(where: { abs($0.minX - c.minX) <= 1 && abs($0.maxX - c.maxX) <= 1 && $0.minY == c.minY && $0.maxY == c.maxY }) {
                currentSamples.append(c)
                continue
            }
            currentSamples.append(c)
            sizeModel.observe(top: c.minY, bottom: c.maxY, width: c.width)
        }
        swap(&lastSamples, &currentSamples)
        currentSamples.removeAll(keepingCapacity: true)
        sizeModel.refit()
    }

    private mutating func setUp(for frame: Frame) throws {
        let s = parameters.scale
        guard frame.width >= s, frame.height >= s else {
            throw DetectionError.frameMismatch(
                "motion detector: frame \(frame.width)x\(frame.height) is smaller than the downscale factor \(s)")
        }
        frameWidth = frame.width
        frameHeight = frame.height
        format = frame.format
        cellsX = frame.width / s
        cellsY = frame.height / s
        let n = cellsX * cellsY
        red = [Float](repeating: 0, count: n)
        green = red; blue = red; meanR = red; meanG = red; meanB = red
        variance = [Float](repeating: parameters.initialSigma * parameters.initialSigma, count: n)
        rowSums = [Float](repeating: 0, count: cellsX * 3)
        mask = BinaryMask(width: cellsX, height: cellsY)
        sizeModel = PersonSizeModel(maskHeight: cellsY, minimumSamples: parameters.sizeSamples)
    }

    /// Block means of the frame into `red`, `green`, `blue`. Border pixels that do
    /// not fill a whole block are ignored.
    private mutating func downscale(_ frame: Frame) {
        let s = parameters.scale, cx = cellsX, cy = cellsY, w = frameWidth
        let ch = frame.format.channels
        let inv = 1 / Float(s * s)
        frame.pixels.withUnsafeBufferPointer { px in
            rowSums.withUnsafeMutableBufferPointer { acc in
                red.withUnsafeMutableBufferPointer { r in
                    green.withUnsafeMutableBufferPointer { gr in
                        blue.withUnsafeMutableBufferPointer { b in
                            for by in 0..<cy {
                                for k in 0..<(cx * 3) { acc[k] = 0 }
                                for y in (by * s)..<(by * s + s) {
                                    let row = y * w * ch
                                    if ch == 3 {
                                        for bx in 0..<cx {
                                            var sr: UInt32 = 0, sg: UInt32 = 0, sb: UInt32 = 0
                                            var p = row + bx * s * 3
                                            for _ in 0..<s {
                                                sr &+= UInt32(px[p]); sg &+= UInt32(px[p + 1]); sb &+= UInt32(px[p + 2])
                                                p += 3
                                            }
                                            acc[bx * 3] += Float(sr); acc[bx * 3 + 1] += Float(sg); acc[bx * 3 + 2] += Float(sb)
                                        }
                                    } else {
                                        for bx in 0..<cx {
                                            var sy: UInt32 = 0
                                            var p = row + bx * s
                                            for _ in 0..<s { sy &+= UInt32(px[p]); p += 1 }
                                            acc[bx * 3] += Float(sy)
                                        }
                                    }
                                }
                                for bx in 0..<cx {
                                    let i = by * cx + bx
                                    if ch == 3 {
                                        let rv = acc[bx * 3] * inv, gv = acc[bx * 3 + 1] * inv, bv = acc[bx * 3 + 2] * inv
                                        r[i] = rv; gr[i] = gv; b[i] = bv
                                    } else {
                                        let yv = acc[bx * 3] * inv
                                        r[i] = yv; gr[i] = yv; b[i] = yv
                                    }
                                }
                            }
                        }
                    }
                }
                }
            }
    }

    private mutating func initialiseBackground() {
        for i in 0..<red.count {
            meanR[i] = red[i]; meanG[i] = green[i]; meanB[i] = blue[i]
        }
    }

    /// Marks foreground cells in `mask` and updates the background model.
    ///
    /// The distance of a cell from its background is the mean squared difference over R, G and B
    /// (for grey frames simply the squared grey difference), so a change of colour at equal
    /// brightness still counts.
    private mutating func classifyAndUpdate() {
        let p = parameters
        let warm = framesSeen <= p.warmUpFrames
        let alpha = warm ? max(1 / Float(framesSeen), p.learningRate) : p.learningRate
        let alphaFg = warm ? alpha : alpha * p.foregroundLearningFactor
        let k2 = p.thresholdSigmas * p.thresholdSigmas
        let vMin = p.minSigma * p.minSigma, vMax = p.maxSigma * p.maxSigma
        let shadows = p.suppressShadows && format == .rgb24
        let bLo = p.shadowBrightness.lowerBound, bHi = p.shadowBrightness.upperBound
        let chromaTol = p.shadowChroma
        let n = red.count
        red.withUnsafeBufferPointer { r in
        green.withUnsafeBufferPointer { gr in
        blue.withUnsafeBufferPointer { b in
        variance.withUnsafeMutableBufferPointer { v in
        meanR.withUnsafeMutableBufferPointer { mr in
        meanG.withUnsafeMutableBufferPointer { mg in
        meanB.withUnsafeMutableBufferPointer { mb in
        mask.pixels.withUnsafeMutableBufferPointer { out in
            for i in 0..<n {
                let dr = r[i] - mr[i], dg = gr[i] - mg[i], db = b[i] - mb[i]
                let d2 = (dr * dr + dg * dg + db * db) * (1.0 / 3)
                var fg = d2 > k2 * v[i]
                if fg && shadows {
                    let sum = r[i] + gr[i] + b[i], bsum = mr[i] + mg[i] + mb[i]
                    let ratio = sum / max(bsum, 1)
                    if ratio >= bLo && ratio <= bHi && sum > 15 && bsum > 15 {
                        let cr = abs(r[i] / sum - mr[i] / bsum), cg = abs(gr[i] / sum - mg[i] / bsum)
                        if cr + cg <= chromaTol { fg = false }
                    }
                }
                out[i] = fg ? 1 : 0
                let a = fg ? alphaFg : alpha
                // Only background cells teach the variance: movers would inflate it and hide
                // the next mover.
                if !fg || warm { v[i] = min(max(v[i] + a * (d2 - v[i]), vMin), vMax) }
                mr[i] += a * dr; mg[i] += a * dg; mb[i] += a * db
            }
        }}}}}}}}
    }
}
