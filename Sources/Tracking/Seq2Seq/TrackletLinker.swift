import Foundation
import SequenceModel
import TracklineCore

/// Scores "is tracklet `b` the same person as ended tracklet `a`" for the linker.
protocol TrackletLinkScoring {
    /// One score per pair, a log-probability (<= 0; -infinity = impossible), for the
    /// pairs `(ends[k], starts[k])`. `end` holds a tracklet's last observations (oldest first),
    /// `start` the first observations of a later tracklet (oldest first).
    mutating func score(ends: [[Observation]], starts: [[Observation]], into scores: inout [Double])
}

/// Joins tracklets across gaps (occlusions, missed detections) in a sliding window.
///
/// It reads the tracker's reported boxes frame by frame (provisional ids, one id per tracklet)
/// and releases the same frames `delay` frames later with final ids: an ended tracklet `a`
/// takes as successor a tracklet `b` that starts at most `maxGap` frames after `a`'s last frame,
/// when the scorer finds them likely enough the same person. The decision about `a` is made
/// `delay = maxGap + probeFrames` frames after its last box, when every candidate successor has
/// shown up to `probeFrames` boxes; one linear assignment per decision (all open ends against
/// all candidate starts, so ends compete for starts) keeps each id on one tracklet at a time
/// (a successor starts after its predecessor's last frame). Linked gaps are filled by linear
/// interpolation between the two boxes either side.
///
/// Memory: the frames of the window and the tracklets alive in it, independent of the stream's
/// length. Frames are 1-based and must increase.
struct TrackletLinker {
    struct Configuration: Sendable, Equatable {
        /// Longest gap (frames between a tracklet's last box and its successor's first) linked.
        var maxGap: Int
        /// Boxes of a new tracklet the decision waits for.
        var probeFrames: Int = 4
        /// Link when the pair's score is at least log(minProbability).
        var minProbability: Double
        /// Observations of an ended tracklet kept for scoring.
        var history: Int = 16
        /// Fill the frames between linked tracklets.
        var fillGaps: Bool = true
        /// Cut a track where it starts or stops overlapping another reported box by at least
        /// this IoU, so the pieces around an ambiguous stretch are linked again by the scorer
        /// (a swap at the crossing can be undone); 0 = never cut.
        var splitIoU: Double = 0
    }

    struct Tracklet {
        var start: Int
        var end: Int
        var head: [Observation] = []
        var tail: [Observation] = []
        var firstBox: TrackedBox
        var lastBox: TrackedBox
        var finalID = 0
        var hasPredecessor = false
        /// Ended by a cut (`splitIoU`), not by the tracker: must continue somewhere.
        var cut = false
    }

    let configuration: Configuration
    var delay: Int { configuration.maxGap + configuration.probeFrames }
    private(set) var tracklets: [Int: Tracklet] = [:]
    /// Frames not yet released, increasing, with provisional ids.
    private(set) var window: [(frame: Int, boxes: [TrackedBox])] = []
    private var solver = LinearAssignment()
    private var ends: [[Observation]] = []
    private var starts: [[Observation]] = []
    private var scores: [Double] = []
    private var fresh: [Double] = []
    private var missing: [Int] = []
    private struct PairKey: Hashable { var end: Int, start: Int }
    private var cache: [PairKey: Double] = [:]
    private var cost: [Double] = []
    private var successors: [(start: Int, id: Int)] = []
    /// Tracker id -> current piece (tracklet id), whether its last box overlapped another, and
    /// the frame it was last reported.
    private(set) var piece: [Int: (id: Int, ambiguous: Bool, seen: Int)] = [:]
    /// `piece` is pruned when it grows past this (amortized: doubled after each pruning).
    private var piecePruneAt = 64
    private var nextPiece = 1 << 40
    private var pieceBoxes: [TrackedBox] = []

    init(configuration: Configuration) {
        var c = configuration
        c.maxGap = max(1, c.maxGap)
        c.probeFrames = max(1, c.probeFrames)
        c.history = max(2, c.history)
        self.configuration = c
    }

    /// Adds the boxes the tracker reported for `frame` (`observations[k]` is the detection
    /// behind `boxes[k]`) and returns the frames that became final.
    mutating func push<S: TrackletLinkScoring>(frame: Int, boxes: [TrackedBox], observations: [Observation],
                                               scorer: inout S) -> [(frame: Int, boxes: [TrackedBox])] {
        let keep = configuration.history, probe = configuration.probeFrames
        let boxes = pieces(frame: frame, boxes)
        for (k, b) in boxes.enumerated() {
            let o = observations[k]
            if tracklets[b.trackID] == nil {
                tracklets[b.trackID] = Tracklet(start: frame, end: frame, firstBox: b, lastBox: b)
            }
            tracklets[b.trackID]!.end = frame
            tracklets[b.trackID]!.lastBox = b
            if tracklets[b.trackID]!.head.count < probe { tracklets[b.trackID]!.head.append(o) }
            tracklets[b.trackID]!.tail.append(o)
            if tracklets[b.trackID]!.tail.count > 2 * keep { tracklets[b.trackID]!.tail.removeFirst(keep) }
        }
        window.append((frame, boxes))
        let released = release(upTo: frame - delay)
        decide(now: frame, readyBefore: frame - delay, close: true, scorer: &scorer)
        return released
    }

    /// Adds, for a frame still held, the box of a track the tracker reports only now: its
    /// first detection, seen while the track was tentative (confirmed at a later frame). Call
    /// it before `push` of the frame that confirms the track. Ignored when the frame has been
    /// released already, when the track is known, or with `splitIoU` (pieces are keyed by frame).
    mutating func backfill(_ box: TrackedBox, observation: Observation) {
        guard configuration.splitIoU == 0, tracklets[box.trackID] == nil,
              let k = window.lastIndex(where: { $0.frame == box.frame }) else { return }
        window[k].boxes.append(box)
        window[k].boxes.sort { $0.trackID < $1.trackID }
        tracklets[box.trackID] = Tracklet(start: box.frame, end: box.frame,
                                          firstBox: box, lastBox: box)
    }

    /// The boxes with tracker ids replaced by piece ids (the same without `splitIoU`).
    private mutating func pieces(frame: Int, _ boxes: [TrackedBox]) -> [TrackedBox] {
        let split = configuration.splitIoU
        guard split > 0 else { return boxes }
        pieceBoxes.removeAll(keepingCapacity: true)
        for (k, b) in boxes.enumerated() {
            var ambiguous = false
            for (j, other) in boxes.enumerated() where j != k && b.box.iou(other.box) >= split { ambiguous = true; break }
            var id = b.trackID
            if let p = piece[b.trackID] {
                id = p.id
                // A closed piece may have handed its id on to a successor: never reopen it.
                if p.ambiguous != ambiguous || tracklets[p.id] == nil {
                    tracklets[p.id]?.cut = true
                    id = nextPiece
                    nextPiece += 1
                }
            }
            piece[b.trackID] = (id, ambiguous, frame)
            var out = b
            out.trackID = id
            pieceBoxes.append(out)
        }
        // Forget only tracker ids unreported for longer than the window (the tracker has dropped
        // them: `maxGap` covers its lost-track patience). Pruning by "piece still held" instead
        // dropped the pieces cut in this very frame (their tracklets are created after this),
        // sending the tracker id back to its first piece's id, which a linked successor may
        // already carry: one id on two boxes of a frame.
        if piece.count > piecePruneAt {
            piece = piece.filter { frame - $0.value.seen <= delay }
            piecePruneAt = max(64, 2 * piece.count)
        }
        return pieceBoxes
    }

    /// Decides every open end and releases every held frame (end of stream).
    mutating func flush<S: TrackletLinkScoring>(scorer: inout S) -> [(frame: Int, boxes: [TrackedBox])] {
        let now = (window.last?.frame ?? 0) + 1
        decide(now: now, readyBefore: Int.max, close: false, scorer: &scorer)
        let out = release(upTo: Int.max)
        tracklets = [:]
        return out
    }

    /// Releases the frames up to `last` with final ids: a tracklet keeps the tracker's id (so
    /// live displays of `update`'s boxes agree) unless it was linked to a predecessor, whose id
    /// it takes.
    private mutating func release(upTo last: Int) -> [(frame: Int, boxes: [TrackedBox])] {
        var n = 0
        while n < window.count && window[n].frame <= last { n += 1 }
        guard n > 0 else { return [] }
        var out: [(frame: Int, boxes: [TrackedBox])] = []
        out.reserveCapacity(n)
        for (frame, boxes) in window[0..<n] {
            var final = boxes
            for k in final.indices {
                let id = final[k].trackID
                guard var t = tracklets[id] else { continue }
                if t.finalID == 0 {
                    t.finalID = id
                    tracklets[id] = t
                }
                final[k].trackID = t.finalID
            }
            final.sort { $0.trackID < $1.trackID }
            out.append((frame, final))
        }
        window.removeFirst(n)
        return out
    }

    /// One assignment of the open ends (tracklets not reported at `now`) to candidate starts;
    /// the links of ends whose last frame is at most `readyBefore` are committed, and those ends
    /// are closed (linked or not) when `close` is set.
    private mutating func decide<S: TrackletLinkScoring>(now: Int, readyBefore: Int, close: Bool, scorer: inout S) {
        let gap = configuration.maxGap
        var ready = false
        for (_, t) in tracklets where t.end <= readyBefore { ready = true; break }
        guard ready else { return }
        let open = tracklets.filter { $0.value.end < now }.keys.sorted()
        // Candidate successors by first frame, so each end looks only at the starts within its
        // gap (the same pairs as testing every tracklet, in the same sorted order).
        successors.removeAll(keepingCapacity: true)
        for (b, tb) in tracklets where !tb.hasPredecessor && tb.finalID == 0 { successors.append((tb.start, b)) }
        successors.sort { $0 < $1 }
        var pairs: [(end: Int, start: Int)] = []
        for a in open {
            let end = tracklets[a]!.end
            var lo = 0, hi = successors.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if successors[mid].start <= end { lo = mid + 1 } else { hi = mid }
            }
            while lo < successors.count && successors[lo].start - end <= gap {
                pairs.append((a, successors[lo].id))
                lo += 1
            }
        }
        pairs.sort { ($0.end, $0.start) < ($1.end, $1.start) }
        var links: [(end: Int, start: Int)] = []
        // Only ends being decided need the assignment; the others just compete.
        if pairs.contains(where: { tracklets[$0.end]!.end <= readyBefore }) {
            // Scores of pairs whose start has shown all its probe boxes are final: cached.
            ends.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
            missing.removeAll(keepingCapacity: true)
            for (k, p) in pairs.enumerated() where cache[PairKey(end: p.end, start: p.start)] == nil {
                ends.append(Array(tracklets[p.end]!.tail.suffix(configuration.history)))
                starts.append(tracklets[p.start]!.head)
                missing.append(k)
            }
            if !missing.isEmpty { scorer.score(ends: ends, starts: starts, into: &fresh) }
            scores.removeAll(keepingCapacity: true)
            for p in pairs { scores.append(cache[PairKey(end: p.end, start: p.start)] ?? 0) }
            for (i, k) in missing.enumerated() {
                scores[k] = fresh[i]
                let p = pairs[k]
                if tracklets[p.start]!.head.count >= configuration.probeFrames || tracklets[p.start]!.end < now {
                    cache[PairKey(end: p.end, start: p.start)] = fresh[i]
                }
            }
            let rows = Array(Set(pairs.map(\.end))).sorted()
            let columns = Array(Set(pairs.map(\.start))).sorted()
            let rowIndex = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
            let columnIndex = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
            // Columns: starts, then one "no link" column per row at the threshold cost.
            let width = columns.count + rows.count
            let threshold = -log(max(1e-12, min(1, configuration.minProbability)))
            let forbidden = 1e9
            cost = Array(repeating: forbidden, count: rows.count * width)
            // A piece ended by a cut continues somewhere: only which piece is in question.
            let cutBonus = 50.0
            for r in rows.indices { cost[r * width + columns.count + r] = threshold + (tracklets[rows[r]]!.cut ? cutBonus : 0) }
            for (k, p) in pairs.enumerated() where scores[k].isFinite {
                let c = -scores[k]
                let limit = threshold + (tracklets[p.end]!.cut ? cutBonus : 0)
                if c < limit { cost[rowIndex[p.end]! * width + columnIndex[p.start]!] = c }
            }
            if let matches = try? solver.solve(cost, rows: rows.count, columns: width) {
                for m in matches where m.column < columns.count && cost[m.row * width + m.column] < 1e8 {
                    links.append((rows[m.row], columns[m.column]))
                }
            }
        }
        // In time order, so a chain a -> b -> c decided at once passes one id along.
        links.sort { (tracklets[$0.end]!.end, $0.end) < (tracklets[$1.end]!.end, $1.end) }
        for (a, b) in links where tracklets[a]!.end <= readyBefore {
            link(a, to: b)
        }
        if close {
            var closed = false
            for a in open where tracklets[a]!.end <= readyBefore { tracklets[a] = nil; closed = true }
            if closed && !cache.isEmpty { cache = cache.filter { tracklets[$0.key.end] != nil && tracklets[$0.key.start] != nil } }
        }
    }

    private mutating func link(_ a: Int, to b: Int) {
        // A successor already released (possible only when frame numbers jump by more than
        // the window) keeps its id: released rows are never revised.
        guard tracklets[b]!.finalID == 0 else { return }
        // The predecessor is normally released (its end is `delay` frames old) and has its
        // final id; at flush it may not be yet.
        if tracklets[a]!.finalID == 0 {
            tracklets[a]!.finalID = a
        }
        let ta = tracklets[a]!
        tracklets[b]!.hasPredecessor = true
        tracklets[b]!.finalID = ta.finalID
        guard configuration.fillGaps else { return }
        let first = tracklets[b]!.firstBox
        var from = ta.lastBox
        from.trackID = b
        let fills = Interpolation.between(from, first, maxGap: Int.max)
        guard !fills.isEmpty else { return }
        var k = window.count - 1
        for f in fills.reversed() {
            while k >= 0 && window[k].frame > f.frame { k -= 1 }
            if k >= 0 && window[k].frame == f.frame { window[k].boxes.append(f) }
        }
    }
}
