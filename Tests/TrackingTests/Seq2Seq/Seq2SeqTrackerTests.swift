import Foundation
import SequenceModel
import Testing
import TracklineCore
@testable import Tracking

@Suite struct Seq2SeqTrackerTests {
    /// An untrained small model: the tests check the tracker's bookkeeping, not its accuracy.
    func tinyModel() -> Seq2SeqModel {
        var c = Seq2SeqConfig()
        c.history = 4; c.width = 8; c.heads = 2; c.encoderLayers = 1; c.decoderLayers = 1
        c.feedForward = 16; c.maxCandidates = 4; c.maxAge = 8
        return Seq2SeqModel(config: c, seed: 1)
    }

    func walkers(frames: Int) -> [[Detection]] {
        (1...frames).map { f in
            [Detection(frame: f, box: BoundingBox(x: 10 + 3 * Double(f), y: 50, width: 20, height: 50), score: 0.95),
             Detection(frame: f, box: BoundingBox(x: 300 - 3 * Double(f), y: 80, width: 20, height: 50), score: 0.95),
             Detection(frame: f, box: BoundingBox(x: 600, y: 400, width: 20, height: 50), score: 0.3)]
        }
    }

    @Test func bookkeepingFollowsTheTrackerContract() {
        var tracker = Seq2SeqTracker(model: tinyModel())
        var reported: [TrackedBox] = []
        for (i, dets) in walkers(frames: 12).enumerated() {
            let out = tracker.update(frame: i + 1, detections: dets)
            #expect(out.map(\.trackID) == out.map(\.trackID).sorted())
            #expect(out.allSatisfy { $0.trackID > 0 && $0.frame == i + 1 })
            // The low-score box never starts a track.
            #expect(!out.contains { $0.box.x > 500 })
            reported.append(contentsOf: out)
        }
        #expect(!reported.isEmpty)
        let trajectories = tracker.finish()
        #expect(trajectories.map(\.id) == trajectories.map(\.id).sorted())
        #expect(trajectories.reduce(0) { $0 + $1.boxes.count } == reported.count)
    }

    @Test func emptyAndInvalidFramesAreHarmless() {
        var tracker = Seq2SeqTracker(model: tinyModel())
        #expect(tracker.update(frame: 1, detections: []).isEmpty)
        let bad = [Detection(frame: 2, box: BoundingBox(x: .nan, y: 0, width: 10, height: 10), score: 0.99),
                   Detection(frame: 2, box: BoundingBox(x: 0, y: 0, width: 0, height: 10), score: 0.99)]
        #expect(tracker.update(frame: 2, detections: bad).isEmpty)
        for f in 3...40 { _ = tracker.update(frame: f, detections: f % 7 == 0 ? [] : walkers(frames: f)[f - 1]) }
        _ = tracker.finish()
    }

    @Test func missingWeightsGiveAnError() {
        #expect(throws: (any Error).self) { try Seq2SeqTracker.checkModel(path: "/nonexistent/seq2seq.safetensors") }
    }

    @Test func factoryKnowsSeq2Seq() {
        #expect(TrackerFactory.names.contains("seq2seq"))
        #expect(TrackerFactory.parameterNames("seq2seq").contains("new_track_thresh"))
    }
}
