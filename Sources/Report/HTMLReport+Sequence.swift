import Evaluation
import Foundation
import TracklineCore

extension HTMLReport {
    /// The frames a sequence's report covers: those processed, the rows' and the ground truth's.
    static func frameRange(_ s: ReportSequence) -> ClosedRange<Int> {
        var lo = s.frames?.lowerBound ?? Int.max, hi = s.frames?.upperBound ?? Int.min
        if let f = s.rows.first?.frame { lo = min(lo, f) }
        if let l = s.rows.last?.frame { hi = max(hi, l) }
        if let t = s.truth, t.data.numTimesteps > 0 { lo = min(lo, 1); hi = max(hi, t.data.numTimesteps) }
        if lo > hi { return 1...1 }
        return lo...hi
    }

    /// Frame size: known, else the extent of every box (at least 1x1).
    static func frameSize(_ s: ReportSequence) -> (width: Int, height: Int) {
        if let size = s.frameSize, size.width > 0, size.height > 0 { return size }
        var w = 1.0, h = 1.0
        for r in s.rows where r.box.maxX.isFinite && r.box.maxY.isFinite { w = max(w, r.box.maxX); h = max(h, r.box.maxY) }
        for r in s.truth?.file.rows ?? [] where r.box.maxX.isFinite && r.box.maxY.isFinite { w = max(w, r.box.maxX); h = max(h, r.box.maxY) }
        return (Int(min(16384, w.rounded(.up))), Int(min(16384, h.rounded(.up))))
    }

    static func rounded(_ v: Double, _ scale: Double = 10) -> Double { v.isFinite ? (v * scale).rounded() / scale : 0 }

    func sequencePayload(_ s: ReportSequence) throws -> (ReportPayload.Sequence, SequenceScores?) {
        let range = Self.frameRange(s)
        let n = range.count
        let size = Self.frameSize(s)
        let rate = s.frameRate > 0 && s.frameRate.isFinite ? s.frameRate : 30

        // Per frame: boxes and times.
        var boxes = [Int](repeating: 0, count: n)
        var times = [Double](repeating: .nan, count: n)
        for r in s.rows where range.contains(r.frame) {
            boxes[r.frame - range.lowerBound] += 1
            if r.time.isFinite, times[r.frame - range.lowerBound].isNaN { times[r.frame - range.lowerBound] = r.time }
        }
        for k in 0..<n where times[k].isNaN { times[k] = Double(range.lowerBound + k - 1) / rate }
        times = times.map { Self.rounded($0, 1000) }

        // Tracks, in id order.
        var byID: [Int: [Int]] = [:]
        for (i, r) in s.rows.enumerated() { byID[r.trackID, default: []].append(i) }
        var tracks: [ReportPayload.Track] = []
        var alive = [Int](repeating: 0, count: n + 1)
        for id in byID.keys.sorted() {
            let idx = byID[id]!
            var segments: [[Int]] = []
            var path: [Double] = []
            path.reserveCapacity(idx.count * 3)
            var prev = Int.min
            for i in idx {
                let r = s.rows[i]
                if r.frame == prev + 1, !segments.isEmpty { segments[segments.count - 1][1] = r.frame } else if r.frame != prev { segments.append([r.frame, r.frame]) }
                prev = r.frame
                path.append(Double(r.frame)); path.append(Self.rounded(r.box.centerX)); path.append(Self.rounded(r.box.maxY))
            }
            let first = s.rows[idx.first!].frame, last = s.rows[idx.last!].frame
            let a = max(first, range.lowerBound) - range.lowerBound, b = min(last, range.upperBound) - range.lowerBound
            if a <= b { alive[a] += 1; alive[b + 1] -= 1 }
            tracks.append(ReportPayload.Track(id: id, label: "person", first: first, last: last, boxes: segments.reduce(0) { $0 + $1[1] - $1[0] + 1 },
                                              segments: segments, path: path, switches: [], fragmentations: []))
        }
        var running = 0
        var trackCounts = [Int](repeating: 0, count: n)
        for k in 0..<n { running += alive[k]; trackCounts[k] = running }

        var counts = ReportPayload.Counts(boxes: boxes, tracks: trackCounts, times: times)
        var truth: ReportPayload.Truth? = nil
        var scores: SequenceScores? = nil
        var moments: [ReportPayload.Moment] = []
        if let t = s.truth {
            let evaluated = try evaluate(t, range: range, tracks: &tracks, counts: &counts)
            truth = evaluated.truth
            scores = evaluated.scores
            moments = Self.moments(evaluated.log, sequence: s, range: range, times: times, count: momentCount, rate: rate)
        }

        // Pictures: a busy frame for the background, and the moments.
        var background: ReportPayload.Picture? = nil
        if thumbnails, let video = s.video {
            let thumb = Thumbnails.size(width: size.width, height: size.height)
            let busiest = range.lowerBound + (boxes.indices.max { boxes[$0] < boxes[$1] } ?? 0)
            let wanted = Set([busiest] + moments.map(\.frame))
            logger.debug("report: decoding \(wanted.count) thumbnails from \(video)")
            let jpegs = try Thumbnails.grab(video: video, frames: wanted, size: thumb)
            background = jpegs[busiest].map { .init(frame: busiest, width: thumb.width, height: thumb.height, jpeg: $0) }
            for k in moments.indices {
                moments[k].picture = jpegs[moments[k].frame].map { .init(frame: moments[k].frame, width: thumb.width, height: thumb.height, jpeg: $0) }
            }
        }

        let payload = ReportPayload.Sequence(
            name: s.name, width: size.width, height: size.height, frameRate: Self.rounded(rate, 1_000_000),
            firstFrame: range.lowerBound, lastFrame: range.upperBound,
            tracks: tracks, counts: counts, density: Self.density(s.rows, size: size), background: background,
            truth: truth, moments: moments, watch: s.watchLink)
        return (payload, scores)
    }

    /// Counts of box bottom centres over a grid of at most 64 columns.
    static func density(_ rows: [TracklineCSV.Row], size: (width: Int, height: Int)) -> ReportPayload.Density {
        let columns = 64
        let cellSize = Double(size.width) / Double(columns)
        let gridRows = max(1, Int((Double(size.height) / cellSize).rounded()))
        var cells = [Int](repeating: 0, count: columns * gridRows)
        for r in rows {
            let x = r.box.centerX / cellSize, y = r.box.maxY / cellSize
            guard x.isFinite, y.isFinite else { continue }
            let cx = Int(min(Double(columns - 1), max(0, x))), cy = Int(min(Double(gridRows - 1), max(0, y)))
            cells[cy * columns + cx] += 1
        }
        return .init(columns: columns, rows: gridRows, cells: cells)
    }
}
