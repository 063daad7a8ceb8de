// Compiled by Scripts/check-exact-exp.sh together with Sources/SequenceModel/ExactExp.swift:
// compares ExactExp.exp with the C library's expf on every float in (-64, 64), or on every
// STRIDE-th one: `check [STRIDE]`.
#if canImport(Glibc)
import Glibc
#endif

@main struct ExactExpCheck {
    static func main() {
        let step = CommandLine.arguments.count > 1 ? UInt32(CommandLine.arguments[1]) ?? 1 : 1
        let limit = Float(64).nextDown.bitPattern
        var mismatches = 0, checked = 0
        var x = [Float](repeating: 0, count: 4096), e = x
        var bits: UInt32 = 0
        let t0 = clock()
        while bits <= limit {
            var n = 0
            while n < 4096 && bits <= limit {
                x[n] = Float(bitPattern: bits); n += 1
                let (next, overflow) = bits.addingReportingOverflow(max(1, step))
                if overflow { bits = limit + 1 } else { bits = next }
            }
            for sign: Float in [1, -1] {
                for i in 0..<n { e[i] = sign * x[i] }
                e.withUnsafeMutableBufferPointer { ExactExp.exp($0.baseAddress!, count: n) }
                for i in 0..<n where e[i].bitPattern != expf(sign * x[i]).bitPattern {
                    if mismatches < 10 { print("mismatch at \(sign * x[i]): \(e[i]) vs expf \(expf(sign * x[i]))") }
                    mismatches += 1
                }
                checked += n
            }
        }
        let seconds = Double(clock() - t0) / Double(CLOCKS_PER_SEC)
        print("exact-exp: \(checked) floats in (-64, 64) compared with expf, \(mismatches) differ (\(seconds) s CPU)")
        exit(mismatches == 0 ? 0 : 1)
    }
}
