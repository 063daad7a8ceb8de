import Foundation

/// The code that runs the detector's 1x1 convolutions (and the im2col product of the first conv).
public enum SSDLiteKernelPath: String, Sendable, CaseIterable {
    /// Our fused kernels in `CSSDLiteKernels`: weights packed once at load time, register-blocked
    /// AVX-512 / AVX2+FMA micro-kernels (baseline SSE2 elsewhere), bias + ReLU6 + residual applied
    /// in registers before the one store. About 2x faster than OpenBLAS on this network's shapes.
    case fused
    /// `cblas_sgemm` (OpenBLAS), then a bias/ReLU6/residual pass over the product.
    case blas

    /// The environment variable the executables read to pick the path (`fused` or `blas`).
    public static let environmentVariable = "TRACKLINE_SSDLITE_KERNELS"
}
