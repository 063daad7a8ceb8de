import Foundation
import TracklineCore

/// Streams result rows into a hidden temporary file beside the target and renames it over the
/// target in `commit()`: the target appears whole or not at all, even if the process is killed
/// (devices and FIFOs such as `/dev/null` are written in place; see `OutputFile`).
/// Rows must be written in the order they should appear (frame, then id).
public final class ResultWriter {
    public var path: String { output.path }
    public let format: ResultFormat
    private let output: OutputFile
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []

    public init(path: String, format: ResultFormat, option: String = "") throws(OutputError) {
        self.format = format
        output = try OutputFile(path: path, option: option)
        file = try output.open()
        buffer.reserveCapacity(1 << 16)
        if let h = format.header { buffer.append(contentsOf: Array(h.utf8)) }
    }

    /// Appends the rows of one frame (`time` in seconds since the source start).
    public func write(_ boxes: [TrackedBox], time: Double) throws(OutputError) {
        for b in boxes { format.appendRow(b, time: time, to: &buffer) }
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws(OutputError) {
        guard let f = file, !buffer.isEmpty else { return }
        let n = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        if n != buffer.count { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Finishes the file and moves it into place.
    public func commit() throws(OutputError) {
        do { try flush() } catch { discard(); throw error }
        guard let f = file else { return }
        file = nil
        var failure: String? = nil
        if fflush(f) != 0 { failure = String(cString: strerror(errno)) }
        if fclose(f) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            output.discard()
            throw .writeFailed(path: path, reason: failure)
        }
        try output.commit()
    }

    /// Abandons the file: the temporary goes, the target is untouched.
    public func discard() {
        if let f = file { fclose(f); file = nil; output.discard() }
    }

    deinit { discard() }
}
