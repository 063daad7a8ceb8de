import TracklineCore

/// `Smoothing` over a stream: takes whole frames as they become final (frames increasing) and
/// releases each frame, smoothed, once the frames up to `radius` later have arrived. Holds
/// `2 * radius + 1` frames: memory does not grow with the stream's length. Gives the same boxes
/// as `Smoothing.apply` on the finished trajectories.
public struct StreamingSmoother: Sendable {
    public let radius: Int
    /// Frames not yet released, after up to `radius` released ones kept as context.
    private var held: [(frame: Int, boxes: [TrackedBox])] = []
    private var released = 0
    private var neighbours: [TrackedBox] = []

    public init(radius: Int) { self.radius = max(0, radius) }

    /// Adds final frames and returns the frames that became smoothed, in order.
    public mutating func push(_ frames: [(frame: Int, boxes: [TrackedBox])]) -> [(frame: Int, boxes: [TrackedBox])] {
        guard radius > 0 else { return frames }
        var out: [(frame: Int, boxes: [TrackedBox])] = []
        for f in frames {
            held.append(f)
            while released < held.count, held[released].frame <= f.frame - radius {
                out.append(smoothed(released))
                released += 1
            }
            let next = released < held.count ? held[released].frame : f.frame + 1
            var drop = 0
            while drop < released && held[drop].frame < next - radius { drop += 1 }
            if drop > 0 { held.removeFirst(drop); released -= drop }
        }
        return out
    }

    /// Releases everything still held (end of stream).
    public mutating func flush() -> [(frame: Int, boxes: [TrackedBox])] {
        var out: [(frame: Int, boxes: [TrackedBox])] = []
        while released < held.count {
            out.append(smoothed(released))
            released += 1
        }
        held = []
        released = 0
        return out
    }

    private mutating func smoothed(_ i: Int) -> (frame: Int, boxes: [TrackedBox]) {
        let f = held[i].frame
        var boxes = held[i].boxes
        for k in boxes.indices {
            neighbours.removeAll(keepingCapacity: true)
            for j in held.indices where abs(held[j].frame - f) <= radius {
                for b in held[j].boxes where b.trackID == boxes[k].trackID { neighbours.append(b) }
            }
            boxes[k].box = Smoothing.mean(neighbours)
        }
        return (f, boxes)
    }
}
