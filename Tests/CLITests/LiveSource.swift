import Foundation
import Testing

/// Processes that outlive one call: a `trackline` run reading a live source, and the `ffmpeg`
/// CLI serving that source on loopback.
final class Spawned: @unchecked Sendable {
    let process = Process()
    private let errPipe = Pipe()
    private let lock = NSLock()
    private var errData = Data()
    private let drained = DispatchSemaphore(value: 0)

    /// Starts `program ARGS` in `directory`; stdin from `stdinPath` (else /dev/null).
    init(_ program: String, _ arguments: [String], in directory: String? = nil, stdinPath: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errPipe
        if let stdinPath { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinPath)) } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        DispatchQueue.global().async { [errPipe, drained] in
            let d = errPipe.fileHandleForReading.readDataToEndOfFile()
            self.lock.lock(); self.errData = d; self.lock.unlock()
            drained.signal()
        }
    }

    var pid: Int32 { process.processIdentifier }

    func signal(_ sig: Int32) { kill(pid, sig) }

    /// Waits at most `timeout` seconds for the end (then kills it); returns (status, signalled, stderr).
    func wait(timeout: Double) -> (status: Int32, signalled: Bool, stderr: String) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            Issue.record("\(process.executableURL!.lastPathComponent) did not end within \(timeout) s")
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
        _ = drained.wait(timeout: .now() + 5)
        lock.lock(); defer { lock.unlock() }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, String(decoding: errData, as: UTF8.self))
    }

    /// Ends it (SIGKILL) if it still runs.
    func kill9() { if process.isRunning { kill(pid, SIGKILL) }; process.waitUntilExit() }

    /// `ffmpeg ARGS` (quiet, no stdin).
    static func ffmpeg(_ arguments: [String]) throws -> Spawned {
        try Spawned(CLI.which("ffmpeg")!, ["-nostdin", "-v", "error"] + arguments)
    }

    /// `trackline ARGS`.
    static func trackline(_ arguments: [String], in directory: String, stdinPath: String? = nil) throws -> Spawned {
        try Spawned(CLI.binary, arguments, in: directory, stdinPath: stdinPath)
    }
}

enum Loopback {
    /// A free TCP/UDP port on 127.0.0.1 (bound once and released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Waits until `path` holds at least `lines` lines (at most `timeout` seconds); returns the count.
    static func waitForLines(_ path: String, _ lines: Int, timeout: Double) -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var n = 0
        while Date() < deadline {
            n = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if n >= lines { return n }
            usleep(100_000)
        }
        return n
    }
}
