import Media

/// The span of source time a run covered, from its frames' presentation times (constant
/// memory): first and last time, frames seen.
struct SourceTimes {
    private var first: Double?
    private var last = 0.0
    private var frames = 0
    private var timed = true

    mutating func add(_ frame: Frame, timed: Bool) {
        frames += 1
        self.timed = self.timed && timed
        if first == nil { first = frame.timestamp }
        last = frame.timestamp
    }

    /// Seconds from the first frame to the last plus one mean frame interval; frames /
    /// `frameRate` for frames without times.
    func seconds(frameRate: Double) -> Double {
        guard frames > 0 else { return 0 }
        guard timed, let first, last > first, frames > 1 else { return Double(frames) / (frameRate > 0 ? frameRate : 30) }
        return (last - first) * Double(frames) / Double(frames - 1)
    }
}
