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

    @Test func smoothingAveragesTheDetectionsNotTheTrackersStates() {
        // A tracker's state lags a walker by 10 px; its detections sit on the walk. The smoothed
        // boxes follow the detections; a box without one (frame 20) counts as itself.
        var boxes = (1...20).map { f -> TrackedBox in
            var b = box(f, 1, Double(4 * f) - 10, 100)
            b.detection = BoundingBox(x: Double(4 * f), y: 100, width: 20, height: 50)
            return b
        }
        boxes[19].detection = nil
        let s = Smoothing.apply([Trajectory(id: 1, boxes: boxes)], radius: 2)[0].boxes
        for b in s[2..<17] { #expect(abs(b.box.x - Double(4 * b.frame)) < 1e-9) }
        #expect(abs(s[19].box.x - (Double(4 * 18 + 4 * 19 + 80 - 10)) / 3) < 1e-9)
        // Gap fills carry detections on the line between the ends' detections, when both have one.
        let ends = [boxes[0], boxes[4]]
        let filled = Interpolation.fill([Trajectory(id: 1, boxes: ends)], maxGap: 5)[0].boxes
        #expect(filled.map(\.frame) == [1, 2, 3, 4, 5])
        #expect(filled[2].detection == BoundingBox(x: 12, y: 100, width: 20, height: 50))
        #expect(filled[2].box.x == 2)
        let oneSided = Interpolation.between(boxes[0], box(5, 1, 10, 100), maxGap: 5)
        #expect(oneSided.count == 3 && oneSided.allSatisfy { $0.detection == nil })
    }

    @Test func kalmanTrackersReportTheirDetectionBesideTheirState() {
        // A walker at 6 px/frame that stops dead: the Kalman boxes overshoot, the detection does not.
        var trackers: [any Tracker] = [ByteTrack(), SORT()]
        for k in trackers.indices {
            var last: [TrackedBox] = []
            for f in 1...12 {
                let x = Double(min(f, 8) * 6)
                let d = Detection(frame: f, box: BoundingBox(x: x, y: 40, width: 30, height: 80), score: 0.95)
                last = trackers[k].update(frame: f, detections: [d])
            }
            #expect(last.count == 1)
            #expect(last.first?.detection == BoundingBox(x: 48, y: 40, width: 30, height: 80))
            #expect((last.first?.box.x ?? 0) != 48)
        }
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
                var b = box(f, id, Double(id * 100 + 3 * f) + 6 * rnd(), 50 + 4 * rnd(), 30 + 2 * rnd(), 80 + 5 * rnd())
                if id == 3 { b.detection = BoundingBox(x: b.box.x + 5 * rnd(), y: b.box.y, width: 30, height: 80) }
                boxes.append(b)
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
