import Foundation
import Testing
@testable import Media

@Suite(.serialized) struct MemoryTests {
    /// Opening and decoding a clip 100 times must not grow memory: every AVFrame, packet and
    /// context is freed. Other test suites run in the same process, so the bound is loose
    /// enough for their noise yet far below what a leak would cost (a leaked 640x360 frame per
    /// decode is > 30 MB over 100 runs; a leaked decoder is more).
    @Test func decodingOneHundredTimesKeepsMemoryFlat() throws {
        let path = TestSupport.clipsDirectory + "/crossing.mp4"
        let options = VideoReaderOptions(format: .rgb24, endFrame: 40)
        var frame = Frame(width: 1, height: 1)
        func decodeOnce() throws {
            let reader = try VideoReader(path: path, options: options)
            while try reader.read(into: &frame) {}
        }
        for _ in 0..<10 { try decodeOnce() }
        guard let before = TestSupport.memoryKiB() else { print("no /proc/self/status: skipped"); return }
        for _ in 0..<100 { try decodeOnce() }
        guard let after = TestSupport.memoryKiB() else { return }
        let growth = after.rss - before.rss
        print("decode x100: VmRSS \(before.rss) -> \(after.rss) KiB (growth \(growth) KiB), VmHWM \(before.hwm) -> \(after.hwm) KiB")
        #expect(growth < 16 * 1024, "VmRSS grew by \(growth) KiB over 100 decodes")
    }
}
