/// One sequence ready for the metrics, as TrackEval's `get_preprocessed_seq_data` returns it:
/// per frame the kept ground-truth and tracker ids (relabelled 0..<n in increasing order of the
/// original ids) and their IoU matrix. Rows and columns keep the order of the input files.
///
/// The IoU matrices are sparse (`FrameSimilarity`) and id-pair tables are indexed by the pairs
/// that overlap somewhere (`IDPairs`), so memory is O(boxes + overlapping pairs), not
/// O(boxes per frame squared) or O(numGtIDs x numTrackerIDs). No limit on boxes per frame.
public struct SequenceData: Sendable {
    public var name: String
    /// Number of frames (seqLength); index t is frame t + 1.
    public let numTimesteps: Int
    public let gtIDs: [[Int]]
    public let trackerIDs: [[Int]]
    /// Per frame, the nonzero IoUs of `gtIDs[t]` (rows) against `trackerIDs[t]` (columns).
    public let similarity: [FrameSimilarity]
    /// Every (gt id, tracker id) pair with a nonzero IoU in some frame.
    public let pairs: IDPairs
    /// The index in `pairs` of entry `e` of frame `t` is `pairOfEntry[firstEntry[t] + e]`.
    public let pairOfEntry: [Int]
    /// Entries of the frames before frame `t` (`numTimesteps + 1` values).
    public let firstEntry: [Int]
    public let numGtIDs: Int
    public let numTrackerIDs: Int
    public let numGtDets: Int
    public let numTrackerDets: Int
    /// The files' ids behind the relabelled ones: `originalGtIDs[g]` is the ground-truth id that
    /// `g` stands for (the identity when the data was built from ids directly).
    public internal(set) var originalGtIDs: [Int]
    /// The files' track ids behind the relabelled tracker ids.
    public internal(set) var originalTrackerIDs: [Int]

    /// - Precondition: `similarity[t]` is `gtIDs[t].count x trackerIDs[t].count`, ids are >= 0
    ///   and unique within a frame.
    public init(name: String, numTimesteps: Int, gtIDs: [[Int]], trackerIDs: [[Int]], similarity: [FrameSimilarity]) {
        precondition(gtIDs.count == numTimesteps && trackerIDs.count == numTimesteps && similarity.count == numTimesteps,
                     "one entry per frame")
        self.name = name
        self.numTimesteps = numTimesteps
        self.gtIDs = gtIDs
        self.trackerIDs = trackerIDs
        let G = (gtIDs.lazy.compactMap { $0.max() }.max() ?? -1) + 1
        let T = (trackerIDs.lazy.compactMap { $0.max() }.max() ?? -1) + 1
        numGtIDs = G
        numTrackerIDs = T
        numGtDets = gtIDs.reduce(0) { $0 + $1.count }
        numTrackerDets = trackerIDs.reduce(0) { $0 + $1.count }
        originalGtIDs = Array(0..<G)
        originalTrackerIDs = Array(0..<T)

        // Pairs: the table positions of every entry, sorted and deduplicated; then each entry's
        // pair by binary search.
        var first = [Int](repeating: 0, count: numTimesteps + 1)
        for t in 0..<numTimesteps {
            let s = similarity[t]
            precondition(s.rows == gtIDs[t].count && s.columns == trackerIDs[t].count, "frame \(t + 1): similarity shape")
            first[t + 1] = first[t] + s.count
        }
        var keys = [Int](repeating: 0, count: first[numTimesteps])
        for t in 0..<numTimesteps {
            let s = similarity[t], gids = gtIDs[t], tids = trackerIDs[t], base = first[t]
            for i in 0..<s.rows { for e in s.entries(ofRow: i) { keys[base + e] = gids[i] * T + tids[s.column[e]] } }
        }
        var positions = keys
        positions.sort()
        var unique = 0
        for k in positions.indices where k == 0 || positions[k] != positions[unique - 1] {
            positions[unique] = positions[k]
            unique += 1
        }
        positions.removeSubrange(unique...)
        pairs = IDPairs(sortedPositions: positions, numTrackerIDs: max(1, T))
        positions.withUnsafeBufferPointer { sorted in
            for k in keys.indices {
                let key = keys[k]
                var lo = 0, hi = sorted.count
                while lo < hi { let m = (lo + hi) >> 1; if sorted[m] < key { lo = m + 1 } else { hi = m } }
                keys[k] = lo
            }
        }
        pairOfEntry = keys
        firstEntry = first
        self.similarity = similarity
    }

    /// From dense row-major IoU matrices (`gtIDs[t].count x trackerIDs[t].count` values per frame).
    public init(name: String, numTimesteps: Int, gtIDs: [[Int]], trackerIDs: [[Int]], denseSimilarity: [[Double]]) {
        let frames = (0..<numTimesteps).map {
            FrameSimilarity(dense: denseSimilarity[$0], rows: gtIDs[$0].count, columns: trackerIDs[$0].count)
        }
        self.init(name: name, numTimesteps: numTimesteps, gtIDs: gtIDs, trackerIDs: trackerIDs, similarity: frames)
    }
}
