import COpenBLAS

/// Which OpenBLAS kernel set is running (for benchmark reports).
///
/// OpenBLAS picks its kernels for the CPU when the library loads unless the environment variable
/// `OPENBLAS_CORETYPE` names a set (e.g. `Haswell` = AVX2, `SkylakeX`/`Cooperlake` = AVX-512).
/// On an AVX-512 CPU the AVX-512 sets run the detector's GEMMs 1.5-1.9x faster than `Haswell`.
public enum OpenBLASCore {
    /// The kernel set in use (`openblas_get_corename`), e.g. "Haswell" or "Cooperlake".
    public static var name: String { String(cString: openblas_get_corename()) }
}
