import SequenceModel
import Testing
import TracklineCore
@testable import Tracking

/// Tentative tracks (born after the first frame) are confirmed by ByteTrack's IoU rule when the
/// model will not match them, but only by a detection confident enough to have started a track.
@Suite struct Seq2SeqTentativeTests {
    func tracker() -> Seq2SeqTracker {
        var m = Seq2SeqConfig()
        m.history = 4; m.width = 8; m.heads = 2; m.encoderLayers = 1; m.decoderLayers = 1
        m.feedForward = 16; m.maxCandidates = 4; m.maxAge = 8
        var c = Seq2SeqTracker.Configuration(frameRate: 15)
        // The model stage never matches: no probability reaches 1.
        c.minProbability = 1
        c.newTrackThreshold = 0.4
        c.linkMinProbability = 0
        return Seq2SeqTracker(model: Seq2SeqModel(config: m, seed: 1), configuration: c)
    }

    func person(_ frame: Int, x: Double, score: Float) -> Detection {
        Detection(frame: frame, box: BoundingBox(x: x, y: 100, width: 20, height: 50), score: score)
    }

    @Test func tentativeTrackIsConfirmedByAnOverlappingConfidentDetection() {
        var t = tracker()
        #expect(t.update(frame: 1, detections: []).isEmpty)
        // Born tentative (not the first frame): not reported yet.
        #expect(t.update(frame: 2, detections: [person(2, x: 100, score: 0.5)]).isEmpty)
        #expect(t.update(frame: 3, detections: [person(3, x: 102, score: 0.5)]).map(\.trackID) == [1])
        #expect(t.update(frame: 4, detections: [person(4, x: 104, score: 0.5)]).map(\.trackID) == [1])
    }

    @Test func weakDetectionDoesNotConfirmATentativeTrack() {
        var t = tracker()
        #expect(t.update(frame: 1, detections: []).isEmpty)
        #expect(t.update(frame: 2, detections: [person(2, x: 100, score: 0.5)]).isEmpty)
        #expect(t.update(frame: 3, detections: [person(3, x: 102, score: 0.3)]).isEmpty)
    }
}
