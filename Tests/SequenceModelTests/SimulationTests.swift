import Foundation
import Testing
import TracklineCore
@testable import SequenceModel

@Suite struct SimulationTests {
    func smallSimulator() -> PedestrianSimulator {
        var c = SimulatorConfig()
        c.minFrames = 40
        c.maxFrames = 60
        c.minPeople = 4
        c.maxPeople = 6
        c.appearanceDim = 8
        c.appearanceFraction = 1
        return PedestrianSimulator(config: c, noise: DetectorNoiseModel())
    }

    @Test func simulationIsDeterministicAndPlausible() {
        var r1 = RandomSource(seed: 4), r2 = RandomSource(seed: 4)
        let a = smallSimulator().generate(name: "a", using: &r1)
        let b = smallSimulator().generate(name: "a", using: &r2)
        #expect(a.frames.count == b.frames.count && a.frames.count >= 40)
        #expect(a.frames.map { $0.map(\.observation) } == b.frames.map { $0.map(\.observation) })
        let dets = a.frames.flatMap { $0 }
        #expect(dets.count > 40)
        #expect(dets.allSatisfy { $0.observation.score >= 0.5 && $0.observation.score <= 1 })
        #expect(dets.contains { $0.identity > 0 } && dets.allSatisfy { $0.identity > 0 || $0.identity == -1 })
        #expect(dets.filter { $0.identity > 0 }.allSatisfy { $0.observation.feature.count == 8 })
        // Each identity appears at most once per frame and moves plausibly between frames.
        for frame in a.frames {
            let ids = frame.map(\.identity).filter { $0 > 0 }
            #expect(Set(ids).count == ids.count)
        }
        for (_, boxes) in a.truth {
            let frames = boxes.keys.sorted()
            for (f0, f1) in zip(frames, frames.dropFirst()) where f1 == f0 + 1 {
                let p = boxes[f0]!, q = boxes[f1]!
                #expect(abs(q.centerX - p.centerX) < 0.6 * p.height + 40, "jump of \(q.centerX - p.centerX) px")
            }
        }
    }

    @Test func samplesPointAtTheRightDetection() {
        var rng = RandomSource(seed: 5)
        let seq = smallSimulator().generate(name: "s", using: &rng)
        var options = SampleOptions()
        options.sampleProbability = 1
        let samples = SampleGenerator.samples(from: seq, history: 8, options: options, using: &rng)
        #expect(samples.count > 50)
        #expect(samples.contains { $0.target == nil } && samples.contains { $0.target != nil })
        for s in samples {
            #expect(!s.history.isEmpty && s.history.count <= 8)
            #expect(s.history.allSatisfy { $0.frame < s.frame })
            if let t = s.target { #expect(s.candidates[t].frame == s.frame) }
        }
    }

    @Test func calibrationRecoversJitterAndMisses() {
        // Truth: 5 people over 200 frames; detections: truth shifted by known noise, every
        // 4th box missed, one false positive per frame far from everyone.
        var rng = RandomSource(seed: 6)
        var gt: [MOTRow] = [], det: [MOTRow] = []
        for f in 1...200 {
            for p in 0..<5 {
                let box = BoundingBox(x: Double(p) * 150 + Double(f), y: 100, width: 40, height: 120)
                gt.append(MOTRow(frame: f, id: p + 1, box: box))
                if (f + p) % 4 == 0 { continue }
                let n = box.height * 0.03 * rng.nextNormal()
                det.append(MOTRow(frame: f, id: -1, box: BoundingBox(x: box.x + n, y: box.y, width: 40, height: 120), confidence: 0.95))
            }
            det.append(MOTRow(frame: f, id: -1, box: BoundingBox(x: 2000, y: 900, width: 30, height: 90), confidence: 0.52))
        }
        let m = DetectorNoiseModel.calibrate([(detections: det, truth: gt)])
        #expect(abs(m.jitter[0] - 0.03) < 0.006)
        #expect(abs(m.missRate[m.cell(height: 120, occlusion: 0)] - 0.25) < 0.02)
        #expect(abs(m.falsePositivesPerPerson - 0.2) < 0.01)
        #expect(m.falsePositiveNearFraction == 0)
        #expect(m.falsePositiveScores[0] == 200 && m.truePositiveScores[9] == 750)
    }

    @Test func realLabellingMatchesAtIoU() {
        let gt = [MOTRow(frame: 1, id: 7, box: BoundingBox(x: 0, y: 0, width: 10, height: 20)),
                  MOTRow(frame: 1, id: 8, box: BoundingBox(x: 100, y: 0, width: 10, height: 20)),
                  MOTRow(frame: 1, id: 9, box: BoundingBox(x: 300, y: 0, width: 10, height: 20), confidence: 0)]
        let det = [MOTRow(frame: 1, id: -1, box: BoundingBox(x: 101, y: 1, width: 10, height: 20), confidence: 0.9),
                   MOTRow(frame: 1, id: -1, box: BoundingBox(x: 50, y: 0, width: 10, height: 20), confidence: 0.6),
                   MOTRow(frame: 1, id: -1, box: BoundingBox(x: 300, y: 0, width: 10, height: 20), confidence: 0.6)]
        let seq = LabelledSequence.labelling(name: "t", frameRate: 10, detections: det, truth: gt)
        #expect(seq.frames[0].map(\.identity) == [8, -1, -1])
        #expect(seq.truth[7]?[1] != nil && seq.truth[9] == nil)
    }

    @Test func trainingConfigReadsPartialJSON() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"epochs\": 3, \"model\": {\"history\": 8, \"width\": 32, \"heads\": 4, \"encoderLayers\": 1, \"decoderLayers\": 1, \"feedForward\": 64, \"maxCandidates\": 8, \"appearanceDim\": 0, \"maxAge\": 32, \"gateRadius\": 1.5, \"gateGrowth\": 0.25, \"boxLossWeight\": 0.5}}".utf8).write(to: URL(fileURLWithPath: path))
        let c = try TrainingConfig.read(path: path)
        #expect(c.epochs == 3 && c.model.history == 8 && c.batchSize == TrainingConfig().batchSize)
        try Data("{\"epochs\": 0}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SequenceModelError.self) { _ = try TrainingConfig.read(path: path) }
    }
}
