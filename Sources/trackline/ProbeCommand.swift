import ArgumentParser
import Foundation
import Media

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Print a video's metadata; with --count, decode it all.",
        discussion: """
        Without --count only the headers are read; the frame count shown is what the container
        declares (if anything). --count decodes every frame and prints the exact count and the
        decode speed. By default --count only decodes (like `ffmpeg -i VIDEO -f null -`); add
        --convert rgb24 or gray8 to also convert every frame as the tracker would.
        """)

    @Argument(help: "Video file, image pattern (img1/%06d.jpg), folder of images, URL (rtsp, rtmp, http(s), udp, tcp, srt), - for standard input, or a camera (/dev/video0).")
    var video: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Decode every frame: exact frame count, wall time and decode speed.")
    var count = false

    @Option(help: "With --count, also convert each frame to this format (rgb24 or gray8).")
    var convert: PixelFormat?

    @Option(help: "Decoder threads (frame threading); 0 lets FFmpeg choose.")
    var threads = 2

    struct Report: Codable {
        var path: String
        var metadata: VideoMetadata
        var decodedFrames: Int?
        var seconds: Double?
        var framesPerSecond: Double?
        var megabytesPerSecond: Double?
        var corruptPackets: Int?
        var damagedFrames: Int?
        var warnings: [String]?
    }

    func run() throws {
        let options = VideoReaderOptions(format: convert ?? .rgb24, threadCount: threads)
        let reader = try VideoReader(path: video, options: options)
        var report = Report(path: video, metadata: reader.metadata)
        if count {
            let progress = isatty(STDERR_FILENO) != 0
            let start = DispatchTime.now().uptimeNanoseconds
            var n = 0
            if convert != nil {
                var frame = Frame(width: 1, height: 1, format: options.format)
                while try reader.read(into: &frame) {
                    n += 1
                    if progress && n % 250 == 0 { FileHandle.standardError.write(Data("\rdecoded \(n) frames".utf8)) }
                }
            } else {
                while try reader.skipFrame() {
                    n += 1
                    if progress && n % 250 == 0 { FileHandle.standardError.write(Data("\rdecoded \(n) frames".utf8)) }
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if progress && n >= 250 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            report.decodedFrames = n
            report.seconds = seconds
            report.framesPerSecond = seconds > 0 ? Double(n) / seconds : nil
            if let size = (try? FileManager.default.attributesOfItem(atPath: video))?[.size] as? NSNumber, seconds > 0 {
                report.megabytesPerSecond = size.doubleValue / 1e6 / seconds
            }
            report.corruptPackets = reader.corruptPacketCount
            report.damagedFrames = reader.damagedFrameCount
            report.warnings = reader.warnings
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(text(report))
        }
    }

    private func text(_ r: Report) -> String {
        let m = r.metadata
        var lines = [r.path]
        lines.append("  container   \(m.containerName)")
        lines.append("  codec       \(m.codecName)" + (m.pixelFormat.map { " (\($0))" } ?? ""))
        lines.append("  size        \(m.width)x\(m.height)")
        lines.append("  frame rate  " + String(format: "%.3f fps", m.frameRate))
        lines.append("  duration    " + (m.duration.map { String(format: "%.3f s", $0) } ?? "unknown"))
        lines.append("  frames      " + (m.frameCount.map { "\($0) (declared by the container)" } ?? "not declared"))
        if let bitRate = m.bitRate { lines.append("  bit rate    \(bitRate / 1000) kb/s") }
        if let n = r.decodedFrames, let s = r.seconds {
            var speed = String(format: "%.3f s, %.1f frames/s", s, r.framesPerSecond ?? 0)
            if let mb = r.megabytesPerSecond { speed += String(format: ", %.2f MB/s", mb) }
            lines.append("  decoded     \(n) frames in \(speed)")
            if let c = r.corruptPackets, let d = r.damagedFrames, c + d > 0 {
                lines.append("  warning     \(c) corrupt packets skipped, \(d) frames decoded with concealed errors")
            }
            for w in (r.warnings ?? []).prefix(5) { lines.append("  warning     \(w)") }
        }
        return lines.joined(separator: "\n")
    }
}

extension PixelFormat: ExpressibleByArgument {}
