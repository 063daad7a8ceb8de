import Foundation
import TracklineCore

/// Streams result rows into a hidden temporary file beside the target and renames it over the
/// target in `commit()`: the target appears whole or not at all, even if the process is killed.
/// Rows must be written in the order they should appear (frame, then id).
public final class ResultWriter {
    public enum Failure: Error, CustomStringConvertible {
        case cannotCreate(String, String)
        case writeFailed(String)
        public var description: String {
            switch self {
            case .cannotCreate(let p, let why): return "cannot create \(p): \(why); check the folder exists and is writable"
            case .writeFailed(let p): return "writing \(p) failed (disk full?)"
            }
        }
    }

    public let path: String
    public let format: ResultFormat
    private let temporary: String
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []

    public init(path: String, format: ResultFormat) throws {
        self.path = path
        self.format = format
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw Failure.cannotCreate(path, "\(error.localizedDescription)")
        }
        temporary = AtomicFile.temporaryPath(for: path)
        guard let f = fopen(temporary, "wb") else {
            throw Failure.cannotCreate(path, String(cString: strerror(errno)))
        }
        file = f
        buffer.reserveCapacity(1 << 16)
        if let h = format.header { buffer.append(contentsOf: Array(h.utf8)) }
    }

    /// Appends the rows of one frame (`time` in seconds since the source start).
    public func write(_ boxes: [TrackedBox], time: Double) throws {
        for b in boxes { format.appendRow(b, time: time, to: &buffer) }
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        guard let f = file, !buffer.isEmpty else { return }
        let n = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        if n != buffer.count { throw Failure.writeFailed(path) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Finishes the file and moves it into place.
    public func commit() throws {
        try flush()
        guard let f = file else { return }
        file = nil
        if fflush(f) != 0 || fclose(f) != 0 { unlink(temporary); throw Failure.writeFailed(path) }
        do { try AtomicFile.commit(temporary: temporary, to: path) } catch { unlink(temporary); throw error }
    }

    /// Abandons the file: the temporary goes, the target is untouched.
    public func discard() {
        if let f = file { fclose(f); file = nil; unlink(temporary) }
    }

    deinit { discard() }
}
