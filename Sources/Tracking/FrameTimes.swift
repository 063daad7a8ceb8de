/// The presentation time of each frame a `TrackingSession` has processed but not yet written,
/// so rows written later (a windowed tracker's final boxes, gap fills) carry their frame's true
/// time. Entries are dropped as rows are written in increasing frame order: it holds as many
/// frames as the output lags.
struct FrameTimes: Sendable {
    /// Frames per second, for frames without a recorded time.
    let frameRate: Double
    private var entries: [(frame: Int, time: Double)] = []
    private var head = 0
    private var previous: (frame: Int, time: Double)?

    init(frameRate: Double) { self.frameRate = frameRate }

    /// Records the time of `frame` (frames increasing).
    mutating func record(frame: Int, time: Double) {
        if head > 64 && head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
        entries.append((frame, time))
    }

    /// The time of `frame` in seconds (frames asked in increasing order). A frame never
    /// recorded (lost to damage) gets a time interpolated between its recorded neighbours, or
    /// extrapolated at `frameRate`; with nothing recorded, `(frame - 1) / frameRate`.
    mutating func time(of frame: Int) -> Double {
        while head < entries.count, entries[head].frame < frame {
            previous = entries[head]
            head += 1
        }
        if head < entries.count, entries[head].frame == frame { return entries[head].time }
        let next = head < entries.count ? entries[head] : nil
        switch (previous, next) {
        case let (p?, n?):
            return p.time + (n.time - p.time) * Double(frame - p.frame) / Double(n.frame - p.frame)
        case let (p?, nil):
            return p.time + Double(frame - p.frame) / frameRate
        case let (nil, n?):
            return n.time - Double(n.frame - frame) / frameRate
        case (nil, nil):
            return Double(frame - 1) / frameRate
        }
    }
}
