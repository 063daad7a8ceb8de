import Foundation
import Testing
import TracklineCore
import SequenceModel
@testable import Tracking

/// `Seq2SeqTracker.mergeDuplicates`: two tracks that pass one person's box back and forth are
/// merged into the older after `duplicateSwaps` swaps; a single swap (one person walking behind
/// another) changes nothing.
@Suite struct Seq2SeqDuplicateTests {
    static let weights = Seq2SeqAppearanceModelTests.weights

    static func observation(_ frame: Int, _ x: Double) -> Observation {
        Observation(frame: frame, box: BoundingBox(x: x, y: 100, width: 40, height: 100), score: 0.9)
    }

    /// A tracker holding an older track A (key 1) and a younger B (key 2) on one person at
    /// x ~ 100; A's frames and B's frames are given.
    static func pair(a: [Int], b: [Int], swaps: Int) throws -> Seq2SeqTracker {
        var c = Seq2SeqTracker.Configuration(frameRate: 10)
        c.duplicateSwaps = swaps
        var tracker = try Seq2SeqTracker.load(path: weights, configuration: c)
        for (key, frames) in [(1, a), (2, b)] {
            let history = frames.map { observation($0, 100 + Double($0)) }
            tracker.tracks.append(.init(id: key, history: history, kf: XYAHKalman(box: history[0].box),
                                        state: .confirmed, hits: frames.count, key: key))
        }
        return tracker
    }

    @Test func theBoxPassingBackAndForthTwiceEndsTheYoungerTrack() throws {
        // Frame 11: B takes the box A had in frame 10 (swap 1); frame 12: A takes it back (swap 2).
        var tracker = try Self.pair(a: [8, 10], b: [9, 11], swaps: 2)
        var matched = [false, true]
        tracker.mergeDuplicates(frame: 11, iou: 0.7, trackMatched: &matched)
        #expect(tracker.tracks.map(\.state) == [.confirmed, .confirmed] && matched == [false, true])
        tracker.tracks[0].history.append(Self.observation(12, 112))
        matched = [true, false]
        tracker.mergeDuplicates(frame: 12, iou: 0.7, trackMatched: &matched)
        #expect(tracker.tracks.map(\.state) == [.confirmed, .removed])
    }

    @Test func whenTheOlderTrackIsTheOneLeftOutItTakesTheBox() throws {
        var tracker = try Self.pair(a: [8, 10], b: [9, 11], swaps: 1)
        var matched = [false, true]
        tracker.mergeDuplicates(frame: 11, iou: 0.7, trackMatched: &matched)
        #expect(tracker.tracks.map(\.state) == [.confirmed, .removed])
        #expect(matched[0] && tracker.tracks[0].lastFrame == 11 && tracker.tracks[0].history.last?.box.x == 111)
    }

    @Test func aSwapNeedsOverlapAndATakerThatMissedTheFrameBefore() throws {
        // B had its own box in frame 10 as well: two people side by side, not a duplicate.
        var tracker = try Self.pair(a: [8, 10], b: [9, 10, 11], swaps: 1)
        var matched = [false, true]
        tracker.mergeDuplicates(frame: 11, iou: 0.7, trackMatched: &matched)
        #expect(tracker.tracks.map(\.state) == [.confirmed, .confirmed] && matched == [false, true])
        // Overlap below the threshold: B's box is 30 px off A's.
        tracker = try Self.pair(a: [8, 10], b: [9], swaps: 1)
        tracker.tracks[1].history.append(Self.observation(11, 141))
        tracker.mergeDuplicates(frame: 11, iou: 0.7, trackMatched: &matched)
        #expect(tracker.tracks.map(\.state) == [.confirmed, .confirmed])
    }

    @Test func duplicateOptionsAreValidatedAndDefaultToAppearanceOnly() throws {
        var c = Seq2SeqTracker.Configuration()
        #expect(c.duplicateIoU == nil && c.duplicateSwaps == 2)
        try c.set("duplicate_iou", to: 0)
        try c.set("duplicate_swaps", to: 3)
        #expect(c.duplicateIoU == 0 && c.duplicateSwaps == 3)
        #expect(Seq2SeqTracker.Configuration.optionNames.contains("duplicate_swaps"))
        #expect(Seq2SeqTracker.Configuration.problem("duplicate_swaps", 0) != nil)
        #expect(Seq2SeqTracker.Configuration.problem("duplicate_swaps", 2.5) != nil)
        #expect(Seq2SeqTracker.Configuration.problem("duplicate_swaps", 2) == nil)
    }
}
