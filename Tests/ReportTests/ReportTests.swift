import Evaluation
import Foundation
import Testing
import TracklineCore
@testable import Report

@Suite struct ReportTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func annotations(_ name: String) -> String { repoRoot.appendingPathComponent("Annotations/\(name)").path }
    static func clip(_ name: String) -> String { repoRoot.appendingPathComponent("Clips/\(name)").path }

    static func temporaryDirectory() throws -> String {
        let d = NSTemporaryDirectory() + "trackline-report-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Results made from a clip's ground truth with known errors: every 7th box dropped, one
    /// object's id changed half-way (an ID switch), boxes shifted a little.
    static func damagedResults(_ name: String, to path: String) throws -> [TracklineCSV.Row] {
        let gt = try MOTFile.read(path: annotations(name) + "/gt/gt.txt")
        var rows: [TracklineCSV.Row] = []
        for (k, r) in gt.rows.enumerated() where k % 7 != 3 {
            let id = r.id == 2 && r.frame > 90 ? 99 : r.id
            var b = r.box
            b.x += Double(k % 5) - 2
            rows.append(.init(frame: r.frame, time: Double(r.frame - 1) / 15, trackID: id, box: b, score: 0.9))
        }
        try TracklineCSV.write(rows, to: path)
        return rows
    }

    /// The embedded data of a report page.
    static func embedded(_ html: String) throws -> ReportPayload {
        let open = "<script type=\"application/json\" id=\"report-data\">"
        let start = try #require(html.range(of: open)).upperBound
        let end = try #require(html.range(of: "</script>", range: start..<html.endIndex)).lowerBound
        let json = html[start..<end].replacingOccurrences(of: "<\\/", with: "</")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(ReportPayload.self, from: Data(json.utf8))
    }

    @Test func reportWithGroundTruthHoldsTheRunsNumbers() throws {
        let d = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let rows = try Self.damagedResults("crossing", to: d + "/tracks.csv")
        let run = try ReportLoader.run(results: d + "/tracks.csv", video: Self.clip("crossing.mp4"), groundTruth: Self.annotations("crossing"))
        let html = try HTMLReport(runs: [run]).html()
        let page = try Self.embedded(html)
        let direct = try HTMLReport(runs: [run]).payload()
        #expect(page == direct, "the page holds the payload")
        let seq = try #require(page.runs.first?.sequences.first)

        // Timeline: one row per track id of the CSV.
        #expect(seq.tracks.map(\.id) == Set(rows.map(\.trackID)).sorted())
        #expect(seq.tracks.reduce(0) { $0 + $1.boxes } == rows.count)
        #expect(seq.counts.boxes.reduce(0, +) == rows.count)

        // Metrics: what `trackline eval` computes, field by field.
        let inputs = try EvaluationInputs(groundTruth: Self.annotations("crossing"), prediction: d + "/tracks.csv")
        let scores = try Evaluator().evaluate(try inputs.load()[0])
        let truth = try #require(seq.truth)
        #expect(truth.metrics.names == scores.allFields.map(\.name))
        #expect(truth.metrics.values == scores.allFields.map(\.scaled))
        #expect(truth.metrics.curves["HOTA"] == scores.hota.hota.map { 100 * $0 })

        // Errors: the per-frame counts and marks add up to the metrics.
        #expect(truth.switches.count == scores.clear.idsw)
        #expect(scores.clear.idsw >= 1)
        #expect(truth.fragmentations.count == scores.clear.frag)
        #expect(seq.tracks.reduce(0) { $0 + $1.switches.count } == scores.clear.idsw)
        #expect(seq.counts.misses?.reduce(0, +) == scores.clear.fn)
        #expect(seq.counts.falseBoxes?.reduce(0, +) == scores.clear.fp)
        #expect(seq.counts.switches?.reduce(0, +) == scores.clear.idsw)
        #expect(truth.people.reduce(0) { $0 + $1.matched } == scores.clear.tp)
        #expect(truth.people.count == scores.count.gtIDs)

        // Worst moments: worst first, with pictures decoded from the video.
        #expect(!seq.moments.isEmpty && seq.moments.count <= 6)
        let errors = seq.moments.map { $0.misses + $0.falseBoxes + $0.switches }
        #expect(errors == errors.sorted(by: >))
        for m in seq.moments {
            let picture = try #require(m.picture)
            let jpeg = try #require(Data(base64Encoded: picture.jpeg))
            #expect(jpeg.prefix(2) == Data([0xFF, 0xD8]) && jpeg.suffix(2) == Data([0xFF, 0xD9]))
        }
        #expect(seq.background != nil)
        #expect(seq.width == 640 && seq.height == 360)
        #expect(seq.density.cells.reduce(0, +) == rows.count)

        // Self-contained: nothing fetched from elsewhere.
        for pattern in ["src=\"http", "href=\"http", "@import", "url(http", "<link"] { #expect(!html.contains(pattern), "\(pattern)") }
    }

    @Test func reportWithoutVideoOrTruth() throws {
        let d = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let rows = try Self.damagedResults("occlusion", to: d + "/tracks.csv")
        let run = try ReportLoader.run(results: d + "/tracks.csv")
        let page = try HTMLReport(runs: [run]).payload()
        let seq = try #require(page.runs.first?.sequences.first)
        #expect(seq.truth == nil && seq.moments.isEmpty && seq.background == nil)
        #expect(seq.tracks.count == Set(rows.map(\.trackID)).count)
        #expect(seq.firstFrame == rows.map(\.frame).min() && seq.lastFrame == rows.map(\.frame).max())
        // A gap shows as two segments.
        let gaps = seq.tracks.reduce(0) { $0 + $1.segments.count - 1 }
        #expect(gaps > 0)
    }

    @Test func comparisonScoresEachRun() throws {
        let d = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: d) }
        _ = try Self.damagedResults("crossing", to: d + "/a.csv")
        let gt = try MOTFile.read(path: Self.annotations("crossing") + "/gt/gt.txt")
        try TracklineCSV.write(gt.rows.map { .init(frame: $0.frame, time: 0, trackID: $0.id, box: $0.box, score: 1) }, to: d + "/b.csv")
        let runs = try ReportLoader.comparison(results: [d + "/a.csv", d + "/b.csv"], groundTruth: Self.annotations("crossing"))
        #expect(runs.map(\.label) == ["a.csv", "b.csv"])
        let page = try HTMLReport(runs: runs).payload()
        let hota = page.runs.map { run in run.combined.map { $0.values[$0.names.firstIndex(of: "HOTA")!] } }
        #expect(hota[1] == 100)
        #expect((hota[0] ?? 100) < 100)
    }

    @Test func runFileGivesSettingsAndTiming() throws {
        let json = """
        {"tracker": "seq2seq", "tracker-options": {"max_age": 30}, "appearance": true, "video": "/v.mp4", "output": "/o.csv",
         "run": {"trackline": "0.2.0", "command": "trackline track v.mp4", "inputs": [{"path": "/v.mp4", "bytes": 12}],
                 "models": [], "sequences": [{"name": "/v.mp4", "frames": 10, "first-frame": 1, "last-frame": 10, "tracks": 2,
                 "rows": 15, "seconds": 2, "decode-seconds": 0.5, "detect-seconds": 1, "track-seconds": 0.25, "render-seconds": 0}]}}
        """
        let info = try RunInfo(json: Data(json.utf8))
        #expect(info.setting("tracker") == "seq2seq")
        #expect(info.setting("tracker-options.max_age") == "30")
        #expect(info.setting("appearance") == "true")
        #expect(info.sequences.first?.framesPerSecond == 5)
        #expect(info.sequences.first?.detectSeconds == 1)
        #expect(info.inputs.first?.bytes == 12)
        #expect(throws: ReportError.self) { try RunInfo(json: Data("[1]".utf8)) }
        #expect(throws: ReportError.self) { try RunInfo(json: Data("not json".utf8)) }
    }

    @Test func runFileBesideTheResults() throws {
        #expect(RunInfo.locate(besideResults: "/nonexistent/tracks.csv") == nil)
        let d = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: d) }
        try "{}".write(toFile: d + "/tracks.run.json", atomically: true, encoding: .utf8)
        #expect(RunInfo.locate(besideResults: d + "/tracks.csv") == d + "/tracks.run.json")
    }

    @Test func scriptEndsInLiteralText() throws {
        // The data cannot end the <script> element early.
        #expect(ReportPage.escape("<a & \"b\">") == "&lt;a &amp; &quot;b&quot;&gt;")
        let payload = ReportPayload(title: "</script>", version: "x", alphas: [], runs: [])
        let json = try HTMLReport.json(payload)
        #expect(!json.contains("</"))
    }
}
