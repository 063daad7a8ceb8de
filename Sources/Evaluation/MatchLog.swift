/// What CLEAR's matching (IoU >= 0.5, TrackEval's rules) did in each frame of a sequence, under
/// the files' own ids: which ground-truth object each track box was matched to, the objects
/// missed, the track boxes matched to nothing, identity switches and fragmentations. Its
/// counts are the ones `CLEAR.Result` is made of (`CLEAR.evaluateWithLog`).
///
/// Memory: O(boxes) for the sequence; meant for reports, not for evaluating at scale.
public struct MatchLog: Sendable {
    /// A ground-truth id and a track id.
    public struct Pair: Sendable, Equatable, Hashable {
        public var gt: Int
        public var track: Int

        public init(gt: Int, track: Int) {
            self.gt = gt
            self.track = track
        }
    }

    /// A ground-truth object matched to `to` after it was last matched to `from`.
    public struct Switch: Sendable, Equatable {
        public var gt: Int
        public var from: Int
        public var to: Int

        public init(gt: Int, from: Int, to: Int) {
            self.gt = gt
            self.from = from
            self.to = to
        }
    }

    /// One frame's outcome.
    public struct Frame: Sendable, Equatable {
        /// Matched (ground truth, track) pairs.
        public var matches: [Pair] = []
        /// Ground-truth ids not matched (CLEAR's false negatives).
        public var misses: [Int] = []
        /// Track ids matched to nothing (CLEAR's false positives).
        public var falseTracks: [Int] = []
        /// Identity switches counted in this frame.
        public var switches: [Switch] = []
        /// Objects matched again after an unmatched frame (not the first match): each counts
        /// one toward `Frag`; the pair names the track that took the object up.
        public var fragmentations: [Pair] = []

        public init() {}

        /// Misses, false boxes and switches.
        public var errors: Int { misses.count + falseTracks.count + switches.count }
    }

    /// One entry per frame: `frames[t]` is frame `t + 1`.
    public private(set) var frames: [Frame]
    private let gtNames: [Int]
    private let trackNames: [Int]

    /// A log in which nothing is matched yet: every object missed, every box false.
    init(_ data: SequenceData) {
        gtNames = data.originalGtIDs
        trackNames = data.originalTrackerIDs
        frames = []
        frames.reserveCapacity(data.numTimesteps)
        for t in 0..<data.numTimesteps {
            var f = Frame()
            f.misses = data.gtIDs[t].map { data.originalGtIDs[$0] }
            f.falseTracks = data.trackerIDs[t].map { data.originalTrackerIDs[$0] }
            frames.append(f)
        }
    }

    /// Frame index `t`'s matches (relabelled ids); the rest of its boxes are misses and false.
    mutating func record(frame t: Int, _ data: SequenceData, matched: [(g: Int, k: Int, entry: Int)]) {
        var matchedGt = Set<Int>(), matchedTracks = Set<Int>()
        frames[t].matches = matched.map { m in
            matchedGt.insert(m.g)
            matchedTracks.insert(m.k)
            return Pair(gt: gtNames[m.g], track: trackNames[m.k])
        }
        frames[t].misses = data.gtIDs[t].filter { !matchedGt.contains($0) }.map { gtNames[$0] }
        frames[t].falseTracks = data.trackerIDs[t].filter { !matchedTracks.contains($0) }.map { trackNames[$0] }
    }

    mutating func idSwitch(frame t: Int, gt: Int, from: Int, to: Int) {
        frames[t].switches.append(Switch(gt: gtNames[gt], from: trackNames[from], to: trackNames[to]))
    }

    mutating func fragmentation(frame t: Int, gt: Int, track: Int) {
        frames[t].fragmentations.append(Pair(gt: gtNames[gt], track: trackNames[track]))
    }

    /// Switches over the sequence (equals `CLEAR.Result.idsw`).
    public var switchCount: Int { frames.reduce(0) { $0 + $1.switches.count } }
    /// Fragmentations over the sequence (equals `CLEAR.Result.frag`).
    public var fragmentationCount: Int { frames.reduce(0) { $0 + $1.fragmentations.count } }
}
