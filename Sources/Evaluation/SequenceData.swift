/// One sequence ready for the metrics, as TrackEval's `get_preprocessed_seq_data` returns it:
/// per frame the kept ground-truth and tracker ids (relabelled 0..<n in increasing order of the
/// original ids) and their IoU matrix. Rows and columns keep the order of the input files.
public struct SequenceData: Sendable {
    public var name: String
    /// Number of frames (seqLength); index t is frame t + 1.
    public var numTimesteps: Int
    public var gtIDs: [[Int]]
    public var trackerIDs: [[Int]]
    /// Per frame, row-major `gtIDs[t].count x trackerIDs[t].count` IoUs.
    public var similarity: [[Double]]
    public var numGtIDs: Int
    public var numTrackerIDs: Int
    public var numGtDets: Int
    public var numTrackerDets: Int

    public init(name: String, numTimesteps: Int, gtIDs: [[Int]], trackerIDs: [[Int]], similarity: [[Double]]) {
        self.name = name
        self.numTimesteps = numTimesteps
        self.gtIDs = gtIDs
        self.trackerIDs = trackerIDs
        self.similarity = similarity
        numGtIDs = (gtIDs.lazy.compactMap { $0.max() }.max() ?? -1) + 1
        numTrackerIDs = (trackerIDs.lazy.compactMap { $0.max() }.max() ?? -1) + 1
        numGtDets = gtIDs.reduce(0) { $0 + $1.count }
        numTrackerDets = trackerIDs.reduce(0) { $0 + $1.count }
    }
}
