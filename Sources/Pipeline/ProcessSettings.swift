import Detection
import Foundation
import SequenceModel
import Tracking
import TracklineCore

/// Process-wide switches an executable sets from its environment at start-up (libraries read no
/// environment variables; `trackline` and `trackline-dev` pass theirs here):
///
/// - `TRACKLINE_SEQ2SEQ_MODEL`, `TRACKLINE_SSDLITE_MODEL`: model files used when none is given.
/// - `TRACKLINE_SSDLITE_KERNELS`: `fused` (default) or `blas`, the code of SSDLite's 1x1 convolutions.
/// - `TRACKLINE_CPU_LEVEL`: `baseline` or `avx2` caps the C kernels' instruction set.
/// - `TRACKLINE_SEQ2SEQ_REFERENCE=1`, `TRACKLINE_SEQ2SEQ_CHECK=1`: run or check seq2seq against
///   its autodiff graph (Scripts/seq2seq-exact.sh).
public struct ProcessSettings: Sendable {
    public var seq2seqModel: String?
    public var ssdliteModel: String?
    public var ssdliteKernels: SSDLiteKernelPath = .fused

    public init() {}

    /// Reads the variables above from `environment`, applies the process-wide ones, and lets
    /// model files be found in the folders above `executable`.
    public static func apply(environment: [String: String], executable: String?) -> ProcessSettings {
        if let executable {
            ModelFiles.addSearchRoot(URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path)
        }
        if let cap = environment["TRACKLINE_CPU_LEVEL"] {
            let level = cap == "baseline" ? 0 : cap == "avx2" ? 1 : 2
            SSDLiteDetector.capInstructionSet(level)
            Seq2SeqModel.capInstructionSet(level)
        }
        Seq2SeqModel.usesReference.store(environment["TRACKLINE_SEQ2SEQ_REFERENCE"] == "1", ordering: .relaxed)
        Seq2SeqTracker.checksAgainstReference.store(environment["TRACKLINE_SEQ2SEQ_CHECK"] == "1", ordering: .relaxed)
        var s = ProcessSettings()
        s.seq2seqModel = environment["TRACKLINE_SEQ2SEQ_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        s.ssdliteModel = environment["TRACKLINE_SSDLITE_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        s.ssdliteKernels = environment[SSDLiteKernelPath.environmentVariable].flatMap { SSDLiteKernelPath(rawValue: $0.lowercased()) } ?? .fused
        return s
    }
}
