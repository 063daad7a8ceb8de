import Foundation
import Media
import Testing
import TracklineCore
@testable import Detection

/// The motion detector on the bundled synthetic clips, scored against their annotations.
///
/// Rule: every ground-truth box after the detector's warm-up (20 frames) counts, including
/// people cut by the frame edge, touching or overlapping others, except boxes that are mostly
/// hidden behind other people (visibility, MOT column 9, below 0.5 while the box overlaps
/// another ground-truth box of the frame). Detections and boxes are matched one to one (exact
/// assignment on IoU) and a match needs IoU >= 0.5. Release numbers are in docs/detector.md.
@Suite struct MotionDetectorClipTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Score {
        var matched = 0, counted = 0, detections = 0, matchedAll = 0, all = 0
        var recall: Double { Double(matched) / Double(max(counted, 1)) }
        var recallAll: Double { Double(matchedAll) / Double(max(all, 1)) }
        var precision: Double { Double(matchedAll) / Double(max(detections, 1)) }
    }

    static func score(clip name: String) throws -> Score {
        let clip = root.appendingPathComponent("Clips/\(name).mp4").path
        let gt = try MOTFile.read(path: root.appendingPathComponent("Annotations/\(name)/gt/gt.txt").path).rows
        var gtOfFrame: [Int: [MOTRow]] = [:]
        for r in gt { gtOfFrame[r.frame, default: []].append(r) }

        var detector = try MotionDetector()
        let reader = try VideoReader(path: clip)
        var frame = Frame(number: 0, timestamp: 0, width: 0, height: 0, format: .rgb24, pixels: [])
        var s = Score()
        var solver = LinearAssignment()
        while try reader.read(into: &frame) {
            let dets = try detector.detect(in: frame)
            guard frame.number > detector.parameters.warmUpFrames else { continue }
            let rows = gtOfFrame[frame.number] ?? []
            s.detections += dets.count
            var cost = [Double](repeating: 1, count: rows.count * dets.count)
            for (i, g) in rows.enumerated() {
                for (j, d) in dets.enumerated() { cost[i * dets.count + j] = 1 - g.box.iou(d.box) }
            }
            var hit = [Bool](repeating: false, count: rows.count)
            if !rows.isEmpty && !dets.isEmpty {
                for (i, j) in try solver.solve(cost, rows: rows.count, columns: dets.count) where cost[i * dets.count + j] <= 0.5 {
                    hit[i] = true
                }
            }
            for (i, g) in rows.enumerated() {
                s.all += 1
                if hit[i] { s.matchedAll += 1 }
                let behindOthers = g.visibility < 0.5 && rows.indices.contains { j in
                    j != i && rows[j].box.maxX > g.box.x && g.box.maxX > rows[j].box.x
                        && rows[j].box.maxY > g.box.y && g.box.maxY > rows[j].box.y
                }
                if behindOthers { continue }
                s.counted += 1
                if hit[i] { s.matched += 1 }
            }
        }
        return s
    }

    /// Two walkers crossing at one depth, one walking away, one leaving: 0.975 (every box:
    /// 0.975), precision 0.99.
    @Test func findsThePeopleOfTheCrossingClip() throws {
        let s = try Self.score(clip: "crossing")
        #expect(s.counted > 500)
        #expect(s.recall >= 0.9, "recall \(s.matched)/\(s.counted) = \(s.recall)")
        #expect(s.recallAll >= 0.9, "recall over every box \(s.matchedAll)/\(s.all) = \(s.recallAll)")
        #expect(s.precision >= 0.9, "precision \(s.precision)")
    }

    /// Overtaking from behind, a person standing still for 80 frames, a late walker passing in
    /// front of everyone: 0.97 (every box: 0.96), precision 0.91.
    @Test func findsThePeopleOfTheOcclusionClip() throws {
        let s = try Self.score(clip: "occlusion")
        #expect(s.counted > 700)
        #expect(s.recall >= 0.9, "recall \(s.matched)/\(s.counted) = \(s.recall)")
        #expect(s.recallAll >= 0.9, "recall over every box \(s.matchedAll)/\(s.all) = \(s.recallAll)")
        #expect(s.precision >= 0.85, "precision \(s.precision)")
    }

    /// Twelve people at random depths, often two or three in one blob, many entering through
    /// the edges: 0.855 (every box: 0.825), precision 0.94. Below the 0.9: of the 200
    /// misses, 112 are people cut by the frame edge (38 of them to slivers under the 600-pixel
    /// minimum box: feet at the bottom, an arm at the side), 86 overlap other people (32 of
    /// those in frames 21-35, before the size model is ready). This bound guards against
    /// regressions.
    @Test func findsMostPeopleOfTheCrowdClip() throws {
        let s = try Self.score(clip: "crowd")
        #expect(s.counted > 1300)
        #expect(s.recall >= 0.84, "recall \(s.matched)/\(s.counted) = \(s.recall)")
        #expect(s.precision >= 0.9, "precision \(s.precision)")
    }
}
