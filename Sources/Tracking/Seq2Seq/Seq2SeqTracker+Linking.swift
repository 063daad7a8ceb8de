import SequenceModel
import TracklineCore

/// The tracker's windowed linking stage: reported boxes go through a `TrackletLinker` scored by
/// the model, and come out `linker.delay` frames later with final ids (`releaseFinal`).
extension Seq2SeqTracker {
    /// Frames between a box's report by `update` and its release by `releaseFinal` (0 without linking).
    public var linkDelay: Int { linker?.delay ?? 0 }

    /// Longest gap the linker bridges, in frames.
    var linkGap: Int {
        // The linker decides `gap + probe` frames after a track's last box, when the tracker has
        // dropped it (after `maxLostFrames`), so a closed tracklet never comes back.
        var gap = maxLostFrames
        if let s = configuration.linkSeconds {
            let frames = (min(60, max(0, s)) * configuration.frameRate).rounded()
            gap = max(gap, Int(frames.isFinite ? min(frames, 4096) : 0))
        }
        return gap
    }

    /// Longest gap the default output filter fills, in seconds: filled boxes help static
    /// cameras up to about a second and turn false on a moving camera beyond a fraction of one
    /// (docs/accuracy.md, "Output filter by camera").
    public static let defaultFillSeconds = 1.0

    /// With linking on, the output is `linkDelay` frames late anyway, so it leaves finished:
    /// gaps a track bridges filled linearly up to `defaultFillSeconds` (and at most `linkGap`
    /// frames), and boxes smoothed over 3 frames either side (picked on held-out simulated
    /// sequences, where radius 1-4 gave 49.3 / 49.9 / 50.1 / 50.0 and 45.5 / 46.1 / 46.5 / 46.7
    /// HOTA on the two seeds). Both steps are generic: `--interpolate` and `--smooth` give them
    /// to any tracker.
    public var defaultOutputFilter: OutputFilter {
        guard configuration.linkMinProbability > 0 else { return .none }
        let fill = (Self.defaultFillSeconds * configuration.frameRate).rounded()
        return OutputFilter(interpolate: min(linkGap, max(1, Int(fill.isFinite ? min(fill, 4096) : 1))), smooth: 3)
    }

    /// Builds the linker at the first frame, from the configuration then in force.
    mutating func setUpLinker() {
        guard configuration.linkMinProbability > 0 else { linker = nil; return }
        let gap = linkGap
        linker = TrackletLinker(configuration: .init(maxGap: gap, minProbability: configuration.linkMinProbability,
                                                     history: model.config.history, splitIoU: configuration.linkSplitIoU))
        linkScorer = ModelLinkScorer(model: model)
    }

    mutating func feedLinker(frame: Int, boxes: [TrackedBox]) {
        linkObservations.removeAll(keepingCapacity: true)
        // Track index by id (ids are unique; 0 = not reported yet), so the lookups below are
        // O(tracks) a frame rather than O(tracks x boxes).
        trackIndexByID.removeAll(keepingCapacity: true)
        for (i, t) in tracks.enumerated() where t.id != 0 && trackIndexByID[t.id] == nil { trackIndexByID[t.id] = i }
        for b in boxes {
            // The detection behind each reported box is its track's newest observation.
            guard let i = trackIndexByID[b.trackID], let o = tracks[i].history.last else { continue }
            linkObservations.append(o)
        }
        guard linkObservations.count == boxes.count, var scorer = linkScorer else { return }
        linkScorer = nil  // moved out while in use, so its buffers are not copied
        let released = linker?.push(frame: frame, boxes: boxes, observations: linkObservations, scorer: &scorer) ?? []
        linkScorer = scorer
        takeReleased(released)
    }

    mutating func flushLinker() {
        guard var scorer = linkScorer else { return }
        linkScorer = nil
        let released = linker?.flush(scorer: &scorer) ?? []
        linkScorer = scorer
        takeReleased(released)
    }

    private mutating func takeReleased(_ frames: [(frame: Int, boxes: [TrackedBox])]) {
        for f in frames { recorder.record(f.boxes) }
        // Queued only for a caller that drains them (`releaseFinal`), so a caller that only
        // reads `finish()` does not pile up frames twice.
        if queuesFinalFrames { finalFrames.append(contentsOf: frames) }
    }

    /// With linking on: the frames whose ids became final since the last call (see
    /// `Tracker.releaseFinal`); without linking: nil, `update`'s boxes are final.
    public mutating func releaseFinal(flush: Bool) -> [(frame: Int, boxes: [TrackedBox])]? {
        guard linker != nil || configuration.linkMinProbability > 0 && firstFrame == nil else { return nil }
        queuesFinalFrames = true
        if flush && linker != nil { flushLinker() }
        defer { finalFrames.removeAll(keepingCapacity: true) }
        return finalFrames
    }
}
