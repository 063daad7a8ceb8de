import Foundation
import Testing
@testable import Media

/// Memory and time bounds do not hold under a sanitizer (`make sanitize` sets TRACKLINE_SANITIZER),
/// which adds shadow memory and slows every access.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["TRACKLINE_SANITIZER"] == nil))
struct MemoryTests {
    /// Opening and decoding a clip 100 times must not grow memory: every AVFrame, packet and
    /// context is freed (a leaked 640x360 frame per decode is > 30 MB over 100 runs; a leaked
    /// decoder is more). RSS is process-wide and other suites run in parallel, so the
    /// measurement runs in a child process of its own (a Swift Testing exit test).
    @Test func decodingOneHundredTimesKeepsMemoryFlat() async {
        await #expect(processExitsWith: .success) {
            let path = TestSupport.clipsDirectory + "/crossing.mp4"
            let options = VideoReaderOptions(format: .rgb24, endFrame: 40)
            var frame = Frame(width: 1, height: 1)
            func decodeOnce() throws {
                let reader = try VideoReader(path: path, options: options)
                while try reader.read(into: &frame) {}
            }
            do {
                for _ in 0..<10 { try decodeOnce() }
                guard let before = TestSupport.memoryKiB() else { return }  // no /proc: nothing to measure
                for _ in 0..<100 { try decodeOnce() }
                guard let after = TestSupport.memoryKiB() else { return }
                let growth = after.rss - before.rss
                print("decode x100: VmRSS \(before.rss) -> \(after.rss) KiB (growth \(growth) KiB), VmHWM \(before.hwm) -> \(after.hwm) KiB")
                if growth >= 4 * 1024 { exit(1) }
            } catch {
                print("decode failed: \(error)")
                exit(2)
            }
        }
    }
}
