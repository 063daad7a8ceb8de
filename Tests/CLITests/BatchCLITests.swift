import Foundation
import Testing

/// `trackline batch`: one corrupt video among good ones, --resume, and shards merged into the
/// same result as one run. Short runs (--max-frames) with the motion detector.
@Suite(.serialized) struct BatchCLITests {
    let common = ["--detector", "motion", "--tracker", "bytetrack", "--max-frames", "12"]

    /// Two clips and a cut-off copy of a third in DIR/in.
    func setUp(_ tag: String) throws -> String {
        let dir = try CLI.temporaryDirectory(tag)
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        for c in ["crossing", "occlusion"] {
            try FileManager.default.copyItem(atPath: CLI.clip("\(c).mp4"), toPath: dir + "/in/\(c).mp4")
        }
        let crowd = try #require(CLI.bytes(CLI.clip("crowd.mp4")))
        try crowd.prefix(20_000).write(to: URL(fileURLWithPath: dir + "/in/broken.mp4"))
        return dir
    }

    func summaryRows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func aCorruptVideoFailsAloneAndResumeSkipsTheRest() throws {
        let dir = try setUp("batch")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["batch", "in", "--out", "out", "--jobs", "2", "--jsonl"] + common, in: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("1 input failed:\n  in/broken.mp4: in/broken.mp4 is truncated or corrupt"), "\(r.stderr)")
        let rows = try summaryRows(dir + "/out/summary.csv")
        #expect(rows.map { $0[2] } == ["broken", "crossing", "occlusion"])
        #expect(rows.map { $0[3] } == ["failed", "ok", "ok"])
        #expect(rows[1][4] == "12" && rows[2][4] == "12")
        for name in ["crossing", "occlusion"] {
            for f in ["tracks.csv", "tracks.txt", "tracks.jsonl", "tracks.run.json"] {
                #expect(FileManager.default.fileExists(atPath: "\(dir)/out/\(name)/\(f)"), "\(name)/\(f)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/broken/tracks.csv"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/summary.json"))) as? [String: Any])
        #expect(json["failed"] as? Int == 1 && json["total-inputs"] as? Int == 3)

        // --resume: the done videos are skipped (files untouched), the broken one is tried again.
        let before = CLI.bytes(dir + "/out/crossing/tracks.run.json")
        let again = try CLI.run(["batch", "in", "--out", "out", "--resume", "--jsonl"] + common, in: dir)
        #expect(again.status == 2)
        #expect(try summaryRows(dir + "/out/summary.csv").map { $0[3] } == ["failed", "skipped", "skipped"])
        #expect(CLI.bytes(dir + "/out/crossing/tracks.run.json") == before)
        // Another configuration is tracked again.
        let changed = try CLI.run(["batch", "in", "--out", "out", "--resume", "--jsonl", "--tracker-option", "track_thresh=0.45"] + common, in: dir)
        #expect(changed.status == 2)
        #expect(try summaryRows(dir + "/out/summary.csv").map { $0[3] } == ["failed", "ok", "ok"])
        // An output missing: that video is tracked again.
        try FileManager.default.removeItem(atPath: dir + "/out/occlusion/tracks.jsonl")
        _ = try CLI.run(["batch", "in", "--out", "out", "--resume", "--jsonl", "--tracker-option", "track_thresh=0.45"] + common, in: dir)
        #expect(try summaryRows(dir + "/out/summary.csv").map { $0[3] } == ["failed", "skipped", "ok"])
    }

    @Test func shardsMergeIntoTheWholeRun() throws {
        let dir = try setUp("shards")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A manifest naming the videos, one relative path a line.
        try "# clips\ncrossing.mp4\nbroken.mp4\nocclusion.mp4\n".write(toFile: dir + "/in/list.txt", atomically: true, encoding: .utf8)
        for k in 0..<3 {
            let r = try CLI.run(["batch", "in/list.txt", "--out", "s\(k)", "--shard", "\(k)/3"] + common, in: dir)
            #expect(r.status == 0 || r.status == 2, "\(r.stderr)")
            #expect(FileManager.default.fileExists(atPath: "\(dir)/s\(k)/summary.shard-\(k)-of-3.json"))
        }
        let missing = try CLI.run(["batch", "--merge", "s0", "s1", "--out", "m"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("shard 2/3 missing"), "\(missing.stderr)")
        let merged = try CLI.run(["batch", "--merge", "s0", "s1", "s2", "--out", "m"], in: dir)
        #expect(merged.status == 2, "\(merged.stderr)")
        let whole = try CLI.run(["batch", "in/list.txt", "--out", "w"] + common, in: dir)
        #expect(whole.status == 2)
        // The same rows in the same order (timings aside), and the same track files.
        let cut = { (rows: [[String]]) in rows.map { Array($0[0..<7]) } }
        #expect(cut(try summaryRows(dir + "/m/summary.csv")) == cut(try summaryRows(dir + "/w/summary.csv")))
        for name in ["crossing", "occlusion"] {
            for f in ["tracks.csv", "tracks.txt"] {
                #expect(CLI.bytes("\(dir)/m/\(name)/\(f)") == CLI.bytes("\(dir)/w/\(name)/\(f)"), "\(name)/\(f)")
            }
        }
    }
}
