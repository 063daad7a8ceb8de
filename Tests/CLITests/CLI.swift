import Foundation
import Testing

/// Runs the `trackline` executable built beside this test bundle, as a user would.
enum CLI {
    struct Result {
        var status: Int32
        /// True when the process ended by a signal (`status` is then the signal number).
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    /// The repository root (this file is Tests/CLITests/CLI.swift).
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The built binary: beside the test runner (`swift test` builds both into one folder).
    static let binary: String = {
        var candidates: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for dir in candidates {
            for up in [dir, dir.deletingLastPathComponent(), dir.deletingLastPathComponent().deletingLastPathComponent()] {
                let p = up.appendingPathComponent("trackline").path
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return repoRoot.appendingPathComponent(".build/debug/trackline").path
    }()

    /// Runs `trackline ARGS` in `directory`; waits at most `timeout` seconds (then kills it and
    /// records an issue).
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                    timeout: Double = 300) throws -> Result {
        try runProgram(binary, arguments, in: directory, environment: environment, timeout: timeout)
    }

    static func runProgram(_ program: String, _ arguments: [String], in directory: String? = nil,
                           environment: [String: String] = [:], timeout: Double = 300) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let pid = p.processIdentifier
        let timer = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut)
                group.leave()
            }
        }
        group.wait()
        p.waitUntilExit()
        timer.cancel()
        let signalled = p.terminationReason == .uncaughtSignal
        if signalled && p.terminationStatus == SIGKILL {
            Issue.record("trackline \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        return Result(status: p.terminationStatus, signalled: signalled,
                      stdout: String(decoding: collected.out, as: UTF8.self), stderr: String(decoding: collected.err, as: UTF8.self))
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var _out = Data(), _err = Data()
        func set(_ d: Data, _ isOut: Bool) { lock.lock(); if isOut { _out = d } else { _err = d }; lock.unlock() }
        var out: Data { lock.lock(); defer { lock.unlock() }; return _out }
        var err: Data { lock.lock(); defer { lock.unlock() }; return _err }
    }

    /// A fresh temporary folder.
    static func temporaryDirectory(_ tag: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("trackline-cli-\(tag)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Full path of a program on PATH, or nil.
    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static var hasFFmpeg: Bool { which("ffmpeg") != nil && which("ffprobe") != nil }

    /// Runs the ffmpeg CLI quietly; throws when it fails.
    static func ffmpeg(_ arguments: [String]) throws {
        guard let exe = which("ffmpeg") else { throw Missing.ffmpeg }
        let r = try runProgram(exe, ["-nostdin", "-v", "error", "-y"] + arguments)
        if r.status != 0 { throw Missing.ffmpegFailed(r.stderr) }
    }

    enum Missing: Error { case ffmpeg, ffmpegFailed(String) }

    static func clip(_ name: String) -> String { repoRoot.appendingPathComponent("Clips/\(name)").path }
    static func annotations(_ name: String) -> String { repoRoot.appendingPathComponent("Annotations/\(name)").path }

    /// The ground truth of a bundled clip as a detection file (score 0.9 per box), so that runs
    /// are fast and need no detector.
    static func detectionsFromTruth(_ clip: String, to path: String) throws {
        let gt = try String(contentsOfFile: annotations(clip) + "/gt/gt.txt", encoding: .utf8)
        var out = ""
        for line in gt.split(separator: "\n") {
            let f = line.split(separator: ",")
            guard f.count >= 6 else { continue }
            out += "\(f[0]),-1,\(f[2]),\(f[3]),\(f[4]),\(f[5]),0.9,-1,-1,-1\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// SHA-256-free fingerprint of a file's bytes (for "unchanged" checks).
    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Temporary files (`.NAME.PID.tmp`) left in a folder.
    static func leftovers(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".tmp") }
    }
}
