import Foundation

/// What a run file (`<output>.run.json`, written by `trackline track`) says about the run, as
/// the report shows it: the inputs, every setting in effect, and per sequence the frames, speed
/// and where the time went.
public struct RunInfo: Sendable, Equatable {
    /// One sequence of the run (one for a video).
    public struct Sequence: Sendable, Equatable {
        public var name: String
        public var frames: Int
        /// First and last frame processed (1-based).
        public var firstFrame: Int?
        public var lastFrame: Int?
        public var tracks: Int
        public var rows: Int
        /// Wall-clock seconds of the whole sequence, and of its parts (decoding runs on its own
        /// thread, so the parts need not add up to the whole); nil in run files without them.
        public var seconds: Double
        public var decodeSeconds: Double?
        public var detectSeconds: Double?
        public var trackSeconds: Double?
        public var renderSeconds: Double?

        public init(name: String, frames: Int, firstFrame: Int? = nil, lastFrame: Int? = nil, tracks: Int = 0, rows: Int = 0,
                    seconds: Double = 0, decodeSeconds: Double? = nil, detectSeconds: Double? = nil,
                    trackSeconds: Double? = nil, renderSeconds: Double? = nil) {
            self.name = name
            self.frames = frames
            self.firstFrame = firstFrame
            self.lastFrame = lastFrame
            self.tracks = tracks
            self.rows = rows
            self.seconds = seconds
            self.decodeSeconds = decodeSeconds
            self.detectSeconds = detectSeconds
            self.trackSeconds = trackSeconds
            self.renderSeconds = renderSeconds
        }

        /// Frames per second over the whole sequence.
        public var framesPerSecond: Double { seconds > 0 ? Double(frames) / seconds : 0 }
    }

    /// The job's keys (`video`, `tracker`, `tracker-options.max_age`, ...) and their values as
    /// text, sorted by key; nested options are flattened with a dot.
    public var settings: [(key: String, value: String)]
    /// Input files and their sizes in bytes (-1 when unknown).
    public var inputs: [(path: String, bytes: Int)]
    /// Model files and their SHA-256.
    public var models: [(path: String, sha256: String)]
    public var sequences: [Sequence]
    /// The command line that ran, when recorded.
    public var command: String?
    /// Trackline's version that wrote the file.
    public var version: String?

    public init(settings: [(key: String, value: String)] = [], inputs: [(path: String, bytes: Int)] = [],
                models: [(path: String, sha256: String)] = [], sequences: [Sequence] = [], command: String? = nil,
                version: String? = nil) {
        self.settings = settings
        self.inputs = inputs
        self.models = models
        self.sequences = sequences
        self.command = command
        self.version = version
    }

    /// A setting by key (`video`, `output`, `render`, `tracker`, ...).
    public func setting(_ key: String) -> String? { settings.first { $0.key == key }?.value }

    public static func == (a: RunInfo, b: RunInfo) -> Bool {
        a.settings.map { [$0.key, $0.value] } == b.settings.map { [$0.key, $0.value] }
            && a.inputs.map(\.path) == b.inputs.map(\.path) && a.inputs.map(\.bytes) == b.inputs.map(\.bytes)
            && a.models.map(\.path) == b.models.map(\.path) && a.models.map(\.sha256) == b.models.map(\.sha256)
            && a.sequences == b.sequences && a.command == b.command && a.version == b.version
    }
}
