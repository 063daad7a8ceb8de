/// Defaults that depend on more than one choice, in one place.
public enum Presets {
    /// Tracker parameters for the detector in use (nil: boxes from a file, which keep the
    /// trackers' own defaults, tuned on the MOTChallenge public detections).
    ///
    /// Detectors score on their own scales: the public Faster R-CNN detections score high
    /// (median 0.97), SSDLite's spread lower (median 0.76), the motion detector's (foreground
    /// fraction) sit between 0.3 and 0.75. ByteTrack's thresholds follow, and seq2seq takes the
    /// same birth threshold; seq2seq also drops its Kalman cue for the motion detector's blobs,
    /// whose boxes jump as blobs merge and split (SSDLite's boxes keep it).
    /// docs/benchmarks.md gives the measurements.
    public static func trackerParameters(tracker: String, detector: DetectorKind?) -> [String: Double] {
        guard let detector, ["bytetrack", "seq2seq"].contains(tracker) else { return [:] }
        switch detector {
        case .ssdlite: return ["track_thresh": 0.5, "new_track_thresh": 0.6]
        case .motion:
            let extra: [String: Double] = tracker == "seq2seq" ? ["kalman_weight": 0] : [:]
            return extra.merging(["track_thresh": 0.3, "new_track_thresh": 0.4]) { $1 }
        }
    }

    /// Whether boxes get colour-histogram appearance vectors when the job does not say: with a
    /// video, for seq2seq (it has weights trained with them); docs/seq2seq.md has the numbers.
    public static func appearance(tracker: String, hasVideo: Bool) -> Bool {
        hasVideo && tracker == "seq2seq"
    }
}
