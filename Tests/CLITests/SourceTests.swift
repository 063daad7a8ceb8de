import Foundation
import Testing

/// Every kind of source: standard input, a camera that is not there, and live loopback
/// streams served by the `ffmpeg` CLI (UDP and HTTP): rows come out, a stall is a clear error,
/// a dropped stream reconnects, and Ctrl-C completes the outputs. Skipped without `ffmpeg`.
@Suite(.serialized) struct SourceTests {
    /// crossing.mp4 as MPEG-TS (streamable), the ground truth as detections, in a fresh folder.
    func setUp(_ tag: String) throws -> String {
        let dir = try CLI.temporaryDirectory(tag)
        try CLI.ffmpeg(["-i", CLI.clip("crossing.mp4"), "-c", "copy", "-f", "mpegts", dir + "/crossing.ts"])
        try CLI.detectionsFromTruth("crossing", to: dir + "/det.txt")
        return dir
    }

    /// Rows without time_s (frame, id, box, score), as text.
    func rowsWithoutTime(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f.remove(at: 1)
            return f.joined(separator: ",")
        }
    }

    let common = ["--detections", "det.txt", "--tracker", "bytetrack"]

    @Test func standardInputIsAVideo() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try setUp("stdin")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let probe = try Spawned.trackline(["probe", "-", "--count"], in: dir, stdinPath: dir + "/crossing.ts").wait(timeout: 60)
        #expect(probe.status == 0, "\(probe.stderr)")
        let run = try Spawned.trackline(["track", "-", "-o", "stdin.csv"] + common, in: dir, stdinPath: dir + "/crossing.ts").wait(timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        let file = try CLI.run(["track", "crossing.ts", "-o", "file.csv"] + common, in: dir)
        #expect(file.status == 0)
        let a = try rowsWithoutTime(dir + "/stdin.csv"), b = try rowsWithoutTime(dir + "/file.csv")
        #expect(!a.isEmpty && a == b)
        // The run file records the source as given, not as a path in the working folder.
        #expect(try String(contentsOfFile: dir + "/stdin.run.json", encoding: .utf8).contains("\"video\" : \"-\""))
    }

    @Test func aMissingCameraIsAClearError() throws {
        let dir = try CLI.temporaryDirectory("camera")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var n = 7
        while FileManager.default.fileExists(atPath: "/dev/video\(n)") { n += 1 }
        let r = try CLI.run(["track", "/dev/video\(n)", "--detector", "motion", "-o", "o.csv"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("/dev/video\(n): cannot open the camera (no such device)"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/o.csv"))
    }

    /// A UDP MPEG-TS stream at its real rate: rows come out, --max-frames ends the run.
    @Test func udpStreamRowsComeOut() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try setUp("udp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let url = "udp://127.0.0.1:\(Loopback.freePort())"
        let run = try Spawned.trackline(["track", url, "-o", "live.csv", "--jsonl", "live.jsonl", "--max-frames", "45"] + common, in: dir)
        usleep(500_000)
        let sender = try Spawned.ffmpeg(["-re", "-i", dir + "/crossing.ts", "-c", "copy", "-f", "mpegts", url])
        defer { sender.kill9() }
        let r = run.wait(timeout: 30)
        #expect(r.status == 0 && !r.signalled, "\(r.stderr)")
        let rows = try rowsWithoutTime(dir + "/live.csv")
        #expect(!rows.isEmpty)
        let lines = try String(contentsOfFile: dir + "/live.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == rows.count + 1 && lines.last!.hasPrefix("{\"summary\":"))
        #expect(r.stderr.contains("45 frames"), "\(r.stderr)")
    }

    /// An HTTP stream served once by `ffmpeg -listen 1`: the whole clip, the same rows as the file.
    @Test func httpStreamGivesTheFilesRows() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try setUp("http")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let url = "http://127.0.0.1:\(Loopback.freePort())/crossing.ts"
        let server = try Spawned.ffmpeg(["-i", dir + "/crossing.ts", "-c", "copy", "-f", "mpegts", "-listen", "1", url])
        defer { server.kill9() }
        var r = CLI.Result(status: -1, signalled: false, stdout: "", stderr: "")
        for _ in 0..<20 {
            usleep(250_000)
            r = try CLI.run(["track", url, "-o", "http.csv"] + common, in: dir, timeout: 60)
            if !r.stderr.contains("Connection refused") { break }
        }
        #expect(r.status == 0, "\(r.stderr)")
        _ = try CLI.run(["track", "crossing.ts", "-o", "file.csv"] + common, in: dir)
        let a = try rowsWithoutTime(dir + "/http.csv"), b = try rowsWithoutTime(dir + "/file.csv")
        #expect(!a.isEmpty && a == b)
    }

    /// Ctrl-C on a live run: rows were in the file while it ran, and every output is complete
    /// and parseable afterwards; the run ends normally.
    @Test func interruptingALiveRunCompletesItsOutputs() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try setUp("sigint")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let url = "udp://127.0.0.1:\(Loopback.freePort())"
        let run = try Spawned.trackline(["track", url, "-o", "live.csv", "--mot", "live.txt", "--jsonl", "live.jsonl",
                                         "--track-summary", "tracks.csv"] + common, in: dir)
        usleep(500_000)
        let sender = try Spawned.ffmpeg(["-re", "-stream_loop", "-1", "-i", dir + "/crossing.ts", "-c", "copy", "-f", "mpegts", url])
        defer { sender.kill9() }
        // Rows reach the CSV while the run goes on.
        let during = Loopback.waitForLines(dir + "/live.csv", 20, timeout: 20)
        #expect(during >= 20)
        run.signal(SIGINT)
        let r = run.wait(timeout: 15)
        #expect(r.status == 0 && !r.signalled, "\(r.stderr)")
        let csv = try String(contentsOfFile: dir + "/live.csv", encoding: .utf8)
        #expect(csv.hasSuffix("\n") && csv.split(separator: "\n").dropFirst().allSatisfy { $0.split(separator: ",").count == 8 })
        let jsonl = try String(contentsOfFile: dir + "/live.jsonl", encoding: .utf8).split(separator: "\n")
        for line in jsonl { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil) }
        #expect(jsonl.last?.hasPrefix("{\"summary\":") == true && jsonl.count == csv.split(separator: "\n").count)
        #expect(try String(contentsOfFile: dir + "/live.txt", encoding: .utf8).split(separator: "\n").count == jsonl.count - 1)
        #expect(try String(contentsOfFile: dir + "/tracks.csv", encoding: .utf8).hasPrefix("id,class,first_frame"))
        #expect(FileManager.default.fileExists(atPath: dir + "/live.run.json"))
        #expect(CLI.leftovers(in: dir).isEmpty)
    }

    /// A sender that stops: without --reconnect the run ends with an error naming the URL
    /// after --stall-timeout, and the rows it made are complete.
    @Test func aStalledStreamIsAClearError() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try setUp("stall")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let url = "udp://127.0.0.1:\(Loopback.freePort())"
        let run = try Spawned.trackline(["track", url, "-o", "live.csv", "--stall-timeout", "1.5"] + common, in: dir)
        usleep(500_000)
        let sender = try Spawned.ffmpeg(["-re", "-i", dir + "/crossing.ts", "-t", "2", "-c", "copy", "-f", "mpegts", url])
        defer { sender.kill9() }
        let r = run.wait(timeout: 30)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("\(url): no data for 1.5 s"), "\(r.stderr)")
        #expect(try rowsWithoutTime(dir + "/live.csv").count > 0)
    }

    /// An HTTP sender that ends and comes back: --reconnect opens it again and frame numbers go on.
    @Test func reconnectGoesOnAfterADrop() throws {
        guard CLI.hasFFmpeg else { return }
        let dir = try setUp("reconnect")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let url = "http://127.0.0.1:\(Loopback.freePort())/live.ts"
        let serve = ["-i", dir + "/crossing.ts", "-t", "2", "-c", "copy", "-f", "mpegts", "-listen", "1", url]
        let first = try Spawned.ffmpeg(serve)
        defer { first.kill9() }
        usleep(500_000)
        let run = try Spawned.trackline(["track", url, "-o", "live.csv", "--reconnect", "--max-frames", "50"] + common, in: dir)
        _ = first.wait(timeout: 20)
        let second = try Spawned.ffmpeg(serve)
        defer { second.kill9() }
        let r = run.wait(timeout: 40)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("reconnected after"), "\(r.stderr)")
        let frames = try rowsWithoutTime(dir + "/live.csv").map { Int($0.split(separator: ",")[0])! }
        #expect(frames.max() ?? 0 > 30 && frames == frames.sorted())
    }
}
