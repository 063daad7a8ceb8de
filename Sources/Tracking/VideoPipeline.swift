import Detection
import Foundation
import Media
import TracklineCore

/// Video -> detector -> tracker, streaming on two cores: one thread decodes into a small pool
/// of reused frame buffers, the calling thread detects, tracks, writes results and renders.
/// At most `depth` frames exist at once, so memory stays flat over any video length.
public struct VideoPipeline {
    /// Where the time went (seconds, summed over frames; decode overlaps the rest).
    public struct Timing: Sendable {
        public var frames = 0
        public var wall = 0.0
        public var decode = 0.0
        public var detect = 0.0
        public var track = 0.0
        public var render = 0.0
        /// Frames per second over the whole run.
        public var framesPerSecond: Double { wall > 0 ? Double(frames) / wall : 0 }
    }

    /// Frames in flight between the threads (decode-ahead buffers).
    public var depth: Int = 4

    public init(depth: Int = 4) { self.depth = max(1, depth) }

    /// Runs the whole video through `detector` and `session`; draws tracks on each frame and
    /// hands it to `overlay` when given. `progress(framesDone, elapsedSeconds)` is called after
    /// every frame. On error the decode thread is stopped before this returns.
    public func run(reader: VideoReader, detector: inout some Detector, session: inout TrackingSession,
                    renderer: OverlayRenderer? = nil, overlay: VideoWriter? = nil,
                    progress: ((Int, Double) -> Void)? = nil) throws -> Timing {
        let free = BoundedQueue<Frame>(capacity: depth)
        let full = BoundedQueue<Frame>(capacity: depth)
        for _ in 0..<depth {
            free.push(Frame(number: 0, timestamp: 0, width: 0, height: 0, format: reader.options.format, pixels: []))
        }
        let shared = DecodeState()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [reader] in
            defer { full.close(); done.signal() }
            let clock = ContinuousClock()
            while var frame = free.pop() {
                let t0 = clock.now
                do {
                    guard try reader.read(into: &frame) else { return }
                } catch {
                    shared.set(error: error)
                    return
                }
                shared.add(decode: (clock.now - t0) / .seconds(1))
                if !full.push(frame) { return }
            }
        }
        thread.name = "trackline-decode"
        thread.start()
        defer {
            free.close(); full.close()
            done.wait()
        }

        var timing = Timing()
        var renderer = renderer
        let clock = ContinuousClock()
        let start = clock.now
        while var frame = full.pop() {
            let t0 = clock.now
            let detections = try detector.detect(in: frame)
            let t1 = clock.now
            let boxes = try session.process(frame: frame.number, time: frame.timestamp, detections: detections)
            let t2 = clock.now
            if let w = overlay {
                renderer?.draw(boxes, on: &frame)
                try w.write(frame)
            }
            let t3 = clock.now
            timing.detect += (t1 - t0) / .seconds(1)
            timing.track += (t2 - t1) / .seconds(1)
            timing.render += (t3 - t2) / .seconds(1)
            timing.frames += 1
            free.push(frame)
            progress?(timing.frames, (clock.now - start) / .seconds(1))
        }
        if let e = shared.error { throw e }
        timing.wall = (clock.now - start) / .seconds(1)
        timing.decode = shared.decodeSeconds
        return timing
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

/// Detections from a file, served frame by frame (by `Frame.number`) to the pipeline.
public struct FileDetections: Detector {
    public let sequence: DetectionSequence
    public init(_ sequence: DetectionSequence) { self.sequence = sequence }
    public mutating func detect(in frame: Frame) throws -> [Detection] {
        let k = frame.number - sequence.frames.lowerBound
        return k >= 0 && k < sequence.byFrame.count ? sequence.byFrame[k] : []
    }
}
