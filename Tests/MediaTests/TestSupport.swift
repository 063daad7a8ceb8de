import Foundation
@testable import Media

/// Helpers shared by the Media tests: temporary folders, the ffmpeg CLI, fixture clips.
enum TestSupport {
    /// The repository root (this file is Tests/MediaTests/TestSupport.swift).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var clipsDirectory: String { repoRoot.appendingPathComponent("Clips").path }

    /// A fresh temporary folder, removed by the caller with `cleanup`.
    static func makeTempDirectory(_ tag: String = "media") throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("trackline-\(tag)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    static func cleanup(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }

    /// Full path of an executable on PATH, or nil.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static var hasFFmpegCLI: Bool { executable("ffmpeg") != nil && executable("ffprobe") != nil }

    /// Runs a program; returns (exit status, stdout).
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        guard let exe = executable(program) else { return (127, "") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `ffprobe -count_frames` for the first video stream.
    static func ffprobeFrameCount(_ path: String) throws -> Int? {
        let r = try run("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0",
                                    "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path])
        return Int(r.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Colours of the known-colour clip, one per frame.
    static let palette: [(UInt8, UInt8, UInt8)] = [
        (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255),
        (0, 0, 0), (128, 128, 128), (255, 255, 0), (40, 90, 200),
    ]

    /// Writes a 64x48, 10 fps clip whose frame n is the solid colour palette[n - 1].
    static func writeColorClip(to path: String, codec: VideoWriter.Codec = .automatic) throws {
        let writer = try VideoWriter(path: path, width: 64, height: 48, frameRate: 10, codec: codec, quality: 12)
        var frame = Frame(width: 64, height: 48)
        for c in palette {
            for i in stride(from: 0, to: frame.pixels.count, by: 3) {
                frame.pixels[i] = c.0
                frame.pixels[i + 1] = c.1
                frame.pixels[i + 2] = c.2
            }
            try writer.write(frame)
        }
        try writer.finish()
    }

    /// BT.601 limited-range luma of an RGB colour, as a YUV 4:2:0 encoder stores it.
    static func limitedRangeLuma(_ c: (UInt8, UInt8, UInt8)) -> Double {
        16 + (65.481 * Double(c.0) + 128.553 * Double(c.1) + 24.966 * Double(c.2)) / 255
    }

    /// Full-range (JPEG) luma of an RGB colour.
    static func fullRangeLuma(_ c: (UInt8, UInt8, UInt8)) -> Double {
        0.299 * Double(c.0) + 0.587 * Double(c.1) + 0.114 * Double(c.2)
    }

    /// VmRSS and VmHWM of this process in KiB (Linux).
    static func memoryKiB() -> (rss: Int, hwm: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        guard let rss = field("VmRSS"), let hwm = field("VmHWM") else { return nil }
        return (rss, hwm)
    }
}
