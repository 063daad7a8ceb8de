/// Floats in memory aligned to 64 bytes (a cache line, one AVX-512 register), so that the C
/// kernels' vector loads and stores never straddle two lines: with the 16-byte alignment of
/// Swift arrays every 64-byte access does, and the depthwise kernel ran 1.5x slower.
/// Weights are written once by `init` and only read afterwards (hence Sendable); the network's
/// private arena also uses it for activation buffers, which it writes but never shares.
/// Freed with the object.
final class AlignedFloats: @unchecked Sendable {
    static let alignment = 64
    let count: Int
    private let base: UnsafeMutablePointer<Float>

    /// `count` floats, zeroed, then filled by `fill`.
    init(count: Int, _ fill: (UnsafeMutablePointer<Float>) -> Void = { _ in }) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride,
                                                   alignment: Self.alignment)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
        fill(base)
    }

    /// Calls `body` with the first float; the storage stays alive until it returns.
    func withPointer<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(UnsafePointer(base)) }
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }
}
