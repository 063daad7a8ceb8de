import Foundation
import TracklineCore

/// A detection file (MOTChallenge `frame,-1,x,y,w,h,score,...`) grouped by frame, with the
/// sequence facts found beside it.
public struct DetectionSequence: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case notFound(String)
        case noSequences(String)
        case tooManyFrames(String, ClosedRange<Int>)
        public var description: String {
            switch self {
            case .tooManyFrames(let p, let r):
                return "\(p): frames \(r.lowerBound)...\(r.upperBound) span more than \(MOTFile.maxFrame) frames (the supported limit); check the frame column or give --start-frame/--end-frame"
            case .notFound(let p):
                return "\(p): no such detection file or folder; give a det.txt, a <SEQ> folder with det/det.txt, or a MOTChallenge root"
            case .noSequences(let p):
                return "\(p): no <SEQ>/det/det.txt found inside; give a det.txt, a sequence folder or a MOTChallenge root"
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
    /// Rows outside `frames` that were ignored (for a warning).
    public var ignoredRows = 0

    /// Reads `detPath` and groups it. The frame range is seqinfo's 1...seqLength, else the
    /// file's own range, clipped to `start...end` when given.
    public static func load(detPath: String, start: Int? = nil, end: Int? = nil) throws -> DetectionSequence {
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
        var lo = seqInfo != nil ? 1 : fileRange.lowerBound
        var hi = seqInfo?.seqLength ?? fileRange.upperBound
        if let s = start { lo = max(lo, s) }
        if let e = end { hi = min(hi, e) }
        if hi < lo { hi = lo - 1 }
        if hi - lo >= MOTFile.maxFrame { throw Failure.tooManyFrames(detPath, lo...hi) }
        var byFrame = [[Detection]](repeating: [], count: hi - lo + 1)
        var ignored = 0
        for r in file.rows {
            guard r.frame >= lo, r.frame <= hi else { ignored += 1; continue }
            byFrame[r.frame - lo].append(Detection(frame: r.frame, box: r.box, score: Float(r.confidence)))
        }
        let name = seqInfo.map { $0.name.isEmpty ? seqFolder.lastPathComponent : $0.name } ?? seqFolder.lastPathComponent
        return DetectionSequence(name: name, path: detPath, seqInfo: seqInfo,
                                 frames: lo...max(lo, hi), byFrame: byFrame, ignoredRows: ignored)
    }

    /// The det files a path names: a file itself; `<path>/det/det.txt`; or, for a MOTChallenge
    /// root, every `<path>/<SEQ>/det/det.txt` sorted by name. `isRoot` tells the last case.
    public static func resolve(_ path: String) throws -> (files: [String], isRoot: Bool) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw Failure.notFound(path) }
        if !isDir.boolValue { return ([path], false) }
        let own = URL(fileURLWithPath: path).appendingPathComponent("det/det.txt").path
        if FileManager.default.fileExists(atPath: own) { return ([own], false) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let files = names.sorted().map { URL(fileURLWithPath: path).appendingPathComponent($0).appendingPathComponent("det/det.txt").path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        guard !files.isEmpty else { throw Failure.noSequences(path) }
        return (files, true)
    }
}
