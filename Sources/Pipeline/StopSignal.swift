import Foundation

/// Ends a running job early and cleanly, from any thread: `JobRunner` stops taking frames,
/// interrupts a live source's blocking read, and completes every output with the frames the
/// tracker has made final. The executable requests it on Ctrl-C / SIGTERM of a live run.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var handlers: [Int: @Sendable () -> Void] = [:]
    private var nextKey = 0

    public init() {}

    /// Asks the run to stop; handlers run once, on the calling thread.
    public func request() {
        lock.lock()
        guard !requested else { lock.unlock(); return }
        requested = true
        let all = handlers.values
        handlers.removeAll()
        lock.unlock()
        for h in all { h() }
    }

    /// True once `request()` was called.
    public var isRequested: Bool { lock.lock(); defer { lock.unlock() }; return requested }

    /// Runs `handler` on `request()` (at once if it came already); the key removes it again.
    @discardableResult
    func onRequest(_ handler: @escaping @Sendable () -> Void) -> Int {
        lock.lock()
        if requested { lock.unlock(); handler(); return -1 }
        nextKey += 1
        let key = nextKey
        handlers[key] = handler
        lock.unlock()
        return key
    }

    func remove(_ key: Int) { lock.lock(); handlers[key] = nil; lock.unlock() }
}
