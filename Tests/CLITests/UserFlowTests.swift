import Foundation
import Testing

/// What a user does: track a bundled clip, score it against its ground truth, repeat the run from
/// its run file; and the reference docs match the code.
@Suite struct UserFlowTests {
    static func metrics(_ eval: CLI.Result) throws -> [String: Double] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        let combined = try #require(json["combined"] as? [String: Any])
        return combined.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    /// The motion detector and ByteTrack on the crossing clip, scored: the exact numbers of
    /// this code (docs/benchmarks.md has them too).
    @Test func trackAClipAndScoreIt() throws {
        let dir = try CLI.temporaryDirectory("flow")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let track = try CLI.run(["track", CLI.clip("crossing.mp4"), "--detector", "motion", "--tracker", "bytetrack",
                                 "-o", "tracks.csv", "--mot", "tracks.txt"], in: dir)
        #expect(track.status == 0, "\(track.stderr)")
        let eval = try CLI.run(["eval", "--gt", CLI.annotations("crossing"), "--pred", "tracks.txt", "--format", "json"], in: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
        let m = try Self.metrics(eval)
        #expect(abs((m["HOTA"] ?? 0) - 78.871) < 0.0005, "HOTA \(m["HOTA"] ?? -1)")
        #expect(abs((m["MOTA"] ?? 0) - 86.702) < 0.0005, "MOTA \(m["MOTA"] ?? -1)")
        #expect(abs((m["IDF1"] ?? 0) - 93.010) < 0.0005, "IDF1 \(m["IDF1"] ?? -1)")
        #expect(m["IDSW"] == 0)
        // The CSV and the MOT file hold the same rows.
        let csv = try String(contentsOfFile: dir + "/tracks.csv", encoding: .utf8).split(separator: "\n").count - 1
        let mot = try String(contentsOfFile: dir + "/tracks.txt", encoding: .utf8).split(separator: "\n").count
        #expect(csv == mot && csv > 400)
    }

    /// `eval --breakdown` puts every ground-truth box in one bin: tracked, or missed as never
    /// detected / below the threshold / dropped; with the detections the run used.
    @Test func evalBreaksTheErrorsDown() throws {
        let dir = try CLI.temporaryDirectory("breakdown")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let track = try CLI.run(["track", CLI.clip("crossing.mp4"), "--detector", "motion", "--tracker", "bytetrack",
                                 "--mot", "tracks.txt", "--save-detections", "det.txt"], in: dir)
        #expect(track.status == 0, "\(track.stderr)")
        let eval = try CLI.run(["eval", "--gt", CLI.annotations("crossing"), "--pred", "tracks.txt", "--breakdown",
                                "--detections", "det.txt"], in: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
        let text = eval.stdout
        func number(after label: String) -> Int? {
            guard let r = text.range(of: label) else { return nil }
            return Int(text[r.upperBound...].drop { $0 == " " }.prefix { $0.isNumber })
        }
        let persons = try #require(number(after: "persons (gt boxes)"))
        let tracked = try #require(number(after: "tracked"))
        let never = try #require(number(after: "never detected"))
        let dropped = try #require(number(after: "dropped by the tracker"))
        let below = try #require(text.range(of: "detected only below 0.10").map { Int(text[$0.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }) ?? -1 })
        #expect(persons > 400 && tracked + never + dropped + below == persons, "\(text)")
        #expect(text.contains("tracker boxes vs persons") && text.contains("detector boxes vs persons"))
    }

    /// `trackline track --config X.run.json` repeats a run exactly, from another folder too.
    @Test func theRunFileRepeatsTheRun() throws {
        let dir = try CLI.temporaryDirectory("rerun")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CLI.detectionsFromTruth("occlusion", to: dir + "/det.txt")
        let first = try CLI.run(["track", "--detections", "det.txt", "--fps", "15", "--tracker-option", "new_track_thresh=0.8",
                                 "-o", "a/tracks.csv"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let record = try String(contentsOfFile: dir + "/a/tracks.run.json", encoding: .utf8)
        #expect(record.contains("\"new_track_thresh\" : 0.8") && record.contains("\"sha256\""))
        let again = try CLI.run(["track", "--config", dir + "/a/tracks.run.json", "-o", dir + "/b/tracks.csv"], in: "/")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(CLI.bytes(dir + "/a/tracks.csv") == CLI.bytes(dir + "/b/tracks.csv"))
    }

    @Test func jobFilesNameTheirMistakes() throws {
        let dir = try CLI.temporaryDirectory("job")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CLI.detectionsFromTruth("crossing", to: dir + "/det.txt")
        for (yaml, message) in [("detections: det.txt\ntrackr: sort\n", "unknown key 'trackr'"),
                                ("detections: det.txt\ntracker-options: {track_thresh: high}\n", "tracker-options.track_thresh: expected a number"),
                                ("detections: det.txt\ntracker: bytetrack\ntracker-options: {track_thresh: 3}\n", "track_thresh must be in 0...1"),
                                ("- det.txt\n", "expected a mapping")] {
            try yaml.write(toFile: dir + "/job.yaml", atomically: true, encoding: .utf8)
            let r = try CLI.run(["track", "--config", "job.yaml"], in: dir)
            #expect(r.status == 1 && r.stderr.contains(message), "\(yaml): \(r.stderr)")
        }
        try "detections: det.txt\ntracker: sort\nfps: 15\noutput: from-file.csv\n".write(toFile: dir + "/job.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["track", "--config", "job.yaml", "-o", "from-flag.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/from-flag.csv") && !FileManager.default.fileExists(atPath: dir + "/from-file.csv"))
    }

    /// docs/cli.md holds every parameter table as the code declares it.
    @Test func referenceTablesMatchTheCode() throws {
        let dev = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent("trackline-dev").path
        let tables = try CLI.runProgram(dev, ["parameter-tables"])
        #expect(tables.status == 0)
        let doc = try String(contentsOf: CLI.repoRoot.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        #expect(doc.contains(tables.stdout), "docs/cli.md is out of date: run Scripts/cli-docs.sh")
        for command in ["track", "detect", "eval", "report", "probe", "train", "simulate", "synth"] {
            let help = try CLI.run(["help", command])
            #expect(!help.stdout.lowercased().contains("session"), "\(command) help mentions work sessions")
        }
    }

    /// `trackline --help` lists the user's commands only.
    @Test func helpListsUserCommandsOnly() throws {
        let help = try CLI.run(["--help"])
        for hidden in ["ssdlite-check", "bench-", "score-ap", "feature-auc"] { #expect(!help.stdout.contains(hidden)) }
        for shown in ["track", "detect", "eval", "report", "probe", "train", "simulate"] { #expect(help.stdout.contains(shown)) }
    }
}

/// The portable C code (what an ARM Mac or an old x86 CPU runs) gives the same tracks: the
/// instruction set is capped with TRACKLINE_CPU_LEVEL.
@Suite struct PortablePathTests {
    @Test func baselineInstructionSetGivesTheSameTracks() throws {
        let dir = try CLI.temporaryDirectory("portable")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CLI.detectionsFromTruth("occlusion", to: dir + "/det.txt")
        var outputs: [Data?] = []
        for level in ["", "baseline", "avx2"] {
            let r = try CLI.run(["track", "--detections", "det.txt", "--fps", "15", "--tracker", "seq2seq", "-o", "t-\(level).csv"],
                                in: dir, environment: level.isEmpty ? [:] : ["TRACKLINE_CPU_LEVEL": level])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(CLI.bytes(dir + "/t-\(level).csv"))
        }
        #expect(outputs[0] != nil && outputs[0] == outputs[1] && outputs[0] == outputs[2])
    }
}
