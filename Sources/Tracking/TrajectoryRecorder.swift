import TracklineCore

/// Collects reported boxes per track id for `Tracker.finish`.
struct TrajectoryRecorder: Sendable {
    var enabled = true
    private var boxesByID: [Int: [TrackedBox]] = [:]

    mutating func record(_ boxes: [TrackedBox]) {
        guard enabled else { return }
        for b in boxes { boxesByID[b.trackID, default: []].append(b) }
    }

    /// All trajectories sorted by id; empties the recorder.
    mutating func drain() -> [Trajectory] {
        let out = boxesByID.keys.sorted().map { Trajectory(id: $0, boxes: boxesByID[$0] ?? []) }
        boxesByID = [:]
        return out
    }
}
