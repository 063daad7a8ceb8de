import Foundation
import Testing

/// Flags that would be ignored, values out of range and inputs that cannot be used end the
/// run with status 1 and a message naming the flag, file or key; nothing is written.
@Suite struct InputCheckTests {
    static func fixture(_ tag: String) throws -> String {
        let dir = try CLI.temporaryDirectory(tag)
        try CLI.detectionsFromTruth("crossing", to: dir + "/det.txt")
        try FileManager.default.copyItem(atPath: CLI.clip("crossing.mp4"), toPath: dir + "/clip.mp4")
        return dir
    }

    @Test(arguments: [
        (["track", "--detections", "det.txt", "--save-detections", "s.txt"], "--save-detections has no effect with --detections"),
        (["track", "--detections", "det.txt", "--detector", "motion"], "--detector has no effect with --detections"),
        (["track", "clip.mp4", "--detections", "det.txt", "--detector", "motion"], "--detector has no effect with --detections"),
        (["track", "clip.mp4", "--fps", "25"], "--fps is for detection files"),
        (["track", "--detections", "det.txt", "--end-frame", "0"], "--end-frame: must be at least 1"),
        (["track", "--detections", "det.txt", "--end-frame=-1"], "--end-frame: must be at least 1"),
        (["track", "clip.mp4", "--detector-size", "0"], "--detector-size: input_size must be a whole number in 64...2048"),
        (["track", "--detections", "det.txt", "--tracker", "bytetrack", "--tracker-option", "track_thresh=2"], "track_thresh must be in 0...1"),
        (["track", "--detections", "det.txt", "--tracker", "bytetrack", "--tracker-option", "track_thresh=-1"], "track_thresh must be in 0...1"),
        (["track", "--detections", "det.txt", "--tracker", "bytetrack", "--tracker-option", "new_track_thresh=-1"], "new_track_thresh must be in 0...1"),
        (["track", "--detections", "det.txt", "--tracker-option", "fallback_iou=-1"], "fallback_iou must be in 0...1"),
        (["track", "--detections", "det.txt", "--tracker-option", "kalman_weight=-5"], "kalman_weight must be in 0...100"),
        (["track", "--detections", "det.txt", "--tracker-option", "gate_growth=-1"], "gate_growth must be in 0...100"),
        (["track", "--detections", "det.txt", "--tracker-option", "miss_cost=0x10"], "must look like name=number"),
        (["track", "--detections", "det.txt", "--interpolate", "100000000"], "--interpolate: interpolate must be a whole number in 0...10000"),
        (["track", "nope.mp4", "--detector", "motion"], "nope.mp4: no such file"),
        (["track", "--detections", "nope.txt"], "nope.txt: no such file or folder"),
        (["detect", "nope.mp4", "--detector", "motion"], "nope.mp4: no such file"),
    ])
    func refusedBeforeAnythingRuns(arguments: [String], message: String) throws {
        let dir = try Self.fixture("flags")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(arguments + ["-o", "out.csv"], in: dir)
        #expect(r.status != 0, "\(arguments)")
        #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        #expect(!r.stderr.contains("make models"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.csv"))
    }

    @Test func startFramePastTheEndIsAnError() throws {
        let dir = try Self.fixture("start")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try CLI.run(["track", "--detections", "det.txt", "--start-frame", "500", "-o", "out.csv"], in: dir)
        #expect(file.status == 1 && file.stderr.contains("past the last frame"), "\(file.stderr)")
        let video = try CLI.run(["track", "clip.mp4", "--detections", "det.txt", "--tracker", "bytetrack", "--start-frame", "500", "-o", "out.csv"], in: dir)
        #expect(video.status == 1 && video.stderr.contains("past the last frame (180)"), "\(video.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.csv"))
    }

    /// Rows past a nearby seqinfo.ini's seqLength are tracked when a video is given (the video
    /// decides the length), and rows the video does not reach are reported.
    @Test func detectionRowsThatAreNotTrackedAreReported() throws {
        let dir = try Self.fixture("rows")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/seq/det", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir + "/det.txt", toPath: dir + "/seq/det/det.txt")
        try "[Sequence]\nname=seq\nframeRate=15\nseqLength=90\nimWidth=640\nimHeight=360\n"
            .write(toFile: dir + "/seq/seqinfo.ini", atomically: true, encoding: .utf8)
        let withVideo = try CLI.run(["track", "clip.mp4", "--detections", "seq/det/det.txt", "--tracker", "bytetrack",
                                     "--start-frame", "91", "--end-frame", "180", "-o", "v.csv"], in: dir)
        #expect(withVideo.status == 0, "\(withVideo.stderr)")
        let frames = Set(try String(contentsOfFile: dir + "/v.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .compactMap { Int($0.split(separator: ",")[0]) })
        #expect(frames.min() == 91 && frames.max() == 180)

        let fileOnly = try CLI.run(["track", "--detections", "seq/det/det.txt", "--tracker", "bytetrack", "-o", "f.csv"], in: dir)
        #expect(fileOnly.status == 0)
        #expect(fileOnly.stderr.contains("are past seqLength 90"), "\(fileOnly.stderr)")

        // A 10-frame video with the 180-frame detection file.
        try CLI.ffmpeg(["-i", dir + "/clip.mp4", "-frames:v", "10", "-c:v", "libx264", "-preset", "ultrafast", dir + "/short.mp4"])
        let short = try CLI.run(["track", "short.mp4", "--detections", "det.txt", "--tracker", "bytetrack", "-o", "s.csv"], in: dir)
        #expect(short.status == 0)
        #expect(short.stderr.contains("rows for frames 11-180 were not tracked"), "\(short.stderr)")
    }

    @Test func unusableVideosSaySo() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try CLI.temporaryDirectory("videos")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func y4m(_ name: String, _ w: Int, _ h: Int) throws {
            var d = Data("YUV4MPEG2 W\(w) H\(h) F30:1 Ip A1:1 C420jpeg\nFRAME\n".utf8)
            d.append(Data(count: 1024))
            try d.write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        try y4m("big.y4m", 16000, 16000)
        try y4m("huge.y4m", 100000, 100000)
        try y4m("short.y4m", 4000, 4000)
        for (video, message) in [("big.y4m", "beyond the supported size"), ("huge.y4m", "refuses its 'yuv4mpegpipe' headers"),
                                 ("short.y4m", "no frame could be decoded"), ("/dev/null", "recognises no video format"),
                                 ("/dev/zero", "recognises no video format")] {
            for command in [["track", video, "--detector", "motion", "-o", "o.csv"], ["detect", video, "--detector", "motion", "-o", "o.txt"]] {
                let r = try CLI.run(command, in: dir, timeout: 60)
                #expect(r.status == 1, "\(command)")
                #expect(r.stderr.contains(message), "\(command): \(r.stderr)")
                #expect(!r.stderr.contains("is empty (0 bytes)") && !r.stderr.contains("FFmpeg error -16"))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/o.csv"))
    }

    /// A FIFO is read as a stream, for videos and for text inputs alike.
    @Test func fifoInputsAreStreamed() throws {
        let dir = try Self.fixture("fifo")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/det.fifo", 0o600) == 0)
        let writer = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if let data = FileManager.default.contents(atPath: dir + "/det.txt"),
               let h = FileHandle(forWritingAtPath: dir + "/det.fifo") {
                h.write(data)
                try? h.close()
            }
            writer.signal()
        }
        let r = try CLI.run(["track", "--detections", "det.fifo", "--tracker", "bytetrack", "-o", "out.csv"], in: dir, timeout: 60)
        writer.wait()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: dir + "/out.csv", encoding: .utf8).split(separator: "\n").count > 100)

        let e = try CLI.run(["eval", "--gt", CLI.annotations("crossing"), "--pred", "/dev/null"], in: dir)
        #expect(!e.stderr.contains("permission"), "\(e.stderr)")
    }

    @Test func badDetectionRowsNameFileLineAndField() throws {
        let dir = try CLI.temporaryDirectory("rows")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (text, message) in [("1,-1,0x10,20,30,40,0.9\n", "det.txt:1: field 3 (x) is '0x10', not a number"),
                                ("1,-1,10,20,30,40,0.9,-1,-1,-1\n2,-1,10,20,30,4", "det.txt:2: the file ends in the middle of this row"),
                                ("1,-1,10,20,inf,40,0.9\n", "det.txt:1: field 5 (w) is 'inf'; NaN and infinite")] {
            try text.write(toFile: dir + "/det.txt", atomically: true, encoding: .utf8)
            let r = try CLI.run(["track", "--detections", "det.txt", "-o", "o.csv"], in: dir)
            #expect(r.status == 1)
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
    }

    /// A box of any finite size, tracked with a video and appearance vectors, does not trap.
    @Test func hugeBoxesWithAppearanceDoNotCrash() throws {
        let dir = try Self.fixture("huge")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "1,-1,1e19,20,30,40,0.9\n2,-1,10,20,1e30,40,0.9\n3,-1,-1e30,-1e30,1e30,1e30,0.9\n4,-1,10,1e300,30,40,0.9\n"
            .write(toFile: dir + "/big.txt", atomically: true, encoding: .utf8)
        for tracker in ["bytetrack", "seq2seq"] {
            let r = try CLI.run(["track", "clip.mp4", "--detections", "big.txt", "--tracker", tracker, "--appearance",
                                 "--end-frame", "5", "-o", "o.csv", "--render", "o.mp4"], in: dir)
            #expect(r.status == 0 && !r.signalled, "\(tracker): \(r.stderr)")
        }
    }

    @Test(arguments: [
        ("{\"seed\": -1}", "seed: -1 is not a valid value"),
        ("{\"simulator\": {\"minPeople\": 5, \"maxPeople\": 2}}", "minPeople <= maxPeople"),
        ("{\"simulator\": {\"groupProbability\": 2}}", "simulator.groupProbability is 2.0; a probability must be in 0...1"),
        ("{\"simulator\": {\"movingCameraFraction\": -1}}", "simulator.movingCameraFraction is -1.0"),
        ("{\"noise\": {\"missRate\": [5,0,0,0,0,0,0,0,0,0,0,0]}}", "noise.missRate[0] is 5.0"),
        ("{\"noise\": {\"truePositiveScores\": [-1, 1]}}", "noise.truePositiveScores must be non-negative"),
        ("{\"simulator\": {\"minFrames\": 1000000000, \"maxFrames\": 1000000000}}", "maxFrames <= 100000"),
        ("{\"simulator\": {\"minPeople\": 100000, \"maxPeople\": 100000}}", "maxPeople <= 1000"),
        ("{\"simulatorr\": {}}", "unknown key 'simulatorr'"),
        ("{\"learningRate\": 1e308}", "learningRate is 1e+308"),
    ])
    func badConfigurationsNameTheKey(json: String, message: String) throws {
        let dir = try CLI.temporaryDirectory("config")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try json.write(toFile: dir + "/c.json", atomically: true, encoding: .utf8)
        let sim = try CLI.run(["simulate", "--config", "c.json", "-o", "sims", "--sequences", "1"], in: dir, timeout: 60)
        #expect(sim.status != 0)
        #expect(sim.stderr.contains(message), "\(sim.stderr)")
        let train = try CLI.run(["train", "--config", "c.json", "-o", "m.safetensors"], in: dir, timeout: 60)
        #expect(train.status != 0 && train.stderr.contains(message), "\(train.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.safetensors"))
    }

    /// Training that diverges, or has nothing to learn from, writes no weights.
    @Test func trainingThatCannotWorkWritesNoWeights() throws {
        let dir = try CLI.temporaryDirectory("train")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tiny = "\"model\": {\"history\": 4, \"width\": 8, \"heads\": 2, \"encoderLayers\": 1, \"decoderLayers\": 1, \"feedForward\": 16, \"maxCandidates\": 4, \"maxAge\": 8}"
        try "{\(tiny), \"simulatedSequences\": 0, \"validationSequences\": 0, \"epochs\": 1}"
            .write(toFile: dir + "/none.json", atomically: true, encoding: .utf8)
        let none = try CLI.run(["train", "--config", "none.json", "-o", "m.safetensors"], in: dir, timeout: 120)
        #expect(none.status != 0 && none.stderr.contains("nothing to train on"), "\(none.stderr)")
        try "{\(tiny), \"simulatedSequences\": 2, \"validationSequences\": 0, \"epochs\": 1, \"learningRate\": 1, \"clipNorm\": 1e30, \"warmupSteps\": 0, \"noise\": {\"jitter\": [10, 10, 10, 10]}}"
            .write(toFile: dir + "/wild.json", atomically: true, encoding: .utf8)
        let wild = try CLI.run(["train", "--config", "wild.json", "-o", "m.safetensors"], in: dir, timeout: 300)
        if wild.status == 0 {
            // Converged after all: the report must not claim a validation accuracy it did not measure.
            #expect(wild.stderr.contains("no validation") || wild.stdout.contains("no validation"), "\(wild.stdout)\(wild.stderr)")
        } else {
            #expect(wild.stderr.contains("training diverged"), "\(wild.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/m.safetensors"))
        }
    }

    /// Weights full of NaN are refused when loaded.
    @Test func nanWeightsAreRefused() throws {
        let dir = try CLI.temporaryDirectory("nan")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = CLI.repoRoot.appendingPathComponent("Models/seq2seq.safetensors").path
        var bytes = try #require(FileManager.default.contents(atPath: source))
        // Header: 8-byte little-endian length, then JSON; every float32 after it becomes NaN.
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        var k = 8 + headerLength
        while k + 4 <= bytes.count {
            bytes.replaceSubrange(k..<(k + 4), with: [0x00, 0x00, 0xC0, 0x7F])
            k += 4
        }
        try bytes.write(to: URL(fileURLWithPath: dir + "/nan.safetensors"))
        try CLI.detectionsFromTruth("crossing", to: dir + "/det.txt")
        let r = try CLI.run(["track", "--detections", "det.txt", "--model", "nan.safetensors", "-o", "o.csv"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("NaN or infinite"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/o.csv"))
    }
}
