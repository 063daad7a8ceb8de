import Foundation
import TracklineCore

/// A detection file (MOTChallenge `frame,-1,x,y,w,h,score,...`) grouped by frame, with the
/// sequence facts found beside it.
public struct DetectionSequence: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case tooManyFrames(String, ClosedRange<Int>)
        case tooManyBoxes(path: String, frame: Int, count: Int, limit: Int)
        public var description: String {
            switch self {
            case let .tooManyBoxes(p, frame, count, limit):
                return "\(p): frame \(frame) has \(count) boxes; at most \(limit) a frame are supported. Drop low-score boxes first"
            case .tooManyFrames(let p, let r):
                return "\(p): frames \(r.lowerBound)...\(r.upperBound) span more than \(MOTFile.maxFrame) frames (the supported limit); check the frame column or give --start-frame/--end-frame"
            }
        }
    }

    /// Sequence name (seqinfo `name`, else the sequence folder's name).
    public var name: String
    public var path: String
    /// seqinfo.ini found beside the file (its folder or the parent), if any.
    public var seqInfo: SeqInfo?
    /// First and last frame to track (1-based, inclusive).
    public var frames: ClosedRange<Int>
    /// Detections of frame `frames.lowerBound + k` at index k.
    public var byFrame: [[Detection]]
    /// Rows inside the requested start/end but outside the sequence (past seqinfo.ini's
    /// `seqLength`), which were not loaded; callers warn about them.
    public var ignoredRows = 0
    /// The frames of those rows.
    public var ignoredFrames: ClosedRange<Int>?
    /// The frames of every row of the file, or nil for an empty file.
    public var fileFrames: ClosedRange<Int>?

    /// Reads `detPath` and groups it. The frame range is seqinfo's 1...seqLength (unless
    /// `useSeqLength` is off, e.g. when a video gives the length), else the file's own range,
    /// clipped to `start...end` when given. Rows outside `start...end` are left out silently;
    /// rows inside it but past the sequence are counted in `ignoredRows`.
    public static func load(detPath: String, start: Int? = nil, end: Int? = nil, useSeqLength: Bool = true) throws -> DetectionSequence {
        let file = try MOTFile.read(path: detPath)
        let detURL = URL(fileURLWithPath: detPath)
        let folder = detURL.deletingLastPathComponent()
        var seqInfo: SeqInfo? = nil
        var seqFolder = folder
        for dir in [folder, folder.deletingLastPathComponent()] {
            let ini = dir.appendingPathComponent("seqinfo.ini").path
            if FileManager.default.fileExists(atPath: ini) {
                seqInfo = try SeqInfo.read(path: ini)
                seqFolder = dir
                break
            }
        }
        if seqInfo == nil && folder.lastPathComponent == "det" { seqFolder = folder.deletingLastPathComponent() }
        let fileRange = file.frameRange ?? 1...1
        let bySeqInfo = useSeqLength ? seqInfo : nil
        var lo = bySeqInfo != nil ? 1 : fileRange.lowerBound
        var hi = bySeqInfo?.seqLength ?? fileRange.upperBound
        if let s = start { lo = max(lo, s) }
        if let e = end { hi = min(hi, e) }
        if hi < lo { hi = lo - 1 }
        if hi - lo >= MOTFile.maxFrame { throw Failure.tooManyFrames(detPath, lo...hi) }
        var byFrame = [[Detection]](repeating: [], count: hi - lo + 1)
        var ignored = 0
        var ignoredLo = Int.max, ignoredHi = Int.min
        for r in file.rows {
            guard r.frame >= lo, r.frame <= hi else {
                if r.frame >= (start ?? 1) && r.frame <= (end ?? Int.max) {
                    ignored += 1
                    ignoredLo = min(ignoredLo, r.frame)
                    ignoredHi = max(ignoredHi, r.frame)
                }
                continue
            }
            byFrame[r.frame - lo].append(Detection(frame: r.frame, box: r.box, score: Float(r.confidence)))
        }
        if let k = byFrame.indices.first(where: { byFrame[$0].count > TrackingSession.maxBoxesPerFrame }) {
            throw Failure.tooManyBoxes(path: detPath, frame: lo + k, count: byFrame[k].count, limit: TrackingSession.maxBoxesPerFrame)
        }
        let name = seqInfo.map { $0.name.isEmpty ? seqFolder.lastPathComponent : $0.name } ?? seqFolder.lastPathComponent
        return DetectionSequence(name: name, path: detPath, seqInfo: seqInfo,
                                 frames: lo...max(lo, hi), byFrame: byFrame, ignoredRows: ignored,
                                 ignoredFrames: ignored > 0 ? ignoredLo...ignoredHi : nil, fileFrames: file.frameRange)
    }

    /// The det files a path names (`MOTDataset`): a file itself; `<path>/det/det.txt`; or, for a
    /// MOTChallenge root, every `<path>/<SEQ>/det/det.txt` sorted by name. `isRoot` tells the
    /// last case.
    public static func resolve(_ path: String) throws -> (files: [String], isRoot: Bool) {
        let dataset = try MOTDataset(path: path, needs: [.detections])
        return (dataset.sequences.compactMap(\.detections), dataset.isRoot)
    }
}
