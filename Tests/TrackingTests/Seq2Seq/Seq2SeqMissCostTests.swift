import SequenceModel
import Testing
import TracklineCore
@testable import Tracking

@Suite struct Seq2SeqMissCostTests {
    func tinyModel() -> Seq2SeqModel {
        var c = Seq2SeqConfig()
        c.history = 4; c.width = 8; c.heads = 2; c.encoderLayers = 1; c.decoderLayers = 1
        c.feedForward = 16; c.maxCandidates = 4; c.maxAge = 8
        return Seq2SeqModel(config: c, seed: 1)
    }

    @Test func missCostIsRangeChecked() throws {
        #expect(TrackerFactory.parameterNames("seq2seq").contains("miss_cost"))
        #expect(TrackerFactory.parameterProblem("seq2seq", "miss_cost", -1) != nil)
        #expect(TrackerFactory.parameterProblem("seq2seq", "miss_cost", 101) != nil)
        #expect(TrackerFactory.parameterProblem("seq2seq", "miss_cost", 3) == nil)
        var c = Seq2SeqTracker.Configuration()
        #expect(c.missCost == 2)
        try c.set("miss_cost", to: 0.5)
        #expect(c.missCost == 0.5)
    }

    /// With a prohibitive cost on "missed" and no probability floor, a track takes its gated
    /// candidate whatever the (untrained) model thinks; the IoU fallback is off, so only the
    /// model stage can have matched it.
    @Test func prohibitiveMissCostKeepsTheTrackOnItsCandidate() {
        var c = Seq2SeqTracker.Configuration(frameRate: 10)
        c.missCost = 100
        c.minProbability = 0
        c.fallbackIoU = 0
        c.linkMinProbability = 0
        var tracker = Seq2SeqTracker(model: tinyModel(), configuration: c)
        let first = tracker.update(frame: 1, detections: [Detection(frame: 1, box: BoundingBox(x: 100, y: 100, width: 20, height: 50), score: 0.95)])
        #expect(first.map(\.trackID) == [1])
        // Moved by 0.6 heights: IoU with the old box is below any IoU rule, but inside the gate.
        let second = tracker.update(frame: 2, detections: [Detection(frame: 2, box: BoundingBox(x: 130, y: 100, width: 20, height: 50), score: 0.95)])
        #expect(second.map(\.trackID) == [1])
    }
}
