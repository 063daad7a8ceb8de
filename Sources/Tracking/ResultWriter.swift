import Foundation
import TracklineCore

/// Streams result rows into a hidden temporary file beside the target and renames it over the
/// target in `commit()`: the target appears whole or not at all, even if the process is killed
/// (devices and FIFOs such as `/dev/null` are written in place; see `OutputFile`).
/// Rows must be written in the order they should appear (frame, then id).
///
/// A streaming writer (for live sources) writes the target in place instead and flushes each
/// frame's rows as they come, so a reader of the file (`tail -f`) sees every row as soon as it
/// is final; the file then always ends with a whole row. JSON Lines end with a summary object
/// and a track summary is written whole at `commit()` in either mode.
public final class ResultWriter {
    public var path: String { output.path }
    public let format: ResultFormat
    /// The `class` written for every box (JSON Lines, track summary). Default "object".
    public let className: String
    /// True when rows are flushed to the target frame by frame (see above).
    public let streaming: Bool
    private let output: OutputFile
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    private var statistics = TrackStatistics()
    private var rows = 0
    private var ids = Set<Int>()
    private var frameRange: (first: Int, last: Int)?
    private var lastTime = 0.0

    /// - Parameters:
    ///   - path: the target file; `option` names the flag that gave it, for messages.
    ///   - className: the class of every box (JSON Lines, track summary).
    ///   - streaming: write in place and flush every frame (live sources); not for a track
    ///     summary, which is always written whole.
    public init(path: String, format: ResultFormat, option: String = "", className: String = "object",
                streaming: Bool = false) throws(OutputError) {
        self.format = format
        self.className = className
        self.streaming = streaming && format != .trackSummary
        output = try OutputFile(path: path, option: option, inPlace: self.streaming)
        file = try output.open()
        buffer.reserveCapacity(1 << 16)
        if let h = format.header { buffer.append(contentsOf: Array(h.utf8)) }
        if self.streaming { try flush() }
    }

    /// Appends the rows of one frame (`time` in seconds since the source start).
    public func write(_ boxes: [TrackedBox], time: Double) throws(OutputError) {
        for b in boxes {
            if format == .trackSummary {
                statistics.add(b, time: time)
            } else {
                format.appendRow(b, time: time, className: className, to: &buffer)
            }
        }
        if format == .jsonl, let b = boxes.first {
            rows += boxes.count
            for x in boxes { ids.insert(x.trackID) }
            frameRange = (frameRange?.first ?? b.frame, b.frame)
            lastTime = time
        }
        if buffer.count >= 1 << 16 || (streaming && !buffer.isEmpty) { try flush() }
    }

    private func flush() throws(OutputError) {
        guard let f = file, !buffer.isEmpty else { return }
        let n = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        if n != buffer.count { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
        buffer.removeAll(keepingCapacity: true)
        if streaming && fflush(f) != 0 { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
    }

    /// The closing object of a JSON Lines file.
    private var summaryLine: String {
        var s = "{\"summary\":{\"rows\":\(rows),\"tracks\":\(ids.count)"
        if let r = frameRange { s += ",\"first_frame\":\(r.first),\"last_frame\":\(r.last),\"last_time_s\":\(MOTFile.formatDecimal(lastTime, decimals: 6))" }
        return s + ",\"class\":\"\(className)\"}}\n"
    }

    /// Finishes the file and moves it into place.
    public func commit() throws(OutputError) {
        switch format {
        case .jsonl: buffer.append(contentsOf: Array(summaryLine.utf8))
        case .trackSummary: buffer.append(contentsOf: Array(statistics.table(className: className).utf8))
        case .csv, .mot: break
        }
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

    /// Abandons the file: the temporary goes, the target is untouched (a streaming writer's
    /// target keeps the rows written so far).
    public func discard() {
        if let f = file { fclose(f); file = nil; output.discard() }
    }

    deinit { discard() }
}
