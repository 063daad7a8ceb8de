import Foundation

/// What a path names on disk, and whether two paths name the same file: used to refuse runs
/// that would write over their own inputs or write two outputs to one file.
public struct FileIdentity: Hashable, Sendable {
    private let device: UInt64
    private let inode: UInt64
    /// For paths that do not exist: the canonical absolute path (folder links resolved).
    private let canonical: String

    /// The identity of `path`: device and inode when it exists, else its canonical path.
    public init(_ path: String) {
        let resolved = Self.resolvingLinks(path)
        var st = stat()
        if stat(resolved, &st) == 0 {
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
            canonical = ""
        } else {
            device = 0
            inode = 0
            canonical = Self.canonicalMissing(resolved)
        }
    }

    /// What kind of thing a path names (after following links).
    public enum Kind: Sendable { case missing, regular, directory, special }

    public static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .special
        }
    }

    /// True for character devices, FIFOs and sockets (after following links).
    public static func isSpecial(_ path: String) -> Bool { kind(path) == .special }

    /// `path` with symbolic links followed (also a dangling link, to the file it would create).
    /// Gives up after 40 links, as the kernel does, and returns the last path reached.
    public static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, st.st_mode & S_IFMT == S_IFLNK,
                  let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = dest.hasPrefix("/") ? dest
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(dest).path
        }
        return current
    }

    /// Absolute path of a file that does not exist yet, with its existing folders' links resolved.
    private static func canonicalMissing(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let dir = url.deletingLastPathComponent()
        return dir.resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
    }

    /// A short reason from a Foundation or POSIX error, without Cocoa error codes.
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedFailureReason ?? ns.localizedDescription
    }
}
