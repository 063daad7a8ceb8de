#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// `expf` four lanes at a time, giving the same floats as the C library's `expf` on this
/// machine (glibc 2.36, whose x86-64 build picks its FMA variant on any CPU with FMA).
///
/// Why: the model's GELU and softmax spend a sixth of the inference time in scalar `expf`
/// calls, and Swift only gets SSE2 here, so there is no vector `exp` to call. Why not any fast
/// exp: the model's outputs must stay bit-identical.
///
/// How: glibc computes `expf(x)` in double as `2^(k/32) * p(r)` with `x * 32/ln2 = k + r`,
/// using three FMAs. Without FMA this replays the same steps exactly where it matters:
/// - `32/ln2` is split into a 29-bit head and a 24-bit tail, so both products with the
///   (24-bit) float input are exact; `k` is the integer nearest the exact product, as glibc's
///   FMA rounding gives, and `r = (head*x - k) + tail*x` is rounded once, as glibc's FMA does.
/// - The cubic `p(r)` is evaluated with separate multiply and add, so its double result may
///   differ from glibc's by a few units in the last place (about 2^-50 relative). The float
///   rounding can only notice when the double lies within that distance of a midpoint between
///   two floats; such lanes (about one in two million) are recomputed with `expf`, as are
///   inputs outside (-64, 64) (overflow, underflow, subnormal results, NaN) and the rare ones
///   whose nearest `k` is in doubt.
/// `Scripts/check-exact-exp.sh` compares it with `expf` on every float in (-64, 64)
/// (about two billion values): all equal.
enum ExactExp {
    /// `2^(i/32)` bit patterns minus `i << 47`, so adding `k << 47` gives `2^(k/32)` (glibc's table).
    static let table: [UInt64] = [
        0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
        0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
        0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
        0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
        0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
        0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
        0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
        0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
    ]
    /// 32 / ln 2 as in glibc, and its split: `head` keeps the top 29 significant bits.
    static let invLn2N = Double(bitPattern: 0x40471547652b82fe)
    static let head = Double(bitPattern: 0x40471547652b82fe & ~((1 << 24) - 1))
    static let tail = invLn2N - head
    static let shift = Double(bitPattern: 0x4338000000000000)
    static let c0 = Double(bitPattern: 0x3ebc6af84b912394)
    static let c1 = Double(bitPattern: 0x3f2ebfce50fac4f3)
    static let c2 = Double(bitPattern: 0x3f962e42ff0c52d6)
    /// Half a float ulp in the low 29 bits of a double's significand, and how close to it a
    /// result may come before the lane is redone with `expf`.
    static let midpoint: Int32 = 1 << 28
    static let guardBand: Int32 = 64

    /// `expf` of each lane, bit for bit.
    @inline(__always)
    static func exp(_ x: SIMD4<Float>) -> SIMD4<Float> {
        let xd = SIMD4<Double>(Double(x[0]), Double(x[1]), Double(x[2]), Double(x[3]))
        let hi = xd * head, lo = xd * tail                 // both exact
        let shifted = (hi + lo) + shift
        let kd = shifted - shift
        let d = hi - kd                                    // exact
        let r = d + lo                                     // one rounding, as glibc's FMA
        let ki = unsafeBitCast(shifted, to: SIMD4<UInt64>.self)
        var sBits = ki &<< 47
        sBits[0] &+= table[Int(ki[0] & 31)]
        sBits[1] &+= table[Int(ki[1] & 31)]
        sBits[2] &+= table[Int(ki[2] & 31)]
        sBits[3] &+= table[Int(ki[3] & 31)]
        let s = unsafeBitCast(sBits, to: SIMD4<Double>.self)
        let z = c0 * r + c1
        let r2 = r * r
        var y = c2 * r + 1
        y = z * r2 + y
        y = y * s
        // Low 32 bits of each double; the float rounding looks at the low 29.
        let words = unsafeBitCast(y, to: SIMD8<Int32>.self)
        let low = SIMD4<Int32>(words[0], words[2], words[4], words[6]) & SIMD4<Int32>(repeating: (1 << 29) - 1)
        let distance = low &- midpoint
        let nearMidpoint = (distance .<= guardBand) .& (distance .>= -guardBand)
        // Comparisons are false for NaN too; |r| near 1/2 means k might not be glibc's.
        let inRange = (x .< SIMD4<Float>(repeating: 64)) .& (x .> SIMD4<Float>(repeating: -64))
        let kSure = (r .< SIMD4<Double>(repeating: 0.4999)) .& (r .> SIMD4<Double>(repeating: -0.4999))
        if !all(inRange) || any(nearMidpoint) || !all(kSure) {
            return SIMD4<Float>(expf(x[0]), expf(x[1]), expf(x[2]), expf(x[3]))
        }
        return SIMD4<Float>(Float(y[0]), Float(y[1]), Float(y[2]), Float(y[3]))
    }

    /// Replaces each of `count` values by its `expf`.
    static func exp(_ p: UnsafeMutablePointer<Float>, count n: Int) {
        var i = 0
        while i + 4 <= n {
            let v = SIMD4<Float>(p[i], p[i + 1], p[i + 2], p[i + 3])
            let e = exp(v)
            p[i] = e[0]; p[i + 1] = e[1]; p[i + 2] = e[2]; p[i + 3] = e[3]
            i += 4
        }
        while i < n {
            p[i] = expf(p[i])
            i += 1
        }
    }
}
