import Foundation
import Testing
import TracklineCore
import SequenceModel
@testable import Tracking

/// The committed appearance weights (`Models/seq2seq-appearance.safetensors`), which the CLI
/// uses for seq2seq when boxes carry colour histograms (`--appearance`).
@Suite struct Seq2SeqAppearanceModelTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let weights = root.appendingPathComponent(Seq2SeqTracker.appearanceModelName).path

    @Test func theAppearanceWeightsReadHistogramsAndAreFoundByDefault() throws {
        let (model, metadata) = try Seq2SeqModel.load(path: Self.weights)
        #expect(model.config.appearanceDim == 256)
        #expect(metadata["training_config"]?.contains("appearanceShared") == true)
        guard ProcessInfo.processInfo.environment["TRACKLINE_SEQ2SEQ_MODEL"] == nil else { return }
        #expect(Seq2SeqTracker.defaultModelPath(appearance: true)?.hasSuffix(Seq2SeqTracker.appearanceModelName) == true)
        #expect(Seq2SeqTracker.defaultModelPath(appearance: false)?.hasSuffix(Seq2SeqTracker.defaultModelName) == true)
    }

    /// A unit vector near `base` (noise of norm ~`sigma`), like a colour histogram of the same
    /// person in another frame.
    static func noisy(_ base: [Float], _ sigma: Double, _ rng: inout RandomSource) -> [Float] {
        let scale = Float(sigma / Double(base.count).squareRoot())
        let v = base.map { $0 + scale * Float(rng.nextNormal()) }
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / n }
    }

    @Test func twoPeopleWhoMeetAndTurnBackKeepTheirIdsByAppearance() throws {
        // A walks right and B left at 6 px a frame (10 fps); they meet at x = 220 in frame 20,
        // one box covers both in frames 20-21, then each turns back. Motion alone says they
        // passed each other; their colours (cosine ~0.5 apart, as two people on PETS09) say not.
        var rng = RandomSource(seed: 7)
        let scene = Self.noisy([Float](repeating: 0, count: 256), 1, &rng)
        let own = (0..<2).map { _ in Self.noisy([Float](repeating: 0, count: 256), 1, &rng) }
        let colour = own.map { o in Self.noisy(zip(o, scene).map { $0 + $1 }, 0, &rng) }
        let apart = zip(colour[0], colour[1]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(apart > 0.35 && apart < 0.65, "cosine between the two people: \(apart)")
        func x(_ person: Int, _ f: Int) -> Double {
            let d = 6 * Double(f <= 20 ? f : 40 - f)
            return person == 0 ? 100 + d : 340 - d
        }
        var c = Seq2SeqTracker.Configuration(frameRate: 10, useAppearance: true)
        c.kalmanWeight = 0
        var tracker = try Seq2SeqTracker.load(path: Self.weights, configuration: c)
        var frames: [[Detection]] = []
        for f in 1...40 {
            let people = (20...21).contains(f) ? [0] : [0, 1]
            frames.append(people.map { p in
                Detection(frame: f, box: BoundingBox(x: x(p, f), y: 150, width: 40, height: 100), score: 0.97,
                          feature: Self.noisy(colour[p], 0.35, &rng))
            })
        }
        for (i, dets) in frames.enumerated() { _ = tracker.update(frame: i + 1, detections: dets) }
        // Whose box each output box is (the nearer person), before the meeting and after it.
        var before: [Int: Set<Int>] = [0: [], 1: []], after: [Int: Set<Int>] = [0: [], 1: []]
        for traj in tracker.finish() {
            for b in traj.boxes where b.frame <= 18 || b.frame >= 24 {
                let person = abs(b.box.x - x(0, b.frame)) < abs(b.box.x - x(1, b.frame)) ? 0 : 1
                if b.frame <= 18 { before[person, default: []].insert(traj.id) } else { after[person, default: []].insert(traj.id) }
            }
        }
        #expect(before[0]?.count == 1 && before[1]?.count == 1 && before[0] != before[1], "before: \(before)")
        #expect(after == before, "before: \(before), after: \(after)")
    }

    @Test func duplicateIoUIsAnOptionInZeroToOne() throws {
        var c = Seq2SeqTracker.Configuration()
        #expect(c.duplicateIoU == nil)
        try c.set("duplicate_iou", to: 0.7)
        #expect(c.duplicateIoU == 0.7)
        #expect(Seq2SeqTracker.Configuration.optionNames.contains("duplicate_iou"))
        #expect(Seq2SeqTracker.Configuration.problem("duplicate_iou", 1.5) != nil)
        #expect(Seq2SeqTracker.Configuration.problem("duplicate_iou", 0.7) == nil)
    }
}
