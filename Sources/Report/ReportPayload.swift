/// The data a report page draws, embedded in it as JSON (`<script type="application/json"
/// id="report-data">`). Conventions: 1-based frames, seconds, pixels of the original frame,
/// top-left boxes; metric values on TrackEval's printed scale (ratios x 100), as
/// `trackline eval --format json` prints them.
public struct ReportPayload: Codable, Sendable, Equatable {
    public var title: String
    /// Trackline's version that made the report.
    public var version: String
    /// HOTA's localisation thresholds (0.05 ... 0.95).
    public var alphas: [Double]
    public var runs: [Run]

    public struct Run: Codable, Sendable, Equatable {
        public var label: String
        public var results: String
        public var info: Info?
        public var sequences: [Sequence]
        /// Every sequence combined, as `eval`'s COMBINED (with ground truth).
        public var combined: Metrics?
    }

    /// The run file's content.
    public struct Info: Codable, Sendable, Equatable {
        public var version: String?
        public var command: String?
        /// [key, value] pairs of the job (every setting in effect).
        public var settings: [[String]]
        /// [path, bytes] of the inputs.
        public var inputs: [[String]]
        /// [path, sha256] of the model files.
        public var models: [[String]]
        public var sequences: [Timing]
    }

    /// Frames, speed and where the time went, for one sequence of a run (seconds).
    public struct Timing: Codable, Sendable, Equatable {
        public var name: String
        public var frames: Int
        public var seconds: Double
        public var framesPerSecond: Double
        public var decode: Double?
        public var detect: Double?
        public var track: Double?
        public var render: Double?
    }

    public struct Sequence: Codable, Sendable, Equatable {
        public var name: String
        /// Frame size in pixels.
        public var width: Int
        public var height: Int
        public var frameRate: Double
        /// The frames shown: every per-frame array starts at `firstFrame`.
        public var firstFrame: Int
        public var lastFrame: Int
        public var tracks: [Track]
        public var counts: Counts
        /// Where box bottoms (feet) fall: `columns` x `rows` cells over the frame, row-major counts.
        public var density: Density
        /// A frame of the video as a JPEG, for the trajectories and the density map.
        public var background: Picture?
        /// With ground truth.
        public var truth: Truth?
        /// The frames with the most errors (with ground truth), worst first.
        public var moments: [Moment]
        /// Where a moment can be watched: `watch + "#t=" + seconds`.
        public var watch: String?
    }

    public struct Track: Codable, Sendable, Equatable {
        public var id: Int
        /// The object class ("person": results hold pedestrians).
        public var label: String
        public var first: Int
        public var last: Int
        /// Frames with a box.
        public var boxes: Int
        /// Runs of consecutive frames with a box: [first, last] pairs; what lies between is a gap.
        public var segments: [[Int]]
        /// Box bottom centres: frame, x, y, frame, x, y, ... (pixels, 0.1 precision).
        public var path: [Double]
        /// Frames where this track took over a ground-truth object from another track (ID switch).
        public var switches: [Int]
        /// Frames where this track took up a ground-truth object again after it was lost (fragmentation).
        public var fragmentations: [Int]
    }

    /// Per-frame counts, index k = frame firstFrame + k.
    public struct Counts: Codable, Sendable, Equatable {
        /// Boxes in the results.
        public var boxes: [Int]
        /// Tracks between their first and last frame (in a gap or not).
        public var tracks: [Int]
        /// With ground truth: objects, objects missed, result boxes matched to nothing, ID switches.
        public var truth: [Int]?
        public var misses: [Int]?
        public var falseBoxes: [Int]?
        public var switches: [Int]?
        /// Times in seconds (from the results where they hold the frame, else (frame - 1) / rate).
        public var times: [Double]
    }

    public struct Density: Codable, Sendable, Equatable {
        public var columns: Int
        public var rows: Int
        public var cells: [Int]
    }

    public struct Picture: Codable, Sendable, Equatable {
        public var frame: Int
        public var width: Int
        public var height: Int
        /// Base64 JPEG.
        public var jpeg: String
    }

    public struct Truth: Codable, Sendable, Equatable {
        /// Every field of `trackline eval --format json` for the sequence: [name, value] pairs.
        public var metrics: Metrics
        /// Ground-truth objects and how tracks covered them.
        public var people: [Person]
        /// [frame, gt, from track, to track] of each ID switch.
        public var switches: [[Int]]
        /// [frame, gt, track] of each fragmentation.
        public var fragmentations: [[Int]]
    }

    public struct Metrics: Codable, Sendable, Equatable {
        /// Field names, in `trackline eval --format json` order.
        public var names: [String]
        public var values: [Double]
        /// Per-alpha curves (x 100): HOTA, DetA, AssA, LocA.
        public var curves: [String: [Double]]
    }

    public struct Person: Codable, Sendable, Equatable {
        public var id: Int
        /// Frames the object is in (as scored).
        public var frames: Int
        /// Frames it is matched to a track.
        public var matched: Int
        /// [first, last, track] runs: the track matched over those frames, -1 for missed.
        public var segments: [[Int]]
        /// Tracks that covered it, most frames first.
        public var tracks: [Int]
    }

    public struct Moment: Codable, Sendable, Equatable {
        public var frame: Int
        public var time: Double
        public var misses: Int
        public var falseBoxes: Int
        public var switches: Int
        /// Boxes to draw: [kind, id, x, y, w, h, other] with kind 0 = matched track box (other =
        /// the object's id), 1 = missed object (id = gt id), 2 = false box (id = track id),
        /// 3 = track box that switched identity (other = gt id).
        public var boxes: [[Double]]
        public var picture: Picture?
    }
}
