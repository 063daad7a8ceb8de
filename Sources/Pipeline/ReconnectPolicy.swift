/// How a live network source that stalls or drops is reopened (`--reconnect`): waits of
/// `firstDelay`, doubling up to `maxDelay` seconds between attempts, at most `attempts`
/// attempts in a row (a frame received resets the count). Frame numbers and times go on
/// from where the stream stopped.
public struct ReconnectPolicy: Sendable, Equatable {
    /// Seconds before the first attempt. Default 0.5.
    public var firstDelay: Double = 0.5
    /// Longest wait between attempts, seconds. Default 30.
    public var maxDelay: Double = 30
    /// Attempts in a row before the run ends with the stream's error. Default 20.
    public var attempts: Int = 20

    public init() {}

    /// The wait before attempt `n` (1-based), in seconds.
    public func delay(attempt n: Int) -> Double {
        min(maxDelay, firstDelay * Double(1 << min(max(0, n - 1), 30)))
    }
}
