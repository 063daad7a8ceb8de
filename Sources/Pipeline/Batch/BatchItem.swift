/// How one video of a batch went: a row of `summary.csv` / `summary.json`.
public struct BatchItem: Sendable, Equatable {
    /// `ok`: tracked now; `skipped`: `--resume` found its outputs for the same configuration;
    /// `failed`: the error says why (its outputs were not written).
    public enum Status: String, Sendable, Codable { case ok, skipped, failed }

    public var index: Int
    public var input: String
    public var name: String
    public var status: Status
    /// Frames tracked.
    public var frames: Int = 0
    /// Seconds of the source covered (presentation times of the first and last frame plus one
    /// frame interval).
    public var durationSeconds: Double = 0
    /// Wall-clock seconds of the run and frames per second achieved (0 for skipped inputs
    /// whose run file has none).
    public var seconds: Double = 0
    /// Track ids written.
    public var tracks: Int = 0
    /// The error of a failed input.
    public var error: String = ""

    public init(index: Int, input: String, name: String, status: Status) {
        self.index = index
        self.input = input
        self.name = name
        self.status = status
    }

    public var framesPerSecond: Double { seconds > 0 ? Double(frames) / seconds : 0 }
}
