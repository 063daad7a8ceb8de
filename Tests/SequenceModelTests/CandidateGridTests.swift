import Foundation
import Testing
import TracklineCore
@testable import SequenceModel

/// The candidate grid of `AssociationBatch` only changes which detections are tested, never the
/// candidates: batches built with it and by testing every detection are identical (candidate
/// lists, their order, every feature), on crowds, duplicates, far-off and huge coordinates,
/// long gaps (wide gates) and frames where a grid cannot be used.
@Suite struct CandidateGridTests {
    static func scene(rng: inout RandomSource, tracks: Int, detections: Int, spread: Double, offset: Double,
                      duplicates: Bool) -> (histories: [[Observation]], detections: [Observation]) {
        let frame = 100
        var histories: [[Observation]] = []
        for _ in 0..<tracks {
            let n = 1 + rng.nextInt(20)
            var x = offset + spread * rng.nextUniform(), y = offset + 0.7 * spread * rng.nextUniform()
            let vx = 8 * rng.nextUniform() - 4, vy = 6 * rng.nextUniform() - 3, h = 10 + 150 * rng.nextUniform()
            // Some tracks were last seen long ago: wide gates.
            var f = frame - 1 - (rng.nextUniform() < 0.2 ? rng.nextInt(60) : rng.nextInt(2)) - n
            var history: [Observation] = []
            for _ in 0..<n {
                f += 1
                x += vx; y += vy
                history.append(Observation(frame: f, box: BoundingBox(x: x, y: y, width: h * 0.4, height: h), score: 0.9))
            }
            histories.append(history)
        }
        var dets: [Observation] = []
        for k in 0..<detections {
            if duplicates && k > 0 && rng.nextUniform() < 0.2 {
                dets.append(dets[rng.nextInt(dets.count)])
                continue
            }
            let h = 10 + 150 * rng.nextUniform()
            let box = BoundingBox(x: offset + spread * rng.nextUniform(), y: offset + 0.7 * spread * rng.nextUniform(),
                                  width: h * (0.3 + 0.2 * rng.nextUniform()), height: h)
            dets.append(Observation(frame: frame, box: box, score: Float(0.1 + 0.9 * rng.nextUniform())))
        }
        return (histories, dets)
    }

    static func assertSame(_ histories: [[Observation]], _ detections: [Observation], frame: Int = 100) {
        var config = Seq2SeqConfig()
        config.maxCandidates = 12
        var withGrid = AssociationBatch(config: config)
        var brute = AssociationBatch(config: config)
        brute.usesGrid = false
        withGrid.build(histories: histories, frame: frame, detections: detections, compact: true)
        brute.build(histories: histories, frame: frame, detections: detections, compact: true)
        #expect(withGrid.queries == brute.queries)
        #expect(withGrid.candidateIndex == brute.candidateIndex)
        #expect(withGrid.queryFeatures.map(\.bitPattern) == brute.queryFeatures.map(\.bitPattern))
        #expect(withGrid.observationFeatures.map(\.bitPattern) == brute.observationFeatures.map(\.bitPattern))
        for t in 0..<histories.count { #expect(withGrid.candidateCount(t) == brute.candidateCount(t)) }
    }

    @Test func sameCandidatesAsTestingEveryDetection() {
        var rng = RandomSource(seed: 7)
        var candidates = 0
        for round in 0..<60 {
            let tracks = 1 + rng.nextInt(round < 30 ? 40 : 250)
            let detections = rng.nextInt(round < 30 ? 40 : 300)
            let spread = [100.0, 800, 2000, 20000][round % 4]
            let offset = [0.0, -500, 1e7, 3e11][(round / 4) % 4]
            let (h, d) = Self.scene(rng: &rng, tracks: tracks, detections: detections, spread: spread, offset: offset,
                                    duplicates: round % 3 == 0)
            Self.assertSame(h, d)
            var b = AssociationBatch(config: Seq2SeqConfig())
            b.build(histories: h, frame: 100, detections: d, compact: true)
            for t in 0..<tracks { candidates += b.candidateCount(t) }
        }
        #expect(candidates > 1000)  // the scenes do produce candidates
    }

    /// Detections on one spot, on one line, and with a non-finite centre (no grid that frame).
    @Test func degenerateFrames() {
        let frame = 100
        let track = [Observation(frame: 98, box: BoundingBox(x: 100, y: 100, width: 20, height: 50), score: 0.9),
                     Observation(frame: 99, box: BoundingBox(x: 102, y: 101, width: 20, height: 50), score: 0.9)]
        let spot = (0..<30).map { _ in Observation(frame: frame, box: BoundingBox(x: 104, y: 100, width: 20, height: 50), score: 0.5) }
        Self.assertSame([track, track], spot)
        let line = (0..<50).map { k in Observation(frame: frame, box: BoundingBox(x: Double(k * 7), y: 100, width: 20, height: 50), score: 0.5) }
        Self.assertSame([track], line)
        var odd = line
        odd.append(Observation(frame: frame, box: BoundingBox(x: 100, y: 100, width: .infinity, height: 50), score: 0.5))
        Self.assertSame([track], odd)
        Self.assertSame([track], [])
    }

    @Test func gridHoldsEveryDetectionOnce() {
        var rng = RandomSource(seed: 11)
        let (_, d) = Self.scene(rng: &rng, tracks: 1, detections: 500, spread: 1000, offset: 0, duplicates: true)
        var grid = CandidateGrid()
        grid.build(d, cellScale: 1.5)
        #expect(grid.usable)
        var seen: [Int] = []
        grid.forEach(in: grid.cells(around: 500, 350, reach: 1e6)!) { seen.append($0) }
        #expect(seen.sorted() == Array(0..<500))
    }
}
