import Foundation
import Testing
@testable import TracklineCore

@Suite struct VideoSourceTests {
    @Test func inputsAreClassifiedWithoutOpeningThem() throws {
        #expect(VideoSource("-").kind == .standardInput && VideoSource("-").url == "pipe:0")
        #expect(VideoSource("pipe:0").kind == .standardInput)
        for url in ["rtsp://cam/stream", "RTMP://h/live/x", "http://127.0.0.1:8080/a.ts", "https://h/v.m3u8", "udp://127.0.0.1:5000",
                    "tcp://h:9", "srt://h:9000?mode=caller"] {
            #expect(VideoSource(url).kind == .network, "\(url)")
            #expect(VideoSource(url).isLive && !VideoSource(url).isPath)
        }
        #expect(VideoSource("file:///tmp/a.mp4").kind == .file)
        #expect(VideoSource("/dev/video0").kind == .camera && VideoSource("/dev/video0").isLive)
        #expect(VideoSource("walk.mp4").kind == .file && !VideoSource("walk.mp4").isLive)
        #expect(VideoSource("img1/%06d.jpg").kind == .file)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vs-\(UUID().uuidString.prefix(6))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(VideoSource(dir).kind == .imageFolder && VideoSource(dir).isPath)
        // A colon in a file name is not a scheme.
        #expect(VideoSource("clip:1.mp4").kind == .file)
    }

    @Test func namesAndRedaction() {
        #expect(VideoSource("/data/night/cam 3.mp4").shortName == "cam_3")
        #expect(VideoSource("rtsp://user:secret@10.0.0.5:554/Streaming/101").shortName == "101")
        #expect(VideoSource("udp://127.0.0.1:5000").shortName == "127.0.0.1_5000")
        #expect(VideoSource("-").shortName == "stdin")
        #expect(VideoSource("frames/").shortName == "frames")
        #expect(VideoSource("rtsp://user:secret@10.0.0.5/x").redacted == "rtsp://user:***@10.0.0.5/x")
        #expect(VideoSource("rtsp://10.0.0.5/x").redacted == "rtsp://10.0.0.5/x")
    }

    @Test func naturalOrderComparesNumbersAsNumbers() {
        #expect(NaturalOrder.sorted(["f10.png", "f2.png", "f1.png", "f02.png", "g.png", "f100.png"])
                == ["f1.png", "f02.png", "f2.png", "f10.png", "f100.png", "g.png"])
        #expect(NaturalOrder.less("a99999999999999999999999", "a100000000000000000000000"))
        #expect(!NaturalOrder.less("x", "x"))
    }
}
