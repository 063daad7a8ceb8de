import SequenceModel
import Testing
import TracklineCore
@testable import Tracking

/// Tentative tracks (born after the first frame) are confirmed by ByteTrack's IoU rule when the
/// model will not match them, but only by a detection confident enough to have started a track.
@Suite struct Seq2SeqTentativeTests {
    func tracker(link: Bool = false, reportBirths: Bool = false) -> Seq2SeqTracker {
        var m = Seq2SeqConfig()
        m.history = 4; m.width = 8; m.heads = 2; m.encoderLayers = 1; m.decoderLayers = 1
        m.feedForward = 16; m.maxCandidates = 4; m.maxAge = 8
        var c = Seq2SeqTracker.Configuration(frameRate: 15)
        // The model stage never matches: no probability reaches 1.
        c.minProbability = 1
        c.newTrackThreshold = 0.4
        c.linkMinProbability = link ? 0.01 : 0
        c.reportBirths = reportBirths
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

    @Test func withLinkingTheBirthDetectionIsReportedToo() throws {
        // The output is late anyway: the frame a track was born in (tentative) is written once
        // the track is confirmed; online, or with report_births=0, it is not.
        for (link, births, first) in [(true, true, 2), (true, false, 3), (false, true, 3)] {
            var t = tracker(link: link, reportBirths: births)
            _ = t.update(frame: 1, detections: [])
            for f in 2...6 { _ = t.update(frame: f, detections: [person(f, x: 100 + 2 * Double(f), score: 0.5)]) }
            let trajectories = t.finish()
            #expect(trajectories.count == 1)
            #expect(trajectories.first?.boxes.map(\.frame) == Array(first...6), "link \(link), births \(births)")
            // The birth box is the detection itself (later boxes are the Kalman state).
            if births && link { #expect(trajectories.first?.boxes.first?.box.x == 104) }
        }
        var c = Seq2SeqTracker.Configuration()
        try c.set("report_births", to: 0)
        #expect(!c.reportBirths)
        #expect(Seq2SeqTracker.Configuration.problem("report_births", 0.5) != nil)
    }

    @Test func weakDetectionDoesNotConfirmATentativeTrack() {
        var t = tracker()
        #expect(t.update(frame: 1, detections: []).isEmpty)
        #expect(t.update(frame: 2, detections: [person(2, x: 100, score: 0.5)]).isEmpty)
        #expect(t.update(frame: 3, detections: [person(3, x: 102, score: 0.3)]).isEmpty)
    }
}
