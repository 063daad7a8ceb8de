import Synchronization
import Testing
@testable import Detection

struct SSDLiteThreadPoolTests {
    /// Every part runs exactly once per job, over many back-to-back jobs (the spinning hand-off)
    /// and after pauses long enough for the workers to park; more parts than threads run too.
    @Test func everyPartRunsOncePerJob() async throws {
        let pool = SSDLiteThreadPool(threads: 2)
        #expect(pool.threads == 2)
        let counts = Mutex([Int](repeating: 0, count: 5))
        for job in 0..<2_000 {
            let parts = 1 + job % 5
            pool.run(parts: parts) { part in counts.withLock { $0[part] += 1 } }
            if job % 500 == 499 { try await Task.sleep(for: .milliseconds(5)) }
        }
        // Parts 0..<p run in the 400 jobs with p > part's index.
        #expect(counts.withLock { $0 } == [2_000, 1_600, 1_200, 800, 400])
    }

    /// Writes made by the workers are visible to the caller when `run` returns.
    @Test func workerWritesAreVisibleAfterRun() {
        let pool = SSDLiteThreadPool(threads: 3)
        let n = 4_096
        let buffer = UnsafeMutableBufferPointer<Int>.allocate(capacity: n)
        defer { buffer.deallocate() }
        let out = SendablePointer(base: buffer.baseAddress!)
        let threads = pool.threads
        for round in 1...200 {
            pool.run(parts: threads) { part in
                let lo = n * part / threads, hi = n * (part + 1) / threads
                for i in lo..<hi { out.base[i] = round &* 31 &+ i }
            }
            #expect((0..<n).allSatisfy { buffer[$0] == round &* 31 &+ $0 })
        }
    }

    /// One thread: no workers, the caller runs every part in order.
    @Test func oneThreadRunsInline() {
        let pool = SSDLiteThreadPool(threads: 1)
        #expect(pool.threads == 1)
        let order = Mutex([Int]())
        pool.run(parts: 3) { part in order.withLock { $0.append(part) } }
        #expect(order.withLock { $0 } == [0, 1, 2])
    }
}

private struct SendablePointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Int>
}
