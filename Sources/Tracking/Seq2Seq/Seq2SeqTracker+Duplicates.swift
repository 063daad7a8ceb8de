import TracklineCore

extension Seq2SeqTracker {
    /// Finds this frame's swaps (see `Configuration.duplicateIoU`) and merges each pair that
    /// has swapped `duplicateSwaps` times in a row: the younger track ends, the older takes the
    /// box. Runs after all matching, before unmatched tracks go lost.
    mutating func mergeDuplicates(frame: Int, iou: Double, trackMatched: inout [Bool]) {
        let needed = max(1, configuration.duplicateSwaps)
        for t in tracks.indices where !trackMatched[t] && tracks[t].state == .confirmed && tracks[t].lastFrame == frame - 1 {
            let box = tracks[t].history[tracks[t].history.count - 1].box
            for u in tracks.indices where trackMatched[u] && tracks[u].state == .confirmed {
                let h = tracks[u].history
                // The box changed hands: u missed the frame t had it.
                guard h[h.count - 1].box.iou(box) >= iou, h.count < 2 || h[h.count - 2].frame < frame - 1 else { continue }
                let again = tracks[t].swapPartner == tracks[u].key && frame - tracks[t].lastSwap <= maxLostFrames
                let count = again ? tracks[t].swaps + 1 : 1
                tracks[t].swapPartner = tracks[u].key; tracks[t].swaps = count; tracks[t].lastSwap = frame
                tracks[u].swapPartner = tracks[t].key; tracks[u].swaps = count; tracks[u].lastSwap = frame
                guard count >= needed else { break }
                if tracks[t].key < tracks[u].key {
                    // t is older: it keeps its identity and takes the box u took.
                    tracks[u].state = .removed
                    trackMatched[t] = true
                    absorb(h[h.count - 1], into: t)
                } else {
                    tracks[t].state = .removed
                }
                break
            }
        }
    }
}
