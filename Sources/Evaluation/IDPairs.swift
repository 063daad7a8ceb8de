/// The (ground-truth id, tracker id) pairs whose boxes have a nonzero IoU in at least one frame,
/// sorted by ground-truth id, then tracker id: the only cells of TrackEval's
/// `numGtIDs x numTrackerIDs` tables (potential matches, matches per alpha) that can be nonzero.
/// Memory: 2 words per pair.
public struct IDPairs: Sendable, Equatable {
    public private(set) var gtID: [Int] = []
    public private(set) var trackerID: [Int] = []

    public var count: Int { gtID.count }

    /// Pairs from row-major table positions `gtID * numTrackerIDs + trackerID`, sorted, no repeats.
    init(sortedPositions: [Int], numTrackerIDs: Int) {
        gtID.reserveCapacity(sortedPositions.count)
        trackerID.reserveCapacity(sortedPositions.count)
        for p in sortedPositions {
            gtID.append(p / numTrackerIDs)
            trackerID.append(p % numTrackerIDs)
        }
    }

    /// Position of pair `p` in the row-major `numGtIDs x numTrackerIDs` table (increasing in `p`).
    @inline(__always)
    func position(_ p: Int, numTrackerIDs: Int) -> Int { gtID[p] * numTrackerIDs + trackerID[p] }
}
