import Foundation
import Media
import SequenceModel
import Testing
import TracklineCore
@testable import Tracking

/// Out-of-range `--tracker-option` values are reported, and never trap when set directly.
@Suite struct TrackerOptionRangeTests {
    @Test(arguments: [1e300, 9999999999999999999, -1, 1.5, Double.infinity, Double.nan])
    func byteTrackRejectsBadTrackBuffer(value: Double) {
        #expect(TrackerFactory.parameterProblem("bytetrack", "track_buffer", value) != nil)
        var c = ByteTrack.Configuration(frameRate: 30)
        let known = c.set("track_buffer", to: value)
        #expect(known)
        #expect(c.trackBuffer >= 0 && c.trackBuffer <= ByteTrack.Configuration.maxTrackBuffer)
        _ = c.maxTimeLost
        var t = ByteTrack(c)
        _ = t.update(frame: 1, detections: [Detection(frame: 1, box: BoundingBox(x: 1, y: 1, width: 10, height: 20), score: 0.95)])
    }

    @Test func byteTrackAcceptsOrdinaryValues() {
        #expect(TrackerFactory.parameterProblem("bytetrack", "track_buffer", 60) == nil)
        #expect(TrackerFactory.parameterProblem("bytetrack", "track_thresh", 0.6) == nil)
        var c = ByteTrack.Configuration(frameRate: 1e300)
        c.trackBuffer = 1_000_000
        #expect(c.maxTimeLost > 0)
    }

    @Test func seq2seqLostSecondsIsBounded() {
        #expect(TrackerFactory.parameterProblem("seq2seq", "lost_seconds", 1e300) != nil)
        #expect(TrackerFactory.parameterProblem("seq2seq", "lost_seconds", -1) != nil)
        #expect(TrackerFactory.parameterProblem("seq2seq", "lost_seconds", 2) == nil)
        var mc = Seq2SeqConfig()
        mc.history = 4; mc.width = 8; mc.heads = 2; mc.encoderLayers = 1; mc.decoderLayers = 1
        mc.feedForward = 16; mc.maxCandidates = 4; mc.maxAge = 8
        var c = Seq2SeqTracker.Configuration(frameRate: 30)
        let known = c.set("lost_seconds", to: 1e300)
        #expect(known)
        let t = Seq2SeqTracker(model: Seq2SeqModel(config: mc, seed: 1), configuration: c)
        #expect(t.maxLostFrames == 7)
    }

    @Test func overlaySkipsFarOffBoxesInsteadOfTrapping() {
        var f = Frame(width: 40, height: 30)
        var r = OverlayRenderer()
        for (k, x) in [1e300, -1e300, 5, 1e300].enumerated() {
            let b = TrackedBox(frame: k + 1, trackID: 3, box: BoundingBox(x: x, y: 1e200, width: 1e300, height: 10), score: 1)
            f.number = k + 1
            r.draw([b], on: &f)
        }
        #expect(f.pixels.allSatisfy { $0 == 0 })
    }
}
