import TracklineCore

/// Interpolation over a stream: takes each frame's boxes as they come (frames increasing) and
/// releases whole frames, gaps of at most `maxGap` filled, once no later box can add to them.
/// Holds `maxGap + 1` frames and one last box per recently seen id: memory does not grow with
/// the stream's length.
public struct StreamingGapFiller: Sendable {
    public let maxGap: Int
    private var last: [Int: TrackedBox] = [:]
    private var pending: [Int: [TrackedBox]] = [:]  // frame -> boxes not yet released
    private var pendingFrames: [Int] = []  // increasing

    public init(maxGap: Int) { self.maxGap = max(0, maxGap) }

    /// Adds the boxes of `frame` and returns the frames that became final, each sorted by id.
    public mutating func push(frame: Int, boxes: [TrackedBox]) -> [(frame: Int, boxes: [TrackedBox])] {
        if pending[frame] == nil { pending[frame] = []; pendingFrames.append(frame) }
        for b in boxes {
            if let a = last[b.trackID] {
                for fill in Interpolation.between(a, b, maxGap: maxGap) where pending[fill.frame] != nil {
                    pending[fill.frame, default: []].append(fill)
                }
            }
            last[b.trackID] = b
            pending[frame, default: []].append(b)
        }
        // Forget ids too old to be bridged.
        if last.count > 64 { last = last.filter { frame - $0.value.frame <= maxGap + 1 } }
        var out: [(frame: Int, boxes: [TrackedBox])] = []
        while let f = pendingFrames.first, frame - f >= maxGap {
            pendingFrames.removeFirst()
            out.append((f, (pending.removeValue(forKey: f) ?? []).sorted { $0.trackID < $1.trackID }))
        }
        return out
    }

    /// Releases everything still held.
    public mutating func flush() -> [(frame: Int, boxes: [TrackedBox])] {
        let out = pendingFrames.map { f in (frame: f, boxes: (pending[f] ?? []).sorted { $0.trackID < $1.trackID }) }
        pending = [:]; pendingFrames = []; last = [:]
        return out
    }
}
