extension MotionDetector.Parameters {
    /// Names accepted by `set(_:to:)`, i.e. the stored properties of `Parameters`.
    public static let settingNames = [
        "scale", "learningRate", "foregroundLearningFactor", "thresholdSigmas", "minSigma", "maxSigma",
        "initialSigma", "suppressShadows", "shadowBrightnessMin", "shadowBrightnessMax", "shadowChroma",
        "openRadius", "closeRadius", "minArea", "maxAreaFraction", "warmUpFrames",
        "splitWideBlobs", "splitAspect", "splitValley", "splitMinWidth",
        "ghostEdgeRatio", "ghostFrames", "splitBySize", "sizeSamples", "sizeAspectMin", "sizeAspectMax", "sizeSplitHeightSlack",
        "sizeSplitWidthSlack", "sizeSplitFootBand", "sizeSplitMinimumFill", "sizeRestoreLegs",
    ]

    /// Sets one parameter from text, as given on the command line (`name=value`).
    public mutating func set(_ name: String, to text: String) throws {
        func bad() -> DetectionError {
            .invalidParameter("motion detector: '\(text)' is not a valid value for \(name)")
        }
        func int() throws -> Int { guard let v = Int(text) else { throw bad() }; return v }
        func float() throws -> Float { guard let v = Float(text), v.isFinite else { throw bad() }; return v }
        switch name {
        case "scale": scale = try int()
        case "learningRate": learningRate = try float()
        case "foregroundLearningFactor": foregroundLearningFactor = try float()
        case "thresholdSigmas": thresholdSigmas = try float()
        case "minSigma": minSigma = try float()
        case "maxSigma": maxSigma = try float()
        case "initialSigma": initialSigma = try float()
        case "suppressShadows":
            guard let v = Bool(text) else { throw bad() }
            suppressShadows = v
        case "shadowBrightnessMin":
            let v = try float()
            guard v <= shadowBrightness.upperBound else { throw bad() }
            shadowBrightness = v...shadowBrightness.upperBound
        case "shadowBrightnessMax":
            let v = try float()
            guard v >= shadowBrightness.lowerBound else { throw bad() }
            shadowBrightness = shadowBrightness.lowerBound...v
        case "shadowChroma": shadowChroma = try float()
        case "openRadius": openRadius = try int()
        case "closeRadius": closeRadius = try int()
        case "minArea": minArea = Double(try float())
        case "maxAreaFraction": maxAreaFraction = Double(try float())
        case "warmUpFrames": warmUpFrames = try int()
        case "splitWideBlobs":
            guard let v = Bool(text) else { throw bad() }
            splitWideBlobs = v
        case "splitAspect": splitAspect = Double(try float())
        case "splitValley": splitValley = Double(try float())
        case "splitMinWidth": splitMinWidth = Double(try float())
        case "ghostEdgeRatio": ghostEdgeRatio = try float()
        case "ghostFrames": ghostFrames = try int()
        case "splitBySize":
            guard let v = Bool(text) else { throw bad() }
            splitBySize = v
        case "sizeSamples": sizeSamples = try int()
        case "sizeAspectMin":
            let v = Double(try float())
            guard v <= sizeAspect.upperBound else { throw bad() }
            sizeAspect = v...sizeAspect.upperBound
        case "sizeAspectMax":
            let v = Double(try float())
            guard v >= sizeAspect.lowerBound else { throw bad() }
            sizeAspect = sizeAspect.lowerBound...v
        case "sizeSplitHeightSlack": sizeSplitHeightSlack = Double(try float())
        case "sizeSplitWidthSlack": sizeSplitWidthSlack = Double(try float())
        case "sizeRestoreLegs": sizeRestoreLegs = Double(try float())
        case "sizeSplitFootBand": sizeSplitFootBand = Double(try float())
        case "sizeSplitMinimumFill": sizeSplitMinimumFill = Double(try float())
        default:
            throw DetectionError.invalidParameter(
                "motion detector has no parameter '\(name)'; known: \(Self.settingNames.joined(separator: ", "))")
        }
    }
}
