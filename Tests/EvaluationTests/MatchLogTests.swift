import Testing
import TracklineCore
@testable import Evaluation

@Suite struct MatchLogTests {
    /// Random sequences: the log's switches, fragmentations, misses and false boxes add up to
    /// CLEAR's counts, and ids are the files' own.
    @Test func logAddsUpToCLEAR() throws {
        var rng = SplitMix(seed: 19)
        for _ in 0..<30 {
            var gt: [MOTRow] = [], pred: [MOTRow] = []
            let frames = Int.random(in: 5...40, using: &rng)
            for f in 1...frames {
                for id in [3, 7, 11, 20] where Double.random(in: 0..<1, using: &rng) < 0.8 {
                    let b = BoundingBox(x: Double(id * 30) + Double(f), y: 10, width: 20, height: 40)
                    gt.append(MOTRow(frame: f, id: id, box: b, confidence: 1, column8: 1, column9: 1))
                    if Double.random(in: 0..<1, using: &rng) < 0.85 {
                        let tid = id * 10 + (Double.random(in: 0..<1, using: &rng) < 0.1 ? 1 : 0)
                        var pb = b
                        pb.x += Double.random(in: -4...4, using: &rng)
                        pred.append(MOTRow(frame: f, id: tid, box: pb))
                    }
                }
                if Double.random(in: 0..<1, using: &rng) < 0.3 {
                    pred.append(MOTRow(frame: f, id: 500 + f, box: BoundingBox(x: 900, y: 900, width: 10, height: 10)))
                }
            }
            // Distinct ids within a frame for the predictions.
            var seen = Set<[Int]>()
            pred = pred.filter { seen.insert([$0.frame, $0.id]).inserted }
            let data = try SequenceData(name: "s", groundTruth: MOTFile(rows: gt), prediction: MOTFile(rows: pred),
                                        seqLength: frames, flavour: .mot15)
            let plain = try CLEAR().evaluate(data)
            let (result, log) = try CLEAR().evaluateWithLog(data)
            #expect(result == plain)
            #expect(log.frames.count == frames)
            #expect(log.switchCount == result.idsw)
            #expect(log.fragmentationCount == result.frag)
            #expect(log.frames.reduce(0) { $0 + $1.misses.count } == result.fn)
            #expect(log.frames.reduce(0) { $0 + $1.falseTracks.count } == result.fp)
            #expect(log.frames.reduce(0) { $0 + $1.matches.count } == result.tp)
            let gtIDs = Set(gt.map(\.id)), predIDs = Set(pred.map(\.id))
            for f in log.frames {
                #expect(f.matches.allSatisfy { gtIDs.contains($0.gt) && predIDs.contains($0.track) })
                #expect(f.switches.allSatisfy { predIDs.contains($0.from) && predIDs.contains($0.to) && $0.from != $0.to })
            }
        }
    }
}
