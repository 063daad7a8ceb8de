import Media

/// Ends another source's frames early: after `maxFrames` frames, once a frame lies `duration`
/// seconds or more after the first (presentation time; `(number - first) / frameRate` for
/// frames without times), or when a stop is requested. The frame at the bound is not handed
/// out, so `--duration 10` at 25 fps gives 250 frames.
final class BoundedFrameSource: FrameSource {
    private let inner: FrameSource
    private let maxFrames: Int?
    private let duration: Double?
    private let frameRate: Double
    private let stopSignal: StopSignal?
    private var given = 0
    private var firstTime: Double?
    private var firstNumber = 0
    private var ended = false

    init(_ inner: FrameSource, maxFrames: Int?, duration: Double?, frameRate: Double, stop: StopSignal?) {
        self.inner = inner
        self.maxFrames = maxFrames
        self.duration = duration
        self.frameRate = frameRate > 0 ? frameRate : 30
        stopSignal = stop
    }

    var expectedFrames: Int? {
        guard let m = maxFrames else { return duration == nil ? inner.expectedFrames : nil }
        return min(m, inner.expectedFrames ?? m)
    }
    var hasTimestamps: Bool { inner.hasTimestamps }
    var decodeSeconds: Double { inner.decodeSeconds }
    var keepsPartialResult: Bool { inner.keepsPartialResult }
    func drainNotes() -> [String] { inner.drainNotes() }

    func next() throws -> Frame? {
        if ended || stopSignal?.isRequested == true { return nil }
        if let m = maxFrames, given >= m { ended = true; return nil }
        guard let frame = try inner.next() else { return nil }
        if let d = duration {
            let t = inner.hasTimestamps ? frame.timestamp : Double(frame.number) / frameRate
            if firstTime == nil { firstTime = t; firstNumber = frame.number }
            if t - firstTime! >= d - 1e-9 && frame.number != firstNumber {
                inner.recycle(frame)
                ended = true
                return nil
            }
        }
        given += 1
        return frame
    }

    func recycle(_ frame: Frame) { inner.recycle(frame) }
    func stop() { inner.stop() }
}
