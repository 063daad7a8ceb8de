import Evaluation
import Foundation
import TracklineCore

extension HTMLReport {
    /// Scores a sequence as `trackline eval` does and says where its errors are: per-frame
    /// counts, switch and fragmentation marks on the tracks, each object's coverage.
    func evaluate(_ t: ReportSequence.Truth, range: ClosedRange<Int>, tracks: inout [ReportPayload.Track],
                  counts: inout ReportPayload.Counts) throws -> (truth: ReportPayload.Truth, scores: SequenceScores, log: MatchLog) {
        let scores = try Evaluator().evaluate(t.data)
        let (_, log) = try CLEAR().evaluateWithLog(t.data)
        let n = range.count
        var gt = [Int](repeating: 0, count: n), misses = gt, falseBoxes = gt, switches = gt
        var switchList: [[Int]] = [], fragList: [[Int]] = []
        var trackIndex: [Int: Int] = [:]
        for (k, tr) in tracks.enumerated() { trackIndex[tr.id] = k }
        // Per object: frames present, matched, and the runs of (frame, track or -1).
        var people: [Int: (frames: Int, matched: Int, segments: [[Int]], byTrack: [Int: Int])] = [:]
        for (i, f) in log.frames.enumerated() {
            let frame = i + 1
            if range.contains(frame) {
                let k = frame - range.lowerBound
                gt[k] = f.matches.count + f.misses.count
                misses[k] = f.misses.count
                falseBoxes[k] = f.falseTracks.count
                switches[k] = f.switches.count
            }
            for sw in f.switches {
                switchList.append([frame, sw.gt, sw.from, sw.to])
                if let k = trackIndex[sw.to] { tracks[k].switches.append(frame) }
            }
            for fr in f.fragmentations {
                fragList.append([frame, fr.gt, fr.track])
                if let k = trackIndex[fr.track] { tracks[k].fragmentations.append(frame) }
            }
            func note(_ id: Int, _ track: Int) {
                var p = people[id] ?? (0, 0, [], [:])
                p.frames += 1
                if track >= 0 { p.matched += 1; p.byTrack[track, default: 0] += 1 }
                if let last = p.segments.last, last[1] == frame - 1, last[2] == track {
                    p.segments[p.segments.count - 1][1] = frame
                } else {
                    p.segments.append([frame, frame, track])
                }
                people[id] = p
            }
            for m in f.matches { note(m.gt, m.track) }
            for g in f.misses { note(g, -1) }
        }
        counts.truth = gt
        counts.misses = misses
        counts.falseBoxes = falseBoxes
        counts.switches = switches
        let persons = people.keys.sorted().map { id -> ReportPayload.Person in
            let p = people[id]!
            let order = p.byTrack.keys.sorted { (p.byTrack[$0]!, -$0) > (p.byTrack[$1]!, -$1) }
            return .init(id: id, frames: p.frames, matched: p.matched, segments: p.segments, tracks: order)
        }
        let truth = ReportPayload.Truth(metrics: Self.metrics(scores), people: persons, switches: switchList, fragmentations: fragList)
        return (truth, scores, log)
    }

    /// The frames with the most errors (misses + false boxes + switches), worst first, at least
    /// a second apart, with the boxes to draw.
    static func moments(_ log: MatchLog, sequence s: ReportSequence, range: ClosedRange<Int>, times: [Double], count: Int,
                        rate: Double) -> [ReportPayload.Moment] {
        guard count > 0, let truth = s.truth else { return [] }
        let order = log.frames.indices.filter { log.frames[$0].errors > 0 }
            .sorted { (log.frames[$0].errors, -$0) > (log.frames[$1].errors, -$1) }
        let spacing = max(1, Int(rate.rounded()))
        var chosen: [Int] = []
        for t in order where chosen.allSatisfy({ abs($0 - t) >= spacing }) {
            chosen.append(t)
            if chosen.count == count { break }
        }
        let frames = Set(chosen.map { $0 + 1 })
        var trackBoxes: [Int: [Int: BoundingBox]] = [:], gtBoxes: [Int: [Int: BoundingBox]] = [:]
        for r in s.rows where frames.contains(r.frame) { trackBoxes[r.frame, default: [:]][r.trackID] = r.box }
        for r in truth.file.rows where frames.contains(r.frame) { gtBoxes[r.frame, default: [:]][r.id] = r.box }
        func box(_ kind: Int, _ id: Int, _ b: BoundingBox?, _ other: Int) -> [Double]? {
            guard let b else { return nil }
            return [Double(kind), Double(id), rounded(b.x), rounded(b.y), rounded(b.width), rounded(b.height), Double(other)]
        }
        return chosen.map { t in
            let f = log.frames[t], frame = t + 1
            let switched = Set(f.switches.map(\.to))
            var drawn: [[Double]] = []
            for m in f.matches { drawn += [box(switched.contains(m.track) ? 3 : 0, m.track, trackBoxes[frame]?[m.track], m.gt)].compactMap { $0 } }
            for g in f.misses { drawn += [box(1, g, gtBoxes[frame]?[g], -1)].compactMap { $0 } }
            for k in f.falseTracks { drawn += [box(2, k, trackBoxes[frame]?[k], -1)].compactMap { $0 } }
            let time = range.contains(frame) ? times[frame - range.lowerBound] : Double(frame - 1) / rate
            return ReportPayload.Moment(frame: frame, time: time, misses: f.misses.count, falseBoxes: f.falseTracks.count,
                                        switches: f.switches.count, boxes: drawn, picture: nil)
        }
    }
}
