import TracklineCore

extension MotionDetector.Parameters {
    /// Every setting `--detector-option` (track) and `--motion` (detect) may change, declared
    /// once; `validate()` adds the checks between settings (min_sigma <= max_sigma, ...).

    /// Sets one setting from `name=value` text (snake_case names of `table`), range-checked.
    public mutating func set(_ assignment: String) throws(ParameterError) {
        let (name, value) = try Self.table.parse(assignment)
        try Self.table.apply([(name, value)], to: &self)
    }

    public static let table = ParameterTable<Self>("motion", [
        .init("scale", .integer, in: 1...16, doc: "Downscale factor: the background is modelled on the mean of each scale x scale block.",
              get: { Double($0.scale) }, set: { $0.scale = Int($1) }),
        .init("learning_rate", in: 0.000001...1, doc: "Weight of the current frame in the running background mean and variance (about 1 / rate frames of memory).",
              get: { Double($0.learningRate) }, set: { $0.learningRate = Float($1) }),
        .init("foreground_learning_factor", in: 0...1, doc: "Multiplier of learning_rate for cells now in the foreground, so people who stop fade slowly.",
              get: { Double($0.foregroundLearningFactor) }, set: { $0.foregroundLearningFactor = Float($1) }),
        .init("threshold_sigmas", in: 0.01...100, doc: "A cell is foreground this many standard deviations from the background mean.",
              get: { Double($0.thresholdSigmas) }, set: { $0.thresholdSigmas = Float($1) }),
        .init("min_sigma", in: 0.01...255, doc: "Floor on a cell's standard deviation, in grey levels (noise below it is never motion).",
              get: { Double($0.minSigma) }, set: { $0.minSigma = Float($1) }),
        .init("max_sigma", in: 0.01...255, doc: "Ceiling on a cell's standard deviation, in grey levels.",
              get: { Double($0.maxSigma) }, set: { $0.maxSigma = Float($1) }),
        .init("initial_sigma", in: 0.01...255, doc: "Standard deviation every cell starts with, in grey levels.",
              get: { Double($0.initialSigma) }, set: { $0.initialSigma = Float($1) }),
        .init("suppress_shadows", .flag, in: 0...1, doc: "Remove cast shadows from the foreground (colour frames only).",
              get: { $0.suppressShadows ? 1 : 0 }, set: { $0.suppressShadows = $1 != 0 }),
        .init("shadow_brightness_min", in: 0...1, doc: "A shadow cell is at least this fraction of the background's brightness...",
              get: { Double($0.shadowBrightnessMin) }, set: { $0.shadowBrightnessMin = Float($1) }),
        .init("shadow_brightness_max", in: 0...1, doc: "...and at most this fraction.",
              get: { Double($0.shadowBrightnessMax) }, set: { $0.shadowBrightnessMax = Float($1) }),
        .init("shadow_chroma", in: 0...2, doc: "Largest chromaticity difference (L1) of a shadow cell from the background.",
              get: { Double($0.shadowChroma) }, set: { $0.shadowChroma = Float($1) }),
        .init("open_radius", .integer, in: 0...32, doc: "Radius in cells of the opening that removes specks (0: off).",
              get: { Double($0.openRadius) }, set: { $0.openRadius = Int($1) }),
        .init("close_radius", .integer, in: 0...32, doc: "Radius in cells of the closing that joins the pieces of one person (0: off).",
              get: { Double($0.closeRadius) }, set: { $0.closeRadius = Int($1) }),
        .init("min_area", in: 0...1e8, doc: "Boxes smaller than this many original pixels are dropped.",
              get: { $0.minArea }, set: { $0.minArea = $1 }),
        .init("max_area_fraction", in: 0...1, doc: "Components covering more of the frame than this come from light changes and are dropped.",
              get: { $0.maxAreaFraction }, set: { $0.maxAreaFraction = $1 }),
        .init("warm_up_frames", .integer, in: 0...100_000, doc: "Frames that only build the background before boxes are reported.",
              get: { Double($0.warmUpFrames) }, set: { $0.warmUpFrames = Int($1) }),
        .init("split_wide_blobs", .flag, in: 0...1, doc: "Cut blobs wider than split_aspect x their height at the valleys of their column profile.",
              get: { $0.splitWideBlobs ? 1 : 0 }, set: { $0.splitWideBlobs = $1 != 0 }),
        .init("split_aspect", in: 0.01...100, doc: "Width / height above which a blob is examined for cutting (an upright person is about 0.4).",
              get: { $0.splitAspect }, set: { $0.splitAspect = $1 }),
        .init("split_valley", in: 0...1, doc: "A column is a valley below this fraction of the blob's fullest column.",
              get: { $0.splitValley }, set: { $0.splitValley = $1 }),
        .init("split_min_width", in: 0...10, doc: "Pieces narrower than this fraction of the blob's height are dropped.",
              get: { $0.splitMinWidth }, set: { $0.splitMinWidth = $1 }),
        .init("ghost_edge_ratio", in: 0...100, doc: "A blob with less edge strength than this fraction of the background's is a ghost and not reported (0: off).",
              get: { Double($0.ghostEdgeRatio) }, set: { $0.ghostEdgeRatio = Float($1) }),
        .init("ghost_frames", .integer, in: 1...255, doc: "Frames under a ghost before a cell's background is replaced.",
              get: { Double($0.ghostFrames) }, set: { $0.ghostFrames = Int($1) }),
        .init("split_by_size", .flag, in: 0...1, doc: "Cut blobs into people of the size learned at their bottom row.",
              get: { $0.splitBySize ? 1 : 0 }, set: { $0.splitBySize = $1 != 0 }),
        .init("size_samples", .integer, in: 1...100_000, doc: "Lone-person blobs learned from before cutting by size.",
              get: { Double($0.sizeSamples) }, set: { $0.sizeSamples = Int($1) }),
        .init("size_aspect_min", in: 0.01...10, doc: "Least width / height of a blob taken as one whole person for learning...",
              get: { $0.sizeAspectMin }, set: { $0.sizeAspectMin = $1 }),
        .init("size_aspect_max", in: 0.01...10, doc: "...and the most.",
              get: { $0.sizeAspectMax }, set: { $0.sizeAspectMax = $1 }),
        .init("size_split_height_slack", in: 0...10, doc: "A blob taller than 1 + this times the expected person is cut.",
              get: { $0.sizeSplitHeightSlack }, set: { $0.sizeSplitHeightSlack = $1 }),
        .init("size_split_width_slack", in: 0...10, doc: "A blob wider than 1 + this times the expected person is cut.",
              get: { $0.sizeSplitWidthSlack }, set: { $0.sizeSplitWidthSlack = $1 }),
        .init("size_split_foot_band", in: 0.001...1, doc: "Fraction of the expected height above a blob's lowest row searched for feet.",
              get: { $0.sizeSplitFootBand }, set: { $0.sizeSplitFootBand = $1 }),
        .init("size_split_minimum_fill", in: 0...1, doc: "Pieces with fewer foreground cells than this fraction of a person's box are dropped.",
              get: { $0.sizeSplitMinimumFill }, set: { $0.sizeSplitMinimumFill = $1 }),
        .init("size_restore_legs", in: 0...1, doc: "A piece shorter than this fraction of a person, head at its top, is extended to a person's height (0: off).",
              get: { $0.sizeRestoreLegs }, set: { $0.sizeRestoreLegs = $1 }),
    ])
}
