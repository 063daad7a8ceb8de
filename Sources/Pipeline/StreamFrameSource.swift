import Foundation
import Media

/// The frames of a live source (network URL, standard input, camera), decoded on a thread of
/// its own into `depth` reused buffers like `VideoFrameSource`. It has no expected length;
/// a stop request interrupts the blocking read and ends the frames (the run then completes its
/// outputs); with a `ReconnectPolicy`, a network source that stalls, drops or ends is opened
/// again with backoff, and frame numbers and times go on from where it stopped.
final class StreamFrameSource: FrameSource, @unchecked Sendable {
    private let free: BoundedQueue<Frame>
    private let full: BoundedQueue<Frame>
    private let open: @Sendable () throws -> VideoReader
    private let reconnect: ReconnectPolicy?
    private let stopSignal: StopSignal
    private let state = StreamState()
    private let done = DispatchSemaphore(value: 0)
    private var running = false
    private var first: VideoReader?
    private var stopKey = -1

    /// - Parameters:
    ///   - reader: the source, already open.
    ///   - open: opens the source again (for `reconnect`).
    init(reader: VideoReader, depth: Int = 4, reconnect: ReconnectPolicy?, stop: StopSignal,
         open: @escaping @Sendable () throws -> VideoReader) {
        first = reader
        self.open = open
        self.reconnect = reconnect
        stopSignal = stop
        let n = max(1, depth)
        free = BoundedQueue(capacity: n)
        full = BoundedQueue(capacity: n)
        for _ in 0..<n {
            free.push(Frame(number: 0, timestamp: 0, width: 0, height: 0, format: reader.options.format, pixels: []))
        }
    }

    var expectedFrames: Int? { nil }
    var hasTimestamps: Bool { true }
    var decodeSeconds: Double { state.decodeSeconds }
    var keepsPartialResult: Bool { true }
    func drainNotes() -> [String] { state.drainNotes() }

    private func start() {
        running = true
        guard let reader = first else { return }
        first = nil
        state.setReader(reader)
        stopKey = stopSignal.onRequest { [state, full] in
            state.currentReader?.interrupt()
            full.close()
        }
        let thread = Thread { [self] in
            defer { full.close(); done.signal() }
            decodeLoop(reader)
        }
        thread.name = "trackline-stream"
        thread.start()
    }

    private func decodeLoop(_ firstReader: VideoReader) {
        var reader = firstReader
        let clock = ContinuousClock()
        var numberOffset = 0, timeOffset = 0.0
        var lastNumber = 0, lastTime = 0.0, interval = 0.04
        var failures = 0
        while var frame = free.pop() {
            let t0 = clock.now
            var failure: Error? = nil
            var got = false
            do { got = try reader.read(into: &frame) } catch { failure = error }
            if got {
                state.add(decode: (clock.now - t0) / .seconds(1))
                frame.number += numberOffset
                frame.timestamp += timeOffset
                if frame.number > lastNumber + 0, lastNumber > 0, frame.timestamp > lastTime {
                    interval = (frame.timestamp - lastTime) / Double(frame.number - lastNumber)
                }
                lastNumber = frame.number
                lastTime = frame.timestamp
                failures = 0
                if !full.push(frame) { return }
                continue
            }
            free.push(frame)
            if stopSignal.isRequested { return }
            guard let policy = reconnect, reader.source.kind == .network else {
                if let failure { state.set(error: failure) }
                return
            }
            // Reopen with backoff; numbers and times go on after the last frame.
            let why = failure.map { "\($0)" } ?? "\(reader.source.redacted): the stream ended"
            state.note("\(why); reconnecting")
            while true {
                failures += 1
                if failures > policy.attempts {
                    state.set(error: failure ?? MediaError.streamLost(url: reader.source.redacted, detail: "the stream ended and \(policy.attempts) reconnection attempts failed"))
                    return
                }
                if stopSignal.isRequested { return }
                if case .timedOut = waitUnlessStopped(policy.delay(attempt: failures)) {} else { return }
                do {
                    let next = try open()
                    reader = next
                    state.setReader(next)
                    if stopSignal.isRequested { return }
                    numberOffset = lastNumber
                    timeOffset = lastTime + interval
                    state.note("\(next.source.redacted): reconnected after \(failures) attempt\(failures == 1 ? "" : "s"); frames go on from \(lastNumber + 1)")
                    break
                } catch {
                    failure = error
                }
            }
        }
    }

    /// Sleeps `seconds` unless a stop is requested first.
    private func waitUnlessStopped(_ seconds: Double) -> DispatchTimeoutResult {
        let wake = DispatchSemaphore(value: 0)
        let key = stopSignal.onRequest { wake.signal() }
        defer { stopSignal.remove(key) }
        return wake.wait(timeout: .now() + seconds)
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
        stopSignal.remove(stopKey)
        state.currentReader?.interrupt()
        free.close()
        full.close()
        // A pipe or camera read cannot be interrupted: give it a moment, then leave the thread
        // to end with the process.
        _ = done.wait(timeout: .now() + 2)
    }
}

/// What the stream thread shares with the job's thread.
private final class StreamState: @unchecked Sendable {
    private let lock = NSLock()
    private var _error: Error?
    private var _decode = 0.0
    private var _notes: [String] = []
    private var _reader: VideoReader?
    func set(error: Error) { lock.lock(); _error = error; lock.unlock() }
    func add(decode: Double) { lock.lock(); _decode += decode; lock.unlock() }
    func note(_ s: String) { lock.lock(); if _notes.count < 100 { _notes.append(s) }; lock.unlock() }
    func drainNotes() -> [String] { lock.lock(); defer { _notes.removeAll(); lock.unlock() }; return _notes }
    func setReader(_ r: VideoReader) { lock.lock(); _reader = r; lock.unlock() }
    var currentReader: VideoReader? { lock.lock(); defer { lock.unlock() }; return _reader }
    var error: Error? { lock.lock(); defer { lock.unlock() }; return _error }
    var decodeSeconds: Double { lock.lock(); defer { lock.unlock() }; return _decode }
}
