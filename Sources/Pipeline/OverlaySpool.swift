import Foundation
import Tracking
import TracklineCore

/// The result rows of a run kept on disk for the overlay pass: a Trackline CSV in the system's
/// temporary folder, written by the tracking session like the other result files (final ids,
/// smoothed and gap-filled boxes, frame-then-id order) and read back frame by frame. Memory
/// stays flat: at most one frame's rows and a 64 KiB read buffer are held. Registered with
/// `TemporaryFiles`, so an interrupted run leaves nothing behind.
final class OverlaySpool {
    let path: String
    let writer: ResultWriter

    init() throws {
        let name = "trackline-overlay-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8)).csv"
        path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        TemporaryFiles.shared.register(path)
        writer = try ResultWriter(path: path, format: .csv, option: "--render")
    }

    /// Deletes the file (after the overlay pass, or when the run fails).
    func remove() {
        writer.discard()
        unlink(path)
        TemporaryFiles.shared.unregister(path)
    }

    deinit { remove() }
}

/// Reads a spool's rows frame by frame, in increasing frame order.
struct OverlaySpoolReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var pending: TrackedBox?
    private var headerSkipped = false

    init(path: String) throws {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw OutputError.writeFailed(path: path, reason: "the overlay's rows cannot be read back")
        }
        handle = h
    }

    /// The rows of `frame` (frames asked for must increase); rows of earlier frames are skipped.
    mutating func boxes(for frame: Int, into out: inout [TrackedBox]) {
        out.removeAll(keepingCapacity: true)
        while true {
            if pending == nil { pending = nextRow() }
            guard let row = pending else { return }
            if row.frame > frame { return }
            if row.frame == frame { out.append(row) }
            pending = nil
        }
    }

    private mutating func nextLine() -> ArraySlice<UInt8>? {
        while true {
            if let nl = buffer[position...].firstIndex(of: 10) {
                let line = buffer[position..<nl]
                position = nl + 1
                return line
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                let line = buffer[position...]
                position = buffer.count
                return line
            }
            buffer.removeFirst(position)
            position = 0
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    /// `frame,time_s,track_id,x,y,w,h,score` as written by `ResultWriter`.
    private mutating func nextRow() -> TrackedBox? {
        while let line = nextLine() {
            if !headerSkipped { headerSkipped = true; continue }
            let f = line.split(separator: 44, omittingEmptySubsequences: false).map { Double(String(decoding: $0, as: UTF8.self)) }
            guard f.count >= 8, let frame = f[0], let id = f[2], let x = f[3], let y = f[4], let w = f[5], let h = f[6] else { continue }
            return TrackedBox(frame: Int(frame), trackID: Int(id), box: BoundingBox(x: x, y: y, width: w, height: h), score: Float(f[7] ?? 0))
        }
        return nil
    }
}
