extension ByteTrack.Configuration {
    /// Parameter names accepted by `set(_:to:)` (the CLI's `--tracker-option name=value`).
    public static let optionNames = [
        "track_thresh", "low_thresh", "new_track_thresh", "match_thresh", "low_match_thresh",
        "unconfirmed_match_thresh", "track_buffer", "fuse_score", "appearance_thresh",
        "proximity_thresh", "feature_momentum", "appearance_weight",
    ]

    /// Largest `track_buffer` accepted (frames at 30 fps; ~9 hours).
    public static let maxTrackBuffer = 1_000_000

    /// Why `value` is not acceptable for the named parameter, or nil when it is (or the name
    /// is unknown). `set` clamps instead, so library callers cannot trap either.
    public static func problem(_ name: String, _ value: Double) -> String? {
        guard value.isFinite else { return "\(name) must be a finite number" }
        if name == "track_buffer", Int(exactly: value).map({ (0...maxTrackBuffer).contains($0) }) != true {
            return "track_buffer must be a whole number of frames in 0...\(maxTrackBuffer), not \(value)"
        }
        return nil
    }

    /// Sets one parameter by its ByteTrack-style name; false for an unknown name.
    public mutating func set(_ name: String, to value: Double) -> Bool {
        switch name {
        case "track_thresh": trackThreshold = value
        case "low_thresh": lowThreshold = value
        case "new_track_thresh": newTrackThreshold = value
        case "match_thresh": matchThreshold = value
        case "low_match_thresh": lowMatchThreshold = value
        case "unconfirmed_match_thresh": unconfirmedMatchThreshold = value
        case "track_buffer": trackBuffer = Int(max(0, min(Double(Self.maxTrackBuffer), value.isNaN ? 0 : value)).rounded())
        case "fuse_score": fuseScore = value != 0
        case "appearance_thresh": appearanceThreshold = value
        case "proximity_thresh": proximityThreshold = value
        case "feature_momentum": featureMomentum = Float(value)
        case "appearance_weight": appearanceWeight = value
        default: return false
        }
        return true
    }
}
