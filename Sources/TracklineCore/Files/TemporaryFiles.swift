import Foundation

/// The temporary files this process is writing (outputs not yet renamed into place), so that
/// an interrupted run can delete them: the executable calls `removeAll()` from its SIGINT,
/// SIGTERM and SIGHUP handlers before it exits. Libraries only register and unregister.
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()

    private let lock = NSLock()
    private var paths: Set<String> = []

    public func register(_ path: String) {
        lock.lock(); paths.insert(path); lock.unlock()
    }

    public func unregister(_ path: String) {
        lock.lock(); paths.remove(path); lock.unlock()
    }

    /// The paths registered now.
    public var current: Set<String> {
        lock.lock(); defer { lock.unlock() }
        return paths
    }

    /// Deletes every registered file and forgets them.
    public func removeAll() {
        lock.lock()
        let all = paths
        paths.removeAll()
        lock.unlock()
        for p in all { unlink(p) }
    }
}
