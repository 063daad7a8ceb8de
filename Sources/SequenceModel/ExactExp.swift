import CSequenceKernels

/// `expf` over a buffer, giving exactly the C library's floats, eight at a time where the CPU
/// has AVX2 and FMA, sixteen with AVX-512 (see `CSequenceKernels`).
///
/// Why: the model's GELU and softmax spent a sixth of the inference time in scalar `expf`
/// calls. Why not any fast exp: the model's outputs must not move. Why C: glibc's `expf`
/// rounds through fused multiply-adds, which Swift cannot emit for baseline x86-64; a Swift
/// SSE2 replay of the same steps was exact but no faster than `expf`.
/// `Scripts/check-exact-exp.sh` compares each path with `expf` on every float in (-88, 88).
enum ExactExp {
    /// Replaces each of `count` values by its `expf`.
    @inline(__always)
    static func exp(_ p: UnsafeMutablePointer<Float>, count n: Int) {
        tl_expf_inplace(p, n)
    }

    /// `exp` limited to a path: 0 = `expf` calls, 1 = AVX2, 2 = AVX-512 (capped at the CPU's).
    static func exp(_ p: UnsafeMutablePointer<Float>, count n: Int, path: Int) {
        tl_expf_inplace_path(p, n, Int32(path))
    }

    /// The best path on this CPU (0, 1 or 2).
    static var bestPath: Int { Int(tl_expf_vectorised()) }
}
