import Foundation

/// A MOTChallenge dataset on disk, one sequence or a root of them, as every command finds it
/// (`track --detections`, `eval --gt`, `train --data`, `simulate -o` writes one).
///
/// A path is, in order:
/// - a file: one sequence. A file in a `det/` or `gt/` folder (`<SEQ>/det/det.txt`) belongs to
///   `<SEQ>`; any other file is a sequence named after the file;
/// - a sequence folder, holding `det/det.txt` and/or `gt/gt.txt`;
/// - a root: its sub-folders that are sequences with the parts asked for, sorted by name.
///
/// `seqinfo.ini` is looked for in the sequence folder (for a loose file: beside it, or in its
/// parent).
public struct MOTDataset: Sendable {
    /// One sequence and its files.
    public struct Sequence: Sendable, Equatable {
        /// The sequence folder's name (`<SEQ>`), or a loose file's name without extension:
        /// the name results are filed under (`<SEQ>.txt`), as TrackEval does.
        public var name: String
        /// The `<SEQ>` folder, when there is one.
        public var folder: String?
        /// `det/det.txt` (or the file given), when present.
        public var detections: String?
        /// `gt/gt.txt` (or the file given), when present.
        public var groundTruth: String?
        /// `seqinfo.ini`, when present.
        public var seqInfoPath: String?

        /// Reads `seqinfo.ini`, or nil when there is none.
        public func seqInfo() throws -> SeqInfo? { try seqInfoPath.map { try SeqInfo.read(path: $0) } }
    }

    /// The parts a command needs from each sequence.
    public enum Part: String, Sendable, CaseIterable {
        case detections = "det/det.txt"
        case groundTruth = "gt/gt.txt"
    }

    /// Why a path is not a dataset with the parts asked for.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case notFound(path: String)
        case noSequences(path: String, needs: [Part])

        public var description: String {
            switch self {
            case let .notFound(path):
                return "\(path): no such file or folder"
            case let .noSequences(path, needs):
                let files = needs.map(\.rawValue).joined(separator: " and ")
                return "\(path): no sequence with \(files) found; give a file, a <SEQ> folder holding \(files), or a MOTChallenge root of such folders"
            }
        }
    }

    /// The path given.
    public let path: String
    /// True when `path` is a root of several sequence folders.
    public let isRoot: Bool
    public let sequences: [Sequence]

    /// Finds the sequences of `path` that have every part in `needs` (a file given directly
    /// counts as the first part asked for).
    public init(path: String, needs: [Part]) throws(Failure) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw .notFound(path: path) }
        self.path = path
        if !isDir.boolValue {
            isRoot = false
            sequences = [Self.sequence(forFile: path, as: needs.first ?? .detections)]
            return
        }
        if let own = Self.sequence(inFolder: path, needs: needs) {
            isRoot = false
            sequences = [own]
            return
        }
        let names = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted()
        let found = names.compactMap { Self.sequence(inFolder: URL(fileURLWithPath: path).appendingPathComponent($0).path, needs: needs) }
        guard !found.isEmpty else { throw .noSequences(path: path, needs: needs) }
        isRoot = true
        sequences = found
    }

    /// The sequence a loose file belongs to.
    static func sequence(forFile path: String, as part: Part) -> Sequence {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        let inPartFolder = ["det", "gt"].contains(dir.lastPathComponent)
        let folder = inPartFolder ? dir.deletingLastPathComponent() : nil
        let name = folder?.lastPathComponent ?? url.deletingPathExtension().lastPathComponent
        var s = Sequence(name: name, folder: folder?.path, detections: nil, groundTruth: nil, seqInfoPath: SeqInfo.locate(near: path))
        switch part {
        case .detections: s.detections = path
        case .groundTruth: s.groundTruth = path
        }
        if let folder {
            let other = folder.appendingPathComponent(part == .detections ? Part.groundTruth.rawValue : Part.detections.rawValue).path
            if fm.fileExists(atPath: other) {
                if part == .detections { s.groundTruth = other } else { s.detections = other }
            }
        }
        return s
    }

    /// The sequence of a `<SEQ>` folder, when it has every part in `needs`.
    static func sequence(inFolder dir: String, needs: [Part]) -> Sequence? {
        let base = URL(fileURLWithPath: dir)
        let det = base.appendingPathComponent(Part.detections.rawValue).path
        let gt = base.appendingPathComponent(Part.groundTruth.rawValue).path
        let has: [Part: Bool] = [.detections: fm.fileExists(atPath: det), .groundTruth: fm.fileExists(atPath: gt)]
        guard needs.allSatisfy({ has[$0] == true }), has.values.contains(true) else { return nil }
        let ini = base.appendingPathComponent("seqinfo.ini").path
        return Sequence(name: base.lastPathComponent, folder: dir, detections: has[.detections]! ? det : nil,
                        groundTruth: has[.groundTruth]! ? gt : nil, seqInfoPath: fm.fileExists(atPath: ini) ? ini : nil)
    }

    private static var fm: FileManager { .default }

    /// Writes one sequence folder: `seqinfo.ini`, and `gt/gt.txt` and `det/det.txt` when given
    /// (MOTChallenge text), each whole or not at all.
    public static func writeSequence(folder: String, info: SeqInfo, groundTruth: String?, detections: String?) throws(OutputError) {
        try info.write(to: URL(fileURLWithPath: folder).appendingPathComponent("seqinfo.ini").path)
        if let groundTruth { try AtomicFile.write(groundTruth, to: URL(fileURLWithPath: folder).appendingPathComponent(Part.groundTruth.rawValue).path) }
        if let detections { try AtomicFile.write(detections, to: URL(fileURLWithPath: folder).appendingPathComponent(Part.detections.rawValue).path) }
    }
}
