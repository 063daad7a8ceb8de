extension MotionDetector {
    /// Every setting of the motion detector, with its default.
    ///
    /// Units: "cells" are pixels of the downscaled image (`scale x scale` blocks of the frame);
    /// grey levels are 0-255; areas of boxes are in original-frame pixels.
    public struct Parameters: Sendable, Equatable {
        /// Downscale factor. The background is modelled on the mean of each `scale x scale` block
        /// of the frame, which removes pixel noise and divides the work by `scale²`. Default 2
        /// (at 4, heads and legs of 30-pixel-wide people vanish in the opening).
        public var scale: Int = 2
        /// Weight of the current frame in the running background mean and variance (per frame,
        /// 0-1): about `1 / learningRate` frames of memory. Default 0.01.
        public var learningRate: Float = 0.01
        /// Multiplier of `learningRate` for cells currently classified as foreground, so people
        /// who stop are absorbed into the background slowly instead of at once. Default 0.1.
        public var foregroundLearningFactor: Float = 0.1
        /// A cell is foreground when its colour is more than this many standard deviations from
        /// the background mean (root mean square over R, G, B). Default 2.
        public var thresholdSigmas: Float = 2
        /// Floor on the per-cell standard deviation, in grey levels: compression noise and
        /// flicker below this never count as motion. Default 6.
        public var minSigma: Float = 6
        /// Ceiling on the per-cell standard deviation, in grey levels, so cells that were busy
        /// (trees, passers-by) still detect strong changes. Default 40.
        public var maxSigma: Float = 40
        /// Standard deviation every cell starts with, in grey levels. Default 15.
        public var initialSigma: Float = 15
        /// Remove cast shadows from the foreground. Needs colour (`rgb24` frames); ignored for
        /// `gray8`. Default true.
        public var suppressShadows: Bool = true
        /// A foreground cell is shadow when its brightness divided by the background's lies in
        /// `shadowBrightnessMin...shadowBrightnessMax` (darker, but not black)... Default 0.45...0.92.
        public var shadowBrightnessMin: Float = 0.45
        public var shadowBrightnessMax: Float = 0.92
        public var shadowBrightness: ClosedRange<Float> { shadowBrightnessMin...max(shadowBrightnessMin, shadowBrightnessMax) }
        /// ...and its chromaticity `(r, g) = (R, G) / (R + G + B)` differs from the background's
        /// by at most this much (L1 distance). Default 0.04.
        public var shadowChroma: Float = 0.04
        /// Radius, in cells, of the square opening that removes isolated foreground specks;
        /// 0 turns it off. Default 1 (3x3).
        public var openRadius: Int = 1
        /// Radius, in cells, of the square closing that joins the pieces of one person; 0 turns
        /// it off. Default 1 (3x3); larger merges neighbouring people.
        public var closeRadius: Int = 1
        /// Boxes smaller than this many original pixels are dropped. Default 600.
        public var minArea: Double = 600
        /// Components covering more than this fraction of the frame are dropped: they come from
        /// global light changes or camera motion, not movers. Default 0.25.
        public var maxAreaFraction: Double = 0.25
        /// Cut blobs wider than `splitAspect` times their height at the valleys of their column
        /// profile, to separate people walking side by side. Default true.
        public var splitWideBlobs: Bool = true
        /// Width / height above which a blob is examined for splitting (an upright person is
        /// about 0.4). Default 0.55.
        public var splitAspect: Double = 0.55
        /// A column is a valley when it holds fewer foreground cells than this fraction of the
        /// blob's fullest column. Default 0.5.
        public var splitValley: Double = 0.5
        /// Pieces narrower than this fraction of the blob's height are dropped. Default 0.15.
        public var splitMinWidth: Double = 0.15
        /// A blob whose outline has less than this fraction of the edge strength in the frame
        /// that it has in the background mean is a ghost (something that stood there while the
        /// background was learned and has left): it is not reported and the frame replaces the
        /// background under it. 0 turns the test off. Default 0.7.
        public var ghostEdgeRatio: Float = 1
        /// Frames in a row a cell must lie under a ghost before the frame replaces its
        /// background (1-255). Default 5.
        public var ghostFrames: Int = 5
        /// Cut blobs into people of the size expected at their bottom row, peeling the nearest
        /// (lowest) person first; this separates people side by side, overlapping, or one in
        /// front of the other. The expected size is learned from lone-person blobs; until
        /// `sizeSamples` were seen, blobs are cut only at column valleys (`splitWideBlobs`).
        /// Default true.
        public var splitBySize: Bool = true
        /// Lone-person blobs to learn from before cutting by size. Default 8.
        public var sizeSamples: Int = 8
        /// Width / height range of the blobs taken as one whole person for learning (they must
        /// also not touch the frame edge and be at least `minArea`). Default 0.3...0.48.
        public var sizeAspectMin: Double = 0.3
        public var sizeAspectMax: Double = 0.48
        public var sizeAspect: ClosedRange<Double> { sizeAspectMin...max(sizeAspectMin, sizeAspectMax) }
        /// A blob taller than `1 + sizeSplitHeightSlack` times the expected person is cut.
        /// Default 0.25 (people at one foot row differ by about +-15 % in height).
        public var sizeSplitHeightSlack: Double = 0.25
        /// A blob wider than `1 + sizeSplitWidthSlack` times the expected person is cut.
        /// Default 0.4 (0.3 finds a few more people on the synthetic clips but switches more
        /// identities downstream).
        public var sizeSplitWidthSlack: Double = 0.4
        /// Feet are looked for in this fraction of the expected height above a blob's lowest
        /// row; small, so the feet of someone a little farther away are left out. Default 0.1.
        public var sizeSplitFootBand: Double = 0.1
        /// Once the size model is ready, a piece (at least `minArea`, at least a third of a
        /// person tall) shorter than this fraction of a person whose head is at its top row is
        /// taken to have lost its legs to the background, and is extended down to that
        /// person's height; 0 turns this off. Default 0.75.
        public var sizeRestoreLegs: Double = 0.75
        /// Pieces with fewer foreground cells than this fraction of an expected person's box are
        /// dropped. Default 0.15.
        public var sizeSplitMinimumFill: Double = 0.15
        /// Frames used only to build the background before detections are reported; during
        /// them the learning rate is `max(1 / n, learningRate)` on frame n. Default 20.
        public var warmUpFrames: Int = 20

        public init() {}

        /// Throws when a setting is out of range.
        public func validate() throws {
            func bad(_ s: String) -> DetectionError { .invalidParameter("motion detector: \(s)") }
            if scale < 1 { throw bad("scale must be >= 1, got \(scale)") }
            if !(learningRate > 0 && learningRate <= 1) { throw bad("learningRate must be in (0, 1], got \(learningRate)") }
            if !(foregroundLearningFactor >= 0 && foregroundLearningFactor <= 1) {
                throw bad("foregroundLearningFactor must be in [0, 1], got \(foregroundLearningFactor)")
            }
            if !(thresholdSigmas > 0) { throw bad("thresholdSigmas must be > 0, got \(thresholdSigmas)") }
            if !(minSigma > 0 && minSigma <= maxSigma) { throw bad("need 0 < minSigma <= maxSigma, got \(minSigma), \(maxSigma)") }
            if !(initialSigma > 0) { throw bad("initialSigma must be > 0, got \(initialSigma)") }
            if openRadius < 0 || closeRadius < 0 { throw bad("morphology radii must be >= 0") }
            if !(minArea >= 0) { throw bad("minArea must be >= 0, got \(minArea)") }
            if warmUpFrames < 0 { throw bad("warmUpFrames must be >= 0, got \(warmUpFrames)") }
            if !(splitAspect > 0) { throw bad("splitAspect must be > 0, got \(splitAspect)") }
            if !(splitValley >= 0 && splitValley <= 1) { throw bad("splitValley must be in [0, 1], got \(splitValley)") }
            if ghostFrames < 1 || ghostFrames > 255 { throw bad("ghostFrames must be in 1...255, got \(ghostFrames)") }
            if !(ghostEdgeRatio >= 0) { throw bad("ghostEdgeRatio must be >= 0, got \(ghostEdgeRatio)") }
            if sizeSamples < 1 { throw bad("sizeSamples must be >= 1, got \(sizeSamples)") }
            if !(sizeAspectMin > 0 && sizeAspectMin <= sizeAspectMax) {
                throw bad("need 0 < size_aspect_min <= size_aspect_max, got \(sizeAspectMin), \(sizeAspectMax)")
            }
            if !(shadowBrightnessMin >= 0 && shadowBrightnessMin <= shadowBrightnessMax) {
                throw bad("need 0 <= shadow_brightness_min <= shadow_brightness_max, got \(shadowBrightnessMin), \(shadowBrightnessMax)")
            }
            for p in Self.table.parameters {
                if let v = p.value(in: self), let problem = p.problem(v) { throw bad(problem) }
            }
            if !(sizeSplitHeightSlack >= 0) { throw bad("sizeSplitHeightSlack must be >= 0, got \(sizeSplitHeightSlack)") }
            if !(sizeSplitWidthSlack >= 0) { throw bad("sizeSplitWidthSlack must be >= 0, got \(sizeSplitWidthSlack)") }
            if !(sizeRestoreLegs >= 0 && sizeRestoreLegs <= 1) {
                throw bad("sizeRestoreLegs must be in [0, 1], got \(sizeRestoreLegs)")
            }
            if !(sizeSplitFootBand > 0 && sizeSplitFootBand <= 1) {
                throw bad("sizeSplitFootBand must be in (0, 1], got \(sizeSplitFootBand)")
            }
            if !(sizeSplitMinimumFill >= 0 && sizeSplitMinimumFill <= 1) {
                throw bad("sizeSplitMinimumFill must be in [0, 1], got \(sizeSplitMinimumFill)")
            }
            if !(splitMinWidth >= 0) { throw bad("splitMinWidth must be >= 0, got \(splitMinWidth)") }
        }
    }
}
