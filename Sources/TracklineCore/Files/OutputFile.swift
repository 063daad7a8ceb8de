import Foundation

/// Where an output really goes, decided before anything is written.
///
/// - A regular file (or a path that does not exist yet) is written through a hidden temporary
///   file beside it and renamed into place when complete, so it appears whole or not at all.
/// - A symbolic link is followed: its target is replaced, the link stays.
/// - A character device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe) is written in
///   place: renaming over it would replace the device node with a regular file.
/// - A folder is refused (`OutputError.isDirectory`).
public struct OutputFile: Sendable, Equatable {
    /// The path as the caller gave it (used in messages).
    public let path: String
    /// The file actually written: `path` with symbolic links resolved.
    public let target: String
    /// True for devices, FIFOs and sockets, which are written directly (no temporary file).
    public let inPlace: Bool

    /// Resolves `path`. `option` names the flag that gave it, for error messages. `inPlace`
    /// writes a regular file in place too (a live run's outputs, which grow as it runs).
    public init(path: String, option: String = "", inPlace forceInPlace: Bool = false) throws(OutputError) {
        guard !path.isEmpty else { throw .emptyPath(option: option) }
        if path.hasSuffix("/") { throw .isDirectory(path: path, option: option) }
        self.path = path
        target = FileIdentity.resolvingLinks(path)
        switch FileIdentity.kind(target) {
        case .directory: throw .isDirectory(path: path, option: option)
        case .special: inPlace = true
        case .regular, .missing: inPlace = forceInPlace
        }
    }

    /// The hidden temporary file a regular output is written to before `commit`:
    /// `.NAME.PID.tmp` beside the target. Nil for in-place outputs.
    public var temporaryPath: String? {
        guard !inPlace else { return nil }
        let url = URL(fileURLWithPath: target)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
    }

    /// Creates the target's folder when it is missing.
    public func createFolder() throws(OutputError) {
        guard !inPlace else { return }
        let dir = URL(fileURLWithPath: target).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(path: path, reason: FileIdentity.reason(error))
        }
    }

    /// Moves the finished temporary file over the target (atomic within one file system).
    public func commit() throws(OutputError) {
        guard let tmp = temporaryPath else { return }
        defer { TemporaryFiles.shared.unregister(tmp) }
        if rename(tmp, target) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw .writeFailed(path: path, reason: "cannot move the finished file into place (\(reason))")
        }
    }

    /// Deletes the temporary file of an abandoned write; the target is untouched.
    public func discard() {
        guard let tmp = temporaryPath else { return }
        unlink(tmp)
        TemporaryFiles.shared.unregister(tmp)
    }

    /// Opens the file to write into (the temporary file, or the target when in place) and
    /// registers a temporary file for removal if the process is interrupted.
    public func open() throws(OutputError) -> UnsafeMutablePointer<FILE> {
        try createFolder()
        let where_ = temporaryPath ?? target
        if let tmp = temporaryPath { TemporaryFiles.shared.register(tmp) }
        guard let f = fopen(where_, "wb") else {
            let reason = String(cString: strerror(errno))
            if let tmp = temporaryPath { TemporaryFiles.shared.unregister(tmp) }
            throw .cannotCreate(path: path, reason: reason)
        }
        return f
    }
}
