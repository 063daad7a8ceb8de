import Testing
import TracklineCore
@testable import Tracking

@Suite struct TrackerIdentityTests {
    static let walkers = Scene(walkers: [
        Walker(identity: 1, start: (50, 50), velocity: (3, 0)),
        Walker(identity: 2, start: (50, 250), velocity: (3, 0.5)),
        Walker(identity: 3, start: (600, 400), velocity: (-2, -1)),
    ], frames: 100)

    @Test func straightWalkersKeepTheirIDs() {
        var bt = ByteTrack()
        #expect(identities(&bt, Self.walkers) == [1: [1], 2: [2], 3: [3]])
        var sort = SORT()
        #expect(identities(&sort, Self.walkers) == [1: [1], 2: [2], 3: [3]])
    }

    @Test func twoCrossingWalkersKeepTheirIDs() {
        let scene = Scene(walkers: [
            Walker(identity: 1, start: (100, 200), velocity: (5, 0)),
            Walker(identity: 2, start: (500, 230), velocity: (-5, 0)),
        ], frames: 80)
        var bt = ByteTrack()
        #expect(identities(&bt, scene) == [1: [1], 2: [2]])
    }

    @Test func occludedForTenFramesComesBackWithItsID() {
        let scene = Scene(walkers: [
            Walker(identity: 1, start: (100, 200), velocity: (4, 0), visible: { !(30..<40).contains($0) }),
            Walker(identity: 2, start: (100, 400), velocity: (2, -1)),
        ], frames: 70)
        var bt = ByteTrack()
        #expect(identities(&bt, scene) == [1: [1], 2: [2]])
        // SORT forgets a track after one missed frame (max_age 1): a new id after the gap.
        var sort = SORT()
        #expect(identities(&sort, scene) == [1: [1, 3], 2: [2]])
    }

    @Test func leavingAndReenteringGetsANewIDAndIDsAreNotReused() {
        // Walks right, leaves at frame 40, comes back from the left edge at frame 120 (> 30-frame buffer).
        let scene = Scene(walkers: [
            Walker(identity: 1, start: (300, 200), velocity: (8, 0), visible: { $0 < 40 }),
            Walker(identity: 2, start: (-660, 210), velocity: (8, 0), visible: { $0 >= 120 }),
            Walker(identity: 3, start: (100, 400), velocity: (1, 0)),
        ], frames: 160)
        var bt = ByteTrack()
        #expect(identities(&bt, scene) == [1: [1], 3: [2], 2: [3]])
    }

    @Test func lifecycleStates() {
        var bt = ByteTrack()
        let d = Detection(frame: 1, box: BoundingBox(x: 10, y: 10, width: 40, height: 100), score: 0.9)
        _ = bt.update(frame: 1, detections: [d])
        #expect(Array(bt.states.values) == [.confirmed])  // born in the first frame
        var e = d; e.frame = 2; e.box.x += 100
        _ = bt.update(frame: 2, detections: [d, e])
        #expect(bt.states.values.sorted { $0.rawValue < $1.rawValue } == [.confirmed, .tentative])
        _ = bt.update(frame: 3, detections: [])
        #expect(bt.states.values.sorted { $0.rawValue < $1.rawValue } == [.lost])  // tentative removed
        for f in 4...40 { _ = bt.update(frame: f, detections: []) }
        #expect(bt.states.isEmpty)  // lost longer than the 30-frame buffer
    }

    @Test func sortWarmUpAndMinHits() {
        var sort = SORT()
        let b = BoundingBox(x: 10, y: 10, width: 40, height: 100)
        // Reported in the first min_hits frames of the stream even when new.
        #expect(sort.update(frame: 1, detections: [Detection(frame: 1, box: b, score: 1)]).map(\.trackID) == [1])
        var far = b; far.x = 400
        for f in 2...3 { _ = sort.update(frame: f, detections: [Detection(frame: f, box: b, score: 1)]) }
        // A track born at frame 4 is only reported after three consecutive hits.
        var reported: [[Int]] = []
        for f in 4...7 {
            reported.append(sort.update(frame: f, detections: [Detection(frame: f, box: b, score: 1),
                                                               Detection(frame: f, box: far, score: 1)]).map(\.trackID))
        }
        #expect(reported == [[1], [1], [1], [1, 2]])
    }

    @Test func factoryKnowsTheTrackers() throws {
        #expect(TrackerFactory.names == ["seq2seq", "bytetrack", "sort"])
        #expect(try TrackerFactory.make("SORT") is SORT)
        #expect(try TrackerFactory.make("nope") == nil)
    }

    @Test func finishReturnsWhatUpdateReported() {
        var bt = ByteTrack()
        let (byFrame, _) = Self.walkers.detections()
        var seen: [TrackedBox] = []
        for (k, d) in byFrame.enumerated() { seen += bt.update(frame: k + 1, detections: d) }
        let traj = bt.finish()
        #expect(traj.map(\.id) == [1, 2, 3])
        #expect(traj.flatMap(\.boxes).sorted { ($0.frame, $0.trackID) < ($1.frame, $1.trackID) } == seen)
    }
}
