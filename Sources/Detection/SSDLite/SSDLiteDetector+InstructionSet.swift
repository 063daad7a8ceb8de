import CSSDLiteKernels

extension SSDLiteDetector {
    /// Caps the instruction set of the detector's C kernels for the whole process: 0 the
    /// portable baseline, 1 AVX2 with FMA, 2 AVX-512 (the default: whatever the CPU has). For
    /// running and testing the portable code on any machine; returns the level in use.
    @discardableResult
    public static func capInstructionSet(_ level: Int) -> Int { Int(ssdl_cap_isa_level(Int32(level))) }
}
