import Foundation
import SequenceModel
import Testing
import TracklineCore
@testable import Tracking

/// Out-of-range tracker parameters are refused with a message naming the range, from the
/// CLI's parsing and from library calls alike, before any tracker runs.
@Suite struct TrackerOptionRangeTests {
    @Test(arguments: [1e300, 1e19, -1, 1.5, Double.infinity, Double.nan])
    func byteTrackRejectsBadTrackBuffer(value: Double) {
        #expect(TrackerFactory.parameterProblem("bytetrack", "track_buffer", value) != nil)
        var c = ByteTrack.Configuration(frameRate: 30)
        #expect(throws: ParameterError.self) { try c.set("track_buffer", to: value) }
        #expect(c.trackBuffer == 30)
    }

    /// Values the reliability report found accepted (issue: "out-of-range values accepted").
    @Test(arguments: [("bytetrack", "track_thresh", -1.0), ("bytetrack", "track_thresh", 2), ("bytetrack", "new_track_thresh", -1),
                      ("seq2seq", "fallback_iou", -1), ("seq2seq", "kalman_weight", -5), ("seq2seq", "gate_growth", -1),
                      ("seq2seq", "new_track_thresh", -1), ("sort", "iou_threshold", 1.5), ("sort", "min_hits", 2.5)])
    func outOfRangeValuesAreRefused(tracker: String, name: String, value: Double) throws {
        let kind = try #require(TrackerFactory.kind(tracker))
        #expect(kind.problem(name, value) != nil)
        #expect(throws: ParameterError.self) { try kind.parse("\(name)=\(value)") }
        #expect(throws: ParameterError.self) {
            _ = try TrackerFactory.make("bytetrack" == tracker || "sort" == tracker ? tracker : "sort",
                                        options: .init(parameters: tracker == "seq2seq" ? ["nonsense": 1] : [name: value]))
        }
    }

    @Test func parsingTakesDecimalsOnly() throws {
        let kind = try #require(TrackerFactory.kind("bytetrack"))
        #expect(try kind.parse("track_thresh=0.6") == ("track_thresh", 0.6))
        #expect(try kind.parse("fuse_score=off") == ("fuse_score", 0))
        for bad in ["track_thresh=0x1", "track_thresh=inf", "track_thresh=nan", "track_thresh", "=1", "track_thresh=0.5=1"] {
            #expect(throws: ParameterError.self, "\(bad)") { try kind.parse(bad) }
        }
        #expect(throws: ParameterError.unknown(name: "nope", component: "bytetrack", known: kind.parameterNames)) {
            try kind.parse("nope=1")
        }
    }

    @Test func everyParameterDefaultIsInItsRange() {
        func check<C>(_ table: ParameterTable<C>, _ defaults: C) {
            for p in table.parameters {
                if let v = p.value(in: defaults) { #expect(p.problem(v) == nil, "\(table.component).\(p.name) default \(v)") }
                #expect(!p.doc.isEmpty && !p.doc.lowercased().contains("session"))
            }
        }
        check(ByteTrack.Configuration.parameters, ByteTrack.Configuration())
        check(Seq2SeqTracker.Configuration.parameters, Seq2SeqTracker.Configuration())
        check(SORT.parameters, SORT())
    }

    @Test func byteTrackAcceptsOrdinaryValues() {
        #expect(TrackerFactory.parameterProblem("bytetrack", "track_buffer", 60) == nil)
        #expect(TrackerFactory.parameterProblem("bytetrack", "track_thresh", 0.6) == nil)
        var c = ByteTrack.Configuration(frameRate: 1e300)
        c.trackBuffer = 1_000_000
        #expect(c.maxTimeLost > 0)
    }

    @Test func seq2seqLostSecondsIsBounded() throws {
        #expect(TrackerFactory.parameterProblem("seq2seq", "lost_seconds", 1e300) != nil)
        #expect(TrackerFactory.parameterProblem("seq2seq", "lost_seconds", -1) != nil)
        #expect(TrackerFactory.parameterProblem("seq2seq", "lost_seconds", 2) == nil)
        var mc = Seq2SeqConfig()
        mc.history = 4; mc.width = 8; mc.heads = 2; mc.encoderLayers = 1; mc.decoderLayers = 1
        mc.feedForward = 16; mc.maxCandidates = 4; mc.maxAge = 8
        var c = Seq2SeqTracker.Configuration(frameRate: 30)
        try c.set("lost_seconds", to: 3600)
        let t = Seq2SeqTracker(model: Seq2SeqModel(config: mc, seed: 1), configuration: c)
        #expect(t.maxLostFrames == 7)
    }
}
