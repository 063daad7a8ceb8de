import Foundation
#if os(Linux)
import Glibc
#endif
import SequenceModel
import TracklineCore

/// The learned tracker: a `Seq2SeqModel` scores, for every live track, each nearby detection of
/// the frame and the option "missed"; a linear assignment on the negative log-probabilities
/// links them. The lifecycle follows ByteTrack: tracks are born tentative from confident
/// unmatched detections, confirmed by a second match, kept as lost for a while, then removed.
/// Low-score detections need no separate stage: they are candidates too, and the model weighs
/// their score with the track's motion.
///
/// Reported boxes are the track's Kalman state (cx, cy, a, h) after the update, like ByteTrack.
public struct Seq2SeqTracker: Tracker {
    /// Every setting; `Configuration.parameters` declares the ones `--tracker-option` sets,
    /// with their ranges. docs/seq2seq.md gives the measurements behind each default.
    public struct Configuration: Sendable, Equatable {
        /// Detections below this score are ignored.
        public var lowThreshold: Double = 0.1
        /// Minimum score of an unmatched detection to start a track.
        public var newTrackThreshold: Double = 0.9
        /// A match needs at least this model probability.
        public var minProbability: Double = 0.05
        /// Seconds a lost track stays matchable (bounded by the model's `maxAge` in frames).
        public var lostSeconds: Double = 2
        /// Frames per second of the source.
        public var frameRate: Double = 30
        /// Second stage, as in ByteTrack: tracks the model left unmatched may still take a
        /// leftover detection overlapping their Kalman prediction by at least this IoU
        /// (0 turns the stage off). Catches re-appearances after gaps longer than the model saw.
        public var fallbackIoU: Double = 0.5
        /// Candidate gate growth per frame since a track's last observation, in track heights
        /// (nil = the value the model was trained with). See `Seq2SeqConfig.gateGrowth`.
        public var gateGrowth: Double?
        /// Weight of the Kalman cue fused into the model's cost: each (track, candidate) pays
        /// `kalmanWeight * (1 - IoU(Kalman prediction, candidate))` on top of `-log p`, in nats.
        /// The model was trained on independent jitter; real detectors' boxes drift smoothly,
        /// which the Kalman filter follows. The motion detector's boxes jump as blobs merge
        /// and split, so its preset sets 0.
        public var kalmanWeight: Double = 2
        /// Added to the cost of leaving a track unmatched (its "missed" column, `-log p(missed)`),
        /// in nats. The model's odds are right per sample, but for tracking a wrong "missed" is
        /// dearer than a wrong match: the track loses the frame and its box may start a new
        /// identity; 0 is the model's own decision.
        public var missCost: Double = 2
        /// Use appearance features when the model has an appearance branch.
        public var useAppearance: Bool = true
        /// Tracklet linking (see `TrackletLinker`): an ended track and a track born at most
        /// `lostSeconds` later are joined when the model's two-way link probability reaches
        /// this; 0 turns linking off (ids are then final as `update` reports them).
        public var linkMinProbability: Double = 0.01
        /// Longest gap linked, in seconds (nil = `lostSeconds`); the output lags this much.
        public var linkSeconds: Double?
        /// Cut tracks where their boxes start or stop overlapping another's by this IoU and let
        /// the linker rejoin the pieces (0 = off). See `TrackletLinker.Configuration.splitIoU`.
        public var linkSplitIoU: Double = 0
        /// With linking on, also report the first box of a track born tentative (its birth
        /// detection, one frame before it was confirmed).
        public var reportBirths: Bool = false
        /// Duplicate tracks. With appearance vectors two tracks can hold one person and take
        /// the box in turns, frame after frame; gap filling then draws both. A *swap* is a frame
        /// where a confirmed track takes a box that overlaps, by at least this IoU, the box another
        /// confirmed track had the frame before, while that track is left unmatched and the taker
        /// was unmatched the frame before. When the same two tracks have swapped
        /// `duplicateSwaps` times, each within `lostSeconds` of the last, the younger one ends
        /// and the older one takes the box. 0 = off; nil = 0.7 when appearance vectors are in
        /// use (`useAppearance` and weights with an appearance branch), else off. One swap alone
        /// also happens when one person walks behind another, hence more than one.
        public var duplicateIoU: Double?
        /// Swaps of one pair of tracks before the younger ends (see `duplicateIoU`), 1 or more.
        public var duplicateSwaps: Int = 2

        public init(frameRate: Double = 30, useAppearance: Bool = true) {
            self.frameRate = frameRate
            self.useAppearance = useAppearance
        }
    }

    struct Track {
        var id = 0
        var history: [Observation]
        var kf: XYAHKalman
        var state: TrackState
        var hits: Int
        /// Birth order (smaller is older), for `mergeDuplicates`.
        var key = 0
        /// The track this one last swapped a box with (its `key`), how many times in a row, when.
        var swapPartner = -1
        var swaps = 0
        var lastSwap = Int.min / 2
        var lastFrame: Int { history[history.count - 1].frame }
    }

    public var configuration: Configuration
    public var recordsHistory: Bool {
        get { recorder.enabled }
        set { recorder.enabled = newValue }
    }

    let model: Seq2SeqModel
    var tracks: [Track] = []
    var nextID = 1
    var nextKey = 1
    var firstFrame: Int?
    var recorder = TrajectoryRecorder()
    var batch: AssociationBatch
    var inference: Seq2SeqInference
    // Per-frame buffers, reused.
    var observations: [Observation] = []
    var detectionIndex: [Int] = []
    var histories: [[Observation]] = []
    var rows: [Int] = []
    var logProbabilities: [Float] = []
    var forecasts: [BoundingBox] = []
    var cost: [Double] = []
    var solver = LinearAssignment()
    var fallbackMatcher = GatedAssignment()
    // Tracklet linking (Seq2SeqTracker+Linking.swift).
    var linker: TrackletLinker?
    var linkScorer: ModelLinkScorer?
    var linkObservations: [Observation] = []
    var trackIndexByID: [Int: Int] = [:]
    var finalFrames: [(frame: Int, boxes: [TrackedBox])] = []
    var queuesFinalFrames = false

    /// A tracker over a loaded model.
    public init(model: Seq2SeqModel, configuration: Configuration = Configuration()) {
        self.model = model
        self.configuration = configuration
        var gate = model.config
        if let g = configuration.gateGrowth { gate.gateGrowth = g }
        self.batch = AssociationBatch(config: gate)
        self.inference = Seq2SeqInference(model: model)
    }

    /// Frames a lost track is kept.
    var maxLostFrames: Int {
        // Clamped in Double first: a huge time or rate must not trap the conversion to Int.
        let frames = (configuration.lostSeconds * configuration.frameRate).rounded()
        let cap = Double(model.config.maxAge - 1)
        return max(1, Int(frames.isNaN ? 1 : min(cap, max(1, frames))))
    }

    public mutating func update(frame: Int, detections: [Detection]) -> [TrackedBox] {
        if firstFrame == nil { firstFrame = frame; setUpLinker() }
        let cfg = configuration
        let useFeature = cfg.useAppearance && model.config.appearanceDim > 0
        observations.removeAll(keepingCapacity: true)
        detectionIndex.removeAll(keepingCapacity: true)
        for (i, d) in detections.enumerated() {
            guard d.box.width > 0, d.box.height > 0, d.box.x.isFinite, d.box.y.isFinite,
                  Double(d.score) > cfg.lowThreshold else { continue }
            observations.append(Observation(frame: frame, box: d.box, score: d.score, feature: useFeature ? d.feature : []))
            detectionIndex.append(i)
        }
        let D = observations.count, T = tracks.count
        var detectionUsed = [Bool](repeating: false, count: D)
        var trackMatched = [Bool](repeating: false, count: T)

        if T > 0 && D > 0 {
            histories.removeAll(keepingCapacity: true)
            for t in tracks { histories.append(t.history) }
            batch.build(histories: histories, frame: frame, detections: observations, compact: true)
            // Tracks without any gated candidate are missed for sure: leave them out of the model.
            rows.removeAll(keepingCapacity: true)
            for t in 0..<T where batch.candidateCount(t) > 0 { rows.append(t) }
            if rows.count < T {
                histories.removeAll(keepingCapacity: true)
                for t in rows { histories.append(tracks[t].history) }
                batch.build(histories: histories, frame: frame, detections: observations, compact: true)
            }
            let R = rows.count
            if R > 0 { runModel(frame: frame) }
            // Rows: modelled tracks; columns: detections, then one "missed" column per row.
            let Q = batch.queries, columns = D + R
            let gated = 1e6
            cost.removeAll(keepingCapacity: true)
            cost.append(contentsOf: repeatElement(gated, count: R * columns))
            let floor = log(cfg.minProbability)
            for r in 0..<R {
                cost[r * columns + D + r] = -Double(logProbabilities[r * Q]) + cfg.missCost
                var predicted = BoundingBox(x: 0, y: 0, width: 0, height: 0)
                if cfg.kalmanWeight > 0 {
                    var kf = tracks[rows[r]].kf
                    kf.predict()
                    predicted = kf.box
                }
                for q in 1..<Q {
                    let d = batch.candidateIndex[r * Q + q]
                    let lp = Double(logProbabilities[r * Q + q])
                    if d >= 0 && lp >= floor {
                        cost[r * columns + d] = -lp + (cfg.kalmanWeight > 0 ? cfg.kalmanWeight * (1 - predicted.iou(observations[d].box)) : 0)
                    }
                }
            }
            if R > 0, (try? solver.solveInPlace(cost, rows: R, columns: columns)) != nil {
                for r in 0..<R {
                    let c = solver.columnForRow[r]
                    guard c >= 0, c < D, cost[r * columns + c] < gated else { continue }
                    let t = rows[r]
                    trackMatched[t] = true
                    detectionUsed[c] = true
                    absorb(observations[c], into: t)
                }
            }
        }
        if cfg.fallbackIoU > 0 {
            fallbackStage(tentative: false, trackMatched: &trackMatched, detectionUsed: &detectionUsed)
            // Then, as ByteTrack's unconfirmed tracks, tentative ones take what is left, among
            // detections confident enough to start a track. Having seen one observation, the
            // model mostly says "missed" for them, strongly so for low detector scores (the
            // motion detector's foreground fractions, 0.3-0.75, get 1-5 %, below
            // `minProbability`); without this a track born after the first frame could be reborn
            // tentative every frame and never be reported. Last, so a lost track keeps first
            // claim on its reappearance.
            fallbackStage(tentative: true, trackMatched: &trackMatched, detectionUsed: &detectionUsed)
        }
        let duplicateIoU = cfg.duplicateIoU ?? (useFeature ? 0.7 : 0)
        if duplicateIoU > 0 { mergeDuplicates(frame: frame, iou: duplicateIoU, trackMatched: &trackMatched) }
        // Lifecycle of unmatched tracks.
        for t in 0..<T where !trackMatched[t] {
            switch tracks[t].state {
            case .tentative: tracks[t].state = .removed
            case .confirmed: tracks[t].state = .lost
            case .lost: if frame - tracks[t].lastFrame > maxLostFrames { tracks[t].state = .removed }
            case .removed: break
            }
            if tracks[t].state == .lost { tracks[t].kf.predict(freezeHeightVelocity: true) }
        }
        tracks.removeAll { $0.state == .removed }
        // Births.
        for (c, o) in observations.enumerated() where !detectionUsed[c] && Double(o.score) >= cfg.newTrackThreshold {
            tracks.append(Track(history: [o], kf: XYAHKalman(box: o.box), state: frame == firstFrame ? .confirmed : .tentative, hits: 1, key: nextKey))
            nextKey += 1
        }
        var out: [TrackedBox] = []
        for i in tracks.indices where tracks[i].state == .confirmed && tracks[i].lastFrame == frame {
            if tracks[i].id == 0 {
                tracks[i].id = nextID
                nextID += 1
                // The output is late anyway with linking: report the detection the track was
                // born on too (online trackers cannot; ByteTrack drops that frame).
                let h = tracks[i].history
                if cfg.reportBirths, h.count >= 2, h[h.count - 2].frame < frame, linker != nil {
                    let o = h[h.count - 2]
                    linker?.backfill(TrackedBox(frame: o.frame, trackID: tracks[i].id, box: o.box, score: o.score, detection: o.box), observation: o)
                }
            }
            let o = tracks[i].history[tracks[i].history.count - 1]
            out.append(TrackedBox(frame: frame, trackID: tracks[i].id, box: tracks[i].kf.box, score: o.score, detection: o.box))
        }
        out.sort { $0.trackID < $1.trackID }
        if linker != nil { feedLinker(frame: frame, boxes: out) } else { recorder.record(out) }
        return out
    }

    /// IoU matching of the leftovers against the Kalman prediction for this frame of each
    /// unmatched track that is tentative (or, with `tentative` false, that is not).
    private mutating func fallbackStage(tentative: Bool, trackMatched: inout [Bool], detectionUsed: inout [Bool]) {
        let rows = trackMatched.indices.filter { !trackMatched[$0] && (tracks[$0].state == .tentative) == tentative }
        let cols = detectionUsed.indices.filter { !detectionUsed[$0] && (!tentative || Double(observations[$0].score) >= configuration.newTrackThreshold) }
        guard !rows.isEmpty, !cols.isEmpty else { return }
        cost.removeAll(keepingCapacity: true)
        for t in rows {
            var kf = tracks[t].kf
            kf.predict()
            let box = kf.box
            for c in cols { cost.append(1 - box.iou(observations[c].box)) }
        }
        for (r, c) in fallbackMatcher.match(cost, rows: rows.count, columns: cols.count, threshold: 1 - configuration.fallbackIoU) {
            trackMatched[rows[r]] = true
            detectionUsed[cols[c]] = true
            absorb(observations[cols[c]], into: rows[r])
        }
    }

    /// The model's per-frame tensors are freed and reallocated every frame; with glibc's default
    /// thresholds the larger ones are mmap'd and unmapped each time, so every frame pays page
    /// faults (a quarter of the run time on busy sequences). Keeping them in the heap avoids it.
    ///
    /// This changes glibc's malloc settings for the whole process, so the library never calls it
    /// by itself: a program that owns its process (the `trackline` CLI) opts in.
    public static func keepHeapMapped() {
        #if os(Linux)
        // mallopt is not in Swift's Glibc module; glibc's option numbers from <malloc.h>.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 256 << 20)
        #endif
    }

    mutating func absorb(_ o: Observation, into t: Int) {
        // Lost tracks were predicted in each frame they missed; one more step reaches this frame.
        tracks[t].kf.predict()
        tracks[t].kf.update(box: o.box)
        tracks[t].history.append(o)
        let keep = model.config.history
        if tracks[t].history.count > 2 * keep { tracks[t].history.removeFirst(tracks[t].history.count - keep) }
        tracks[t].hits += 1
        tracks[t].state = .confirmed
    }

    public mutating func finish() -> [Trajectory] {
        if linker != nil { flushLinker() }
        tracks.removeAll()
        return recorder.drain()
    }
}
