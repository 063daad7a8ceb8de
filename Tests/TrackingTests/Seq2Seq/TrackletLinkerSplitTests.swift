import SequenceModel
import Testing
import TracklineCore
@testable import Tracking

/// A scorer that links exactly the pairs it is told to (whatever the geometry says): a pair is
/// named by the ended tracklet's last (frame, x) and the new tracklet's first (frame, x).
struct ScriptedLinkScorer: TrackletLinkScoring {
    struct Pair: Hashable { var endFrame: Int, endX: Int, startFrame: Int, startX: Int }
    var links: Set<Pair>
    mutating func score(ends: [[Observation]], starts: [[Observation]], into scores: inout [Double]) {
        scores = zip(ends, starts).map { e, s in
            guard let last = e.last, let first = s.first else { return -.infinity }
            let pair = Pair(endFrame: last.frame, endX: Int(last.box.x), startFrame: first.frame, startX: Int(first.box.x))
            return links.contains(pair) ? 0 : -.infinity
        }
    }
}

@Suite struct TrackletLinkerSplitTests {
    /// Regression: with `splitIoU`, pruning the tracker-id -> piece map dropped a piece cut in that
    /// very frame, so the tracker id came back under its own id after that id had been handed
    /// down a linked chain: the same final id on two boxes of one frame.
    @Test func aTrackerIdCutWhileThePieceMapIsPrunedNeverDuplicatesAnId() {
        let config = TrackletLinker.Configuration(maxGap: 10, probeFrames: 3, minProbability: 0.01, history: 8, splitIoU: 0.3)
        func box(_ f: Int, _ id: Int, x: Double, y: Double) -> TrackedBox {
            TrackedBox(frame: f, trackID: id, box: BoundingBox(x: x, y: y, width: 40, height: 100), score: 0.9)
        }
        var boxes: [TrackedBox] = []
        for f in 1...60 {
            // Tracker 1 stands still; tracker 2 overlaps it in frames 5-20, so tracker 1 is cut
            // at 5 (ambiguous) and at 21 (clear again).
            boxes.append(box(f, 1, x: 100, y: 100))
            if (5...20).contains(f) { boxes.append(box(f, 2, x: 110, y: 100)) }
            // Tracker 3 appears far away at 25.
            if f >= 25 { boxes.append(box(f, 3, x: 500, y: 100)) }
        }
        // One-frame tracks far from everyone: 30 in frames 8-20 and one more at 21 push the
        // piece map over its pruning threshold exactly at the second cut.
        for k in 0..<31 {
            let f = k == 30 ? 21 : 8 + k % 13
            boxes.append(box(f, 100 + k, x: Double(k) * 60, y: 400))
        }
        // Tracker 1's first piece continues in its second; that piece (ended by the cut at 21)
        // continues in tracker 3, so its id lives on in frames 21-60.
        let scorer = ScriptedLinkScorer(links: [.init(endFrame: 4, endX: 100, startFrame: 5, startX: 100),
                                                .init(endFrame: 20, endX: 100, startFrame: 25, startX: 500)])
        var linker = TrackletLinker(configuration: config)
        var s = scorer
        var out: [(frame: Int, boxes: [TrackedBox])] = []
        for f in 1...60 {
            let now = boxes.filter { $0.frame == f }.sorted { $0.trackID < $1.trackID }
            out += linker.push(frame: f, boxes: now, observations: now.map { Observation(frame: f, box: $0.box, score: $0.score) }, scorer: &s)
        }
        out += linker.flush(scorer: &s)
        #expect(out.map(\.frame) == Array(1...60))
        for (f, b) in out {
            #expect(Set(b.map(\.trackID)).count == b.count, "frame \(f): ids \(b.map(\.trackID).sorted())")
        }
        // The scripted links were made: tracker 3's boxes carry tracker 1's id.
        let idOf3 = Set(out.flatMap { $0.boxes.filter { $0.box.x == 500 }.map(\.trackID) })
        #expect(idOf3 == [1], "\(idOf3)")
        // Tracker 1's boxes after its second cut are one piece with one id, not tracker 1's id.
        let late = Set(out.flatMap { $0.boxes.filter { $0.frame >= 21 && $0.box.x == 100 }.map(\.trackID) })
        #expect(late.count == 1 && !late.contains(1), "\(late)")
    }

    @Test func splittingKeepsStateBoundedAndIdsUniqueOnALongStream() {
        let config = TrackletLinker.Configuration(maxGap: 10, probeFrames: 3, minProbability: 0.01, history: 8, splitIoU: 0.3)
        var linker = TrackletLinker(configuration: config)
        var scorer = ConstantVelocityScorer()
        var released = 0
        for f in 1...3_000 {
            // Pairs of walkers, a new pair every 25 frames, overlapping in the middle of their 20 frames.
            let id = (f - 1) / 25 + 1, age = (f - 1) % 25
            var now: [TrackedBox] = []
            if age < 20 {
                let dx = abs(Double(age) - 10) * 6
                now = [TrackedBox(frame: f, trackID: 2 * id, box: BoundingBox(x: 300 - dx, y: 0, width: 40, height: 100), score: 0.9),
                       TrackedBox(frame: f, trackID: 2 * id + 1, box: BoundingBox(x: 300 + dx, y: 0, width: 40, height: 100), score: 0.9)]
            }
            for (_, b) in linker.push(frame: f, boxes: now, observations: now.map { Observation(frame: f, box: $0.box, score: 0.9) }, scorer: &scorer) {
                released += 1
                #expect(Set(b.map(\.trackID)).count == b.count)
            }
            #expect(linker.piece.count <= 64 && linker.tracklets.count <= 12 && linker.window.count <= linker.delay + 1)
        }
        released += linker.flush(scorer: &scorer).count
        #expect(released == 3_000)
    }
}
