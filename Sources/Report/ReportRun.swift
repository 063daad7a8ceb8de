import Evaluation
import TracklineCore

/// One run as the report shows it: its results per sequence, what its run file says, and
/// optionally the ground truth it is scored against.
public struct ReportRun: Sendable {
    /// The name the report gives the run (the tracker, or the results file).
    public var label: String
    /// The results file (Trackline CSV or MOTChallenge txt), or folder.
    public var resultsPath: String
    /// What the run file says, when there is one.
    public var info: RunInfo?
    public var sequences: [ReportSequence]

    public init(label: String, resultsPath: String, info: RunInfo? = nil, sequences: [ReportSequence]) {
        self.label = label
        self.resultsPath = resultsPath
        self.info = info
        self.sequences = sequences
    }

    /// Every sequence has ground truth.
    public var isScored: Bool { !sequences.isEmpty && sequences.allSatisfy { $0.truth != nil } }
}

/// One sequence's results (the rows of the CSV) and what comes with them.
public struct ReportSequence: Sendable {
    /// Ground truth, read and preprocessed as `trackline eval` does.
    public struct Truth: Sendable {
        /// The sequence as the metrics see it (ids relabelled; `originalGtIDs` maps back).
        public var data: SequenceData
        /// The ground-truth file, for the boxes drawn on thumbnails.
        public var file: MOTFile

        public init(data: SequenceData, file: MOTFile) {
            self.data = data
            self.file = file
        }
    }

    public var name: String
    /// The results: one row per box, sorted by frame then track id (1-based frames, time in
    /// seconds, top-left boxes in pixels).
    public var rows: [TracklineCSV.Row]
    public var truth: Truth?
    /// The video the results came from: thumbnails are decoded from it.
    public var video: String?
    /// Where a moment of the sequence can be watched (`FILE#t=SECONDS`): the overlay video
    /// when the run wrote one, else the video. As given (relative paths resolve against the
    /// report's folder in a browser).
    public var watchLink: String?
    /// Frames per second (for times of frames without rows).
    public var frameRate: Double
    /// Frame size in pixels, when known (video, seqinfo.ini); else the boxes' extent.
    public var frameSize: (width: Int, height: Int)?
    /// The frames the run processed, when known; else the frames of the rows (and ground truth).
    public var frames: ClosedRange<Int>?

    public init(name: String, rows: [TracklineCSV.Row], truth: Truth? = nil, video: String? = nil, watchLink: String? = nil,
                frameRate: Double = 30, frameSize: (width: Int, height: Int)? = nil, frames: ClosedRange<Int>? = nil) {
        self.name = name
        self.rows = rows
        self.truth = truth
        self.video = video
        self.watchLink = watchLink
        self.frameRate = frameRate
        self.frameSize = frameSize
        self.frames = frames
    }
}
