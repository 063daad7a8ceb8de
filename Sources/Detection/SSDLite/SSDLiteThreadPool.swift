import CSSDLiteKernels

/// Persistent worker threads that split one layer into parts (`ssdl_pool_*`): created once per
/// network and thread count, so that each of the ~30 per-frame hand-offs costs a cache-line
/// round trip rather than a thread wake-up. Idle workers park after ~0.1 ms of spinning.
/// Not re-entrant: `run` is called by one thread at a time (the network's `forward`).
final class SSDLiteThreadPool {
    /// Threads a job is split across, the caller included.
    let threads: Int
    private let pool: OpaquePointer?

    init(threads: Int) {
        pool = ssdl_pool_create(max(0, threads - 1))
        self.threads = 1 + ssdl_pool_workers(pool)
    }

    deinit { ssdl_pool_destroy(pool) }

    /// Runs `body(part)` for every part in `0..<parts`, part 0 on the calling thread; returns when
    /// all are done.
    func run(parts: Int, _ body: @Sendable (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            var job = body
            withUnsafeMutablePointer(to: &job) { p in
                ssdl_pool_run(pool, { ctx, part in
                    ctx!.assumingMemoryBound(to: (@Sendable (Int) -> Void).self).pointee(part)
                }, p, parts)
            }
        }
    }
}
