import Foundation
import Media

/// The frames of one run, in order. A video source decodes on its own thread into a few
/// reused buffers; a detection file without video gives bare frame numbers (no pixels).
/// Frames taken with `next` go back with `recycle` once used.
protocol FrameSource: AnyObject {
    /// Frames expected, when known (for progress).
    var expectedFrames: Int? { get }
    /// True when frames carry presentation times (`Frame.timestamp`).
    var hasTimestamps: Bool { get }
    /// The next frame, or nil at the end.
    func next() throws -> Frame?
    /// Gives a frame's buffer back for reuse.
    func recycle(_ frame: Frame)
    /// Stops the source (its thread, if any) and waits for it; called once at the end.
    func stop()
    /// Seconds spent decoding so far.
    var decodeSeconds: Double { get }
    /// True for live sources: when they fail, the rows made final so far are the result and
    /// the outputs are completed before the error is reported.
    var keepsPartialResult: Bool { get }
    /// Messages from the source's own thread (reconnections), taken once.
    func drainNotes() -> [String]
}

extension FrameSource {
    var keepsPartialResult: Bool { false }
    func drainNotes() -> [String] { [] }
}

/// `count` frame numbers from `first`, without pixels: the frames of a detection file.
final class NumberedFrames: FrameSource {
    private let end: Int
    private var nextNumber: Int
    private let empty = Frame(number: 0, timestamp: 0, width: 0, height: 0, format: .rgb24, pixels: [])

    init(first: Int, count: Int) {
        nextNumber = first
        end = first + count
        expectedFrames = count
    }

    let expectedFrames: Int?
    var hasTimestamps: Bool { false }
    var decodeSeconds: Double { 0 }

    func next() throws -> Frame? {
        guard nextNumber < end else { return nil }
        var f = empty
        f.number = nextNumber
        nextNumber += 1
        return f
    }

    func recycle(_ frame: Frame) {}
    func stop() {}
}

/// Decodes a video on a background thread into `depth` reused frame buffers: at most `depth`
/// frames exist at once, so memory stays flat over any video length.
final class VideoFrameSource: FrameSource, @unchecked Sendable {
    let reader: VideoReader
    private let free: BoundedQueue<Frame>
    private let full: BoundedQueue<Frame>
    private let state = DecodeState()
    private let done = DispatchSemaphore(value: 0)
    private var running = false

    init(reader: VideoReader, depth: Int = 4, expectedFrames: Int?) {
        self.reader = reader
        self.expectedFrames = expectedFrames
        let n = max(1, depth)
        free = BoundedQueue(capacity: n)
        full = BoundedQueue(capacity: n)
        for _ in 0..<n {
            free.push(Frame(number: 0, timestamp: 0, width: 0, height: 0, format: reader.options.format, pixels: []))
        }
    }

    let expectedFrames: Int?
    var hasTimestamps: Bool { true }
    var decodeSeconds: Double { state.decodeSeconds }

    private func start() {
        running = true
        let thread = Thread { [reader, free, full, state, done] in
            defer { full.close(); done.signal() }
            let clock = ContinuousClock()
            while var frame = free.pop() {
                let t0 = clock.now
                do {
                    guard try reader.read(into: &frame) else { return }
                } catch {
                    state.set(error: error)
                    return
                }
                state.add(decode: (clock.now - t0) / .seconds(1))
                if !full.push(frame) { return }
            }
        }
        thread.name = "trackline-decode"
        thread.start()
    }

    func next() throws -> Frame? {
        if !running { start() }
        if let f = full.pop() { return f }
        if let e = state.error { throw e }
        return nil
    }

    func recycle(_ frame: Frame) { free.push(frame) }

    func stop() {
        guard running else { return }
        running = false
        free.close()
        full.close()
        done.wait()
    }
}

/// What the decode thread reports back.
private final class DecodeState: @unchecked Sendable {
    private let lock = NSLock()
    private var _error: Error?
    private var _decode = 0.0
    func set(error: Error) { lock.lock(); _error = error; lock.unlock() }
    func add(decode: Double) { lock.lock(); _decode += decode; lock.unlock() }
    var error: Error? { lock.lock(); defer { lock.unlock() }; return _error }
    var decodeSeconds: Double { lock.lock(); defer { lock.unlock() }; return _decode }
}
