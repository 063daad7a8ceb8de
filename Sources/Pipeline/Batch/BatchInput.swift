import Foundation
import TracklineCore

/// One video of a batch: the input as given (path or URL) and the name of its output folder.
public struct BatchInput: Sendable, Equatable {
    /// Position in the whole expanded input list (0-based; summaries are sorted by it).
    public var index: Int
    /// A path or URL, as given on the command line or in a manifest (manifest paths made
    /// relative to the working directory).
    public var input: String
    /// The output folder's name: the file name without extension (`VideoSource.shortName`),
    /// with `-` and 8 hex digits of the input's hash added when two inputs share a name.
    public var name: String
}

/// Expands a batch's arguments into videos: files as they are; folders searched (with their
/// subfolders) for video files, in natural order, or taken as one folder of images when they
/// hold images and no video; manifests (`.txt`, `.list`, `.lst`: one path or URL a line, `#`
/// comments, paths relative to the manifest's folder); URLs as they are. Repeated inputs count
/// once.
public enum BatchInputs {
    /// File extensions taken as videos when searching folders (lowercased).
    public static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "avi", "mkv", "webm", "ts", "mts", "m2ts", "mpg", "mpeg", "flv", "wmv", "y4m", "3gp", "ogv"]
    /// Extensions of manifests.
    public static let manifestExtensions: Set<String> = ["txt", "list", "lst"]
    /// Largest manifest read, bytes.
    public static let manifestLimit = 16 << 20

    /// The videos `arguments` name, in order, with their output names.
    public static func expand(_ arguments: [String]) throws -> [BatchInput] {
        var inputs: [String] = []
        for a in arguments { try add(a, to: &inputs, depth: 0) }
        var seen = Set<String>()
        inputs = inputs.filter { seen.insert($0).inserted }
        if inputs.isEmpty { throw JobError.badValue(option: "INPUT", message: "no videos found in \(arguments.joined(separator: ", "))") }
        return named(inputs)
    }

    /// Names for `inputs` (see `BatchInput.name`).
    public static func named(_ inputs: [String]) -> [BatchInput] {
        let stems = inputs.map { VideoSource($0).shortName }
        var counts: [String: Int] = [:]
        for s in stems { counts[s, default: 0] += 1 }
        return inputs.enumerated().map { k, input in
            let stem = stems[k]
            let name = counts[stem]! > 1 ? stem + "-" + String(format: "%08x", UInt32(truncatingIfNeeded: Shard.hash(input))) : stem
            return BatchInput(index: k, input: input, name: name)
        }
    }

    private static func add(_ argument: String, to out: inout [String], depth: Int) throws {
        let source = VideoSource(argument)
        switch source.kind {
        case .network, .standardInput, .camera:
            out.append(argument)
        case .imageFolder:
            let videos = try search(argument)
            if videos.isEmpty { out.append(argument) } else { out.append(contentsOf: videos) }
        case .file:
            let ext = (argument as NSString).pathExtension.lowercased()
            if manifestExtensions.contains(ext) {
                guard depth < 4 else { throw JobError.badValue(option: "INPUT", message: "\(argument): manifests nested more than 4 deep") }
                for line in try manifestLines(argument) { try add(line, to: &out, depth: depth + 1) }
            } else {
                guard FileIdentity.kind(argument) != .missing || argument.contains("%") else {
                    throw JobError.badValue(option: "INPUT", message: "\(argument): no such file or folder")
                }
                out.append(argument)
            }
        }
    }

    /// The non-empty, non-comment lines of a manifest, paths relative to its folder.
    static func manifestLines(_ path: String) throws -> [String] {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path: path, limit: manifestLimit) } catch {
            throw JobError.badValue(option: "INPUT", message: error.description)
        }
        let dir = (path as NSString).deletingLastPathComponent
        return String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { return nil }
            let s = VideoSource(line)
            if line.hasPrefix("/") || !(s.kind == .file || s.kind == .imageFolder) || dir.isEmpty { return line }
            return dir + "/" + line
        }
    }

    /// Video files under `folder` (subfolders included, hidden ones skipped), in natural order
    /// of their paths.
    static func search(_ folder: String) throws -> [String] {
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        guard let walker = FileManager.default.enumerator(atPath: base) else {
            throw JobError.badValue(option: "INPUT", message: "\(folder): cannot read the folder")
        }
        var found: [String] = []
        while let rel = walker.nextObject() as? String {
            if (rel as NSString).lastPathComponent.hasPrefix(".") { walker.skipDescendants(); continue }
            if videoExtensions.contains((rel as NSString).pathExtension.lowercased()), FileIdentity.kind(base + "/" + rel) == .regular {
                found.append(rel)
            }
        }
        return NaturalOrder.sorted(found).map { base + "/" + $0 }
    }
}
