import CSequenceKernels

extension Seq2SeqModel {
    /// Caps the instruction set of the model's vectorised `expf` for the whole process (0
    /// portable, 1 AVX2 with FMA, 2 AVX-512); every path gives the same floats. Call it before
    /// other threads run the model.
    public static func capInstructionSet(_ level: Int) { tl_expf_cap(Int32(level)) }
}
