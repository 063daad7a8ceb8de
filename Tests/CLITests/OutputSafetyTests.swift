import Foundation
import Testing

/// No run overwrites one of its inputs, writes two outputs to one file, replaces a device or a
/// link with a regular file, or leaves temporary files behind when it is interrupted.
@Suite struct OutputSafetyTests {
    /// `track --detections X -o X`, `detect V -o V`, `track V -o V`, `--save-detections V`,
    /// `--render V`: refused, input unchanged.
    @Test func outputThatIsAnInputIsRefused() throws {
        let dir = try CLI.temporaryDirectory("same")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let det = dir + "/det.txt", video = dir + "/clip.mp4"
        try CLI.detectionsFromTruth("crossing", to: det)
        try FileManager.default.copyItem(atPath: CLI.clip("crossing.mp4"), toPath: video)
        let detBytes = CLI.bytes(det), videoBytes = CLI.bytes(video)
        let cases: [[String]] = [
            ["track", "--detections", det, "-o", det],
            ["track", "--detections", det, "--mot", "./det.txt"],
            ["detect", video, "--detector", "motion", "-o", video],
            ["track", video, "--detections", det, "--tracker", "bytetrack", "-o", video],
            ["track", video, "--detector", "motion", "--tracker", "bytetrack", "--save-detections", video, "--end-frame", "2"],
            ["track", video, "--detections", det, "--tracker", "bytetrack", "--render", video],
        ]
        for args in cases {
            let r = try CLI.run(args, in: dir)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains("is also the input"), "\(args): \(r.stderr)")
            #expect(CLI.bytes(det) == detBytes && CLI.bytes(video) == videoBytes, "\(args) changed an input")
        }
        #expect(CLI.leftovers(in: dir).isEmpty)
    }

    @Test func twoOutputsOnOneFileAreRefusedBeforeWriting() throws {
        let dir = try CLI.temporaryDirectory("twice")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CLI.detectionsFromTruth("crossing", to: dir + "/det.txt")
        let r = try CLI.run(["track", "--detections", "det.txt", "-o", "P", "--mot", "P"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("--mot: P is also the output of --output"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/P"))
    }

    /// A link's target is replaced and the link stays; devices and FIFOs are written in place.
    @Test func linksDevicesAndFIFOsAreWrittenThrough() throws {
        let dir = try CLI.temporaryDirectory("special")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CLI.detectionsFromTruth("crossing", to: dir + "/det.txt")
        let args = ["track", "--detections", "det.txt", "--tracker", "bytetrack", "--fps", "15"]

        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: "real.csv")
        #expect(try CLI.run(args + ["-o", "link.csv"], in: dir).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.csv") == "real.csv")
        #expect(try String(contentsOfFile: dir + "/real.csv", encoding: .utf8).hasPrefix("frame,time_s,track_id"))

        let null = try CLI.run(args + ["-o", "/dev/null", "--mot", "/dev/null"], in: dir)
        #expect(null.status == 0, "\(null.stderr)")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR, "/dev/null is no longer a device")

        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = try CLI.run(args + ["-o", "/dev/full"], in: dir)
            #expect(full.status == 1)
            #expect(full.stderr.contains("writing /dev/full failed"), "\(full.stderr)")
        }

        #expect(mkfifo(dir + "/pipe", 0o600) == 0)
        let reader = DispatchQueue.global()
        let received = Received()
        let done = DispatchSemaphore(value: 0)
        reader.async {
            received.data = FileHandle(forReadingAtPath: dir + "/pipe")?.readDataToEndOfFile() ?? Data()
            done.signal()
        }
        let piped = try CLI.run(args + ["--mot", "pipe"], in: dir)
        done.wait()
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(String(decoding: received.data, as: UTF8.self).split(separator: "\n").count > 100)
        #expect(stat(dir + "/pipe", &st) == 0 && st.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced")
        #expect(CLI.leftovers(in: dir).isEmpty)
    }

    private final class Received: @unchecked Sendable { var data = Data() }

    @Test func folderAndEmptyOutputPathsSayWhatIsWrong() throws {
        let dir = try CLI.temporaryDirectory("paths")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try CLI.detectionsFromTruth("crossing", to: dir + "/det.txt")
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        for (out, message) in [("out", "out is a folder"), ("new/", "new/ is a folder"), ("", "the output path is empty")] {
            let r = try CLI.run(["track", "--detections", "det.txt", "-o", out], in: dir)
            #expect(r.status == 1)
            #expect(r.stderr.contains(message) && !r.stderr.contains("NSCocoaErrorDomain"), "\(out): \(r.stderr)")
        }
        let sim = try CLI.run(["simulate", "-o", "det.txt", "--sequences", "1"], in: dir)
        #expect(sim.status != 0 && sim.stderr.contains("is a file"), "\(sim.stderr)")
    }

    /// Two sequences of a MOTChallenge root that share `name=` would write one file twice.
    @Test func sequencesSharingANameAreRefused() throws {
        let dir = try CLI.temporaryDirectory("names")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for seq in ["A", "B"] {
            try FileManager.default.createDirectory(atPath: "\(dir)/dataset/\(seq)/det", withIntermediateDirectories: true)
            try CLI.detectionsFromTruth("crossing", to: "\(dir)/dataset/\(seq)/det/det.txt")
            try "[Sequence]\nname=same\nframeRate=15\nseqLength=180\nimWidth=640\nimHeight=360\n"
                .write(toFile: "\(dir)/dataset/\(seq)/seqinfo.ini", atomically: true, encoding: .utf8)
        }
        let r = try CLI.run(["track", "--detections", "dataset", "--mot", "res", "--tracker", "bytetrack"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("both name their sequence 'same'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/res/same.txt"))
    }

    /// SIGINT, SIGTERM and SIGHUP mid-run: the process ends by that signal, the old outputs stay
    /// as they were and no temporary file is left.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func interruptedRunLeavesNoTemporaryFiles(signal sig: Int32) throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try CLI.temporaryDirectory("signal")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A long input: a video of 3,000 frames with boxes in every frame.
        try CLI.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-frames:v", "3000", "-c:v", "libx264",
                        "-preset", "ultrafast", dir + "/long.mp4"])
        var det = ""
        for f in 1...3000 { det += "\(f),-1,\(10 + f % 100),20,30,60,0.9,-1,-1,-1\n" }
        try det.write(toFile: dir + "/det.txt", atomically: true, encoding: .utf8)
        try "old".write(toFile: dir + "/out.csv", atomically: true, encoding: .utf8)
        // A shell that started this runner in the background may have left SIGINT ignored, and
        // children inherit that; trackline keeps ignoring what its parent ignored (as nohup
        // expects), so restore the default here.
        signal(sig, SIG_DFL)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["track", "long.mp4", "--detections", "det.txt", "--tracker", "bytetrack", "-o", "out.csv",
                       "--render", "out.mp4", "--quiet"]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the run has temporary files, then interrupt it.
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && CLI.leftovers(in: dir).count < 2 && p.isRunning { usleep(20_000) }
        #expect(CLI.leftovers(in: dir).count == 2, "the run never started writing")
        kill(p.processIdentifier, sig)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == sig)
        #expect(CLI.leftovers(in: dir).isEmpty, "left behind: \(CLI.leftovers(in: dir))")
        #expect(try String(contentsOfFile: dir + "/out.csv", encoding: .utf8) == "old")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.mp4"))
    }
}
