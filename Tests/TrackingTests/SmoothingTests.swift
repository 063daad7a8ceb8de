import Foundation
import Testing
import TracklineCore
@testable import Tracking

@Suite struct SmoothingTests {
    func box(_ f: Int, _ id: Int, _ x: Double, _ y: Double, _ w: Double = 20, _ h: Double = 50) -> TrackedBox {
        TrackedBox(frame: f, trackID: id, box: BoundingBox(x: x, y: y, width: w, height: h), score: 0.9)
    }

    @Test func linearMotionIsKeptAndJitterShrinks() {
        // Interior boxes of a straight walk stay where they are; a jittered walk moves towards it.
        let straight = Trajectory(id: 1, boxes: (1...20).map { box($0, 1, Double(4 * $0), 100) })
        let s = Smoothing.apply([straight], radius: 3)[0]
        for b in s.boxes[3..<17] { #expect(abs(b.box.x - Double(4 * b.frame)) < 1e-9) }
        let jitter = Trajectory(id: 1, boxes: (1...20).map { box($0, 1, Double(4 * $0) + ($0 % 2 == 0 ? 3 : -3), 100) })
        let j = Smoothing.apply([jitter], radius: 2)[0]
        for b in j.boxes[2..<18] { #expect(abs(b.box.x - Double(4 * b.frame)) < 1.0) }
        #expect(j.boxes.map(\.frame) == Array(1...20))
        #expect(j.boxes.allSatisfy { $0.score == 0.9 && $0.trackID == 1 })
    }

    @Test func windowIsInFramesAcrossGaps() {
        // Frames 1 and 10 are too far apart to mix with radius 2.
        let t = Trajectory(id: 7, boxes: [box(1, 7, 0, 0), box(2, 7, 10, 0), box(10, 7, 500, 0)])
        let s = Smoothing.apply([t], radius: 2)[0].boxes
        #expect(s[0].box.x == 5 && s[1].box.x == 5 && s[2].box.x == 500)
        #expect(Smoothing.apply([t], radius: 0) == [t])
    }

    @Test(arguments: [1, 2, 3])
    func streamingEqualsBatch(radius: Int) {
        // Three tracks with gaps and jitter; frames pushed one at a time, some empty.
        var state: UInt64 = 12345
        func rnd() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        var frames: [(frame: Int, boxes: [TrackedBox])] = []
        for f in 1...60 {
            var boxes: [TrackedBox] = []
            for id in 1...3 where rnd() > 0.25 && !(id == 2 && f > 40) {
                boxes.append(box(f, id, Double(id * 100 + 3 * f) + 6 * rnd(), 50 + 4 * rnd(), 30 + 2 * rnd(), 80 + 5 * rnd()))
            }
            frames.append((f, boxes))
        }
        var streamer = StreamingSmoother(radius: radius)
        var out: [(frame: Int, boxes: [TrackedBox])] = []
        for fr in frames { out += streamer.push([fr]) }
        out += streamer.flush()
        #expect(out.map(\.frame) == Array(1...60))
        var byID: [Int: [TrackedBox]] = [:]
        for fr in frames { for b in fr.boxes { byID[b.trackID, default: []].append(b) } }
        let batch = Smoothing.apply(byID.keys.sorted().map { Trajectory(id: $0, boxes: byID[$0]!) }, radius: radius)
        let streamed = out.flatMap(\.boxes).sorted { ($0.trackID, $0.frame) < ($1.trackID, $1.frame) }
        #expect(streamed == batch.flatMap(\.boxes))
    }

    @Test func sessionAppliesTheTrackersDefaultUnlessTold() throws {
        struct Windowed: Tracker {
            var inner = ByteTrack()
            var recordsHistory: Bool { get { inner.recordsHistory } set { inner.recordsHistory = newValue } }
            mutating func update(frame: Int, detections: [Detection]) -> [TrackedBox] { inner.update(frame: frame, detections: detections) }
            mutating func finish() -> [Trajectory] { inner.finish() }
            var defaultOutputFilter: OutputFilter { OutputFilter(interpolate: 5, smooth: 2) }
        }
        let w = try ResultWriter(path: NSTemporaryDirectory() + "smooth-\(UUID().uuidString).txt", format: .mot)
        #expect(TrackingSession(tracker: Windowed(), frameRate: 10, interpolate: nil, writers: [w]).filter == OutputFilter(interpolate: 5, smooth: 2))
        #expect(TrackingSession(tracker: Windowed(), frameRate: 10, interpolate: 0, smooth: 0, writers: [w]).filter == .none)
        #expect(TrackingSession(tracker: ByteTrack(), frameRate: 10, interpolate: nil, writers: [w]).filter == .none)
        w.discard()
    }
}
