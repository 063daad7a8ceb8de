import Foundation
import Testing

@Suite(.serialized) struct ReportTests {
    /// A run from the crossing clip's boxes (no detector: fast), with its report.
    static func trackedRun(_ dir: String) throws {
        try CLI.detectionsFromTruth("crossing", to: dir + "/det.txt")
        let r = try CLI.run(["track", "--detections", "det.txt", "--fps", "15", "--tracker", "bytetrack", "-o", "tracks.csv",
                             "--report", "run.html"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// The COMBINED fields of `eval --format json`, each number read with `Double(String)`
    /// (exact; Foundation's JSONSerialization may round the last digit).
    static func metrics(_ json: String) throws -> [String: Double] {
        let combined = try #require(json.range(of: "\"combined\": {"))
        var out: [String: Double] = [:]
        for line in json[combined.upperBound...].split(separator: "\n") {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
            out[name] = Double(value)
        }
        return out
    }

    @Test func trackEvalAndReportWriteReports() throws {
        let dir = try CLI.temporaryDirectory("report")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.trackedRun(dir)
        let run = try String(contentsOfFile: dir + "/run.html", encoding: .utf8)
        #expect(run.contains("id=\"report-data\"") && run.contains("\"label\":\"bytetrack\""), "the run file names the tracker")

        let scored = try CLI.run(["report", "tracks.csv", "--gt", CLI.annotations("crossing"), "-o", "scored.html"], in: dir)
        #expect(scored.status == 0, "\(scored.stderr)")
        let html = try String(contentsOfFile: dir + "/scored.html", encoding: .utf8)
        #expect(html.contains("\"truth\":{"))

        // Two runs side by side; eval prints each.
        try FileManager.default.copyItem(atPath: dir + "/tracks.csv", toPath: dir + "/other.csv")
        let eval = try CLI.run(["eval", "--gt", CLI.annotations("crossing"), "--pred", "tracks.csv", "--pred", "other.csv",
                                "--format", "json", "--report", "compare.html"], in: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
        let both = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any]
        #expect(both?.keys.sorted() == ["other.csv", "tracks.csv"])
        let compare = try String(contentsOfFile: dir + "/compare.html", encoding: .utf8)
        #expect(compare.contains("\"label\":\"bytetrack\"") && compare.contains("\"label\":\"other.csv\""),
                "runs are named by their run file's tracker, else by their file")

        // A report never replaces an input.
        let before = CLI.bytes(dir + "/tracks.csv")
        let over = try CLI.run(["report", "tracks.csv", "-o", "tracks.csv"], in: dir)
        #expect(over.status != 0 && over.stderr.contains("tracks.csv"))
        #expect(CLI.bytes(dir + "/tracks.csv") == before)
        let overGT = try CLI.run(["eval", "--gt", CLI.annotations("crossing"), "--pred", "tracks.csv", "--report", "tracks.csv"], in: dir)
        #expect(overGT.status != 0)
        #expect(CLI.bytes(dir + "/tracks.csv") == before)
        let many = try CLI.run(["report", "tracks.csv", "other.csv", "-o", "x.html"], in: dir)
        #expect(many.status != 0 && many.stderr.contains("--gt"))
        #expect(CLI.leftovers(in: dir).isEmpty)
    }

    static let chromium = CLI.which("chromium") ?? CLI.which("chromium-browser")

    /// The report opened in headless Chromium (Scripts/report-browser.py, the DevTools
    /// protocol): no console errors, a timeline row per track of the CSV, and the metric values
    /// of `trackline eval --format json`.
    @Test(.enabled(if: chromium != nil, "chromium is not installed: the browser check is skipped (apt-get install chromium, or make report-test)"))
    func reportRendersInChromium() throws {
        let dir = try CLI.temporaryDirectory("browser")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.trackedRun(dir)
        let gt = CLI.annotations("crossing")
        #expect(try CLI.run(["report", "tracks.csv", "--gt", gt, "--video", CLI.clip("crossing.mp4"), "-o", "r.html"], in: dir).status == 0)
        let eval = try CLI.run(["eval", "--gt", gt, "--pred", dir + "/tracks.csv", "--format", "json"])
        let expected = try Self.metrics(eval.stdout)
        let probe = try CLI.runProgram("/usr/bin/env", ["python3", CLI.repoRoot.appendingPathComponent("Scripts/report-browser.py").path,
                                                        dir + "/r.html", "--chromium", try #require(Self.chromium)], timeout: 120)
        #expect(probe.status == 0, "\(probe.stderr)")
        let page = try #require(try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any])
        #expect(page["rendered"] as? String == "true")
        #expect((page["consoleErrors"] as? [Any])?.isEmpty == true, "\(page["consoleErrors"] ?? "")")
        #expect(page["errors"] is NSNull || page["errors"] == nil)
        let csv = try String(contentsOfFile: dir + "/tracks.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let ids = Set(csv.map { $0.split(separator: ",")[2] })
        let tables = try #require(page["tables"] as? [String: Int])
        #expect(tables["timeline-0-0"] == ids.count)
        let cells = try #require(page["metrics"] as? [[String: Any]])
        #expect(cells.count > 200)
        for cell in cells {
            let name = try #require(cell["name"] as? String)
            let value = Double(try #require(cell["value"] as? String))
            #expect(value == expected[name], "\(name): page \(value ?? .nan), eval \(expected[name] ?? .nan)")
        }
    }
}
