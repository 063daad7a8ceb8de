#include "CSSDLiteKernels.h"
#include "internal.h"

// 1x1 convolution on NHWC rows with pre-packed weights: out[m][o] = act(bias[o] + sum_k
// in[m][k] * w[k][o] (+ res[m][o])). Packed layout: output channels in panels of 16, panel p
// holding [cin][16] floats (zero-padded past cout), then the bias padded to panels * 16.
//
// A register tile is MR rows x NP panels of accumulators, initialised with the bias; per input
// channel k it loads NP weight vectors and broadcasts one input value per row (an FMA with a
// memory broadcast operand on AVX-512). The epilogue (residual, ReLU6) runs on the registers
// before the single store, so every output is written once.

long ssdl_pointwise_packed_count(long cin, long cout) {
    const long np = (cout + 15) / 16;
    return np * 16 * cin + np * 16;
}

void ssdl_pointwise_pack(const float *weights, const float *bias, long cin, long cout, float *packed) {
    const long np = (cout + 15) / 16;
    for (long p = 0; p < np; p++) {
        float *panel = packed + p * 16 * cin;
        for (long k = 0; k < cin; k++) {
            for (long j = 0; j < 16; j++) {
                const long o = p * 16 + j;
                panel[k * 16 + j] = o < cout ? weights[k * cout + o] : 0.0f;
            }
        }
    }
    float *b = packed + np * 16 * cin;
    for (long o = 0; o < np * 16; o++) b[o] = o < cout ? bias[o] : 0.0f;
}

#ifndef SSDL_PW_BLOCK_FLOATS
#define SSDL_PW_BLOCK_FLOATS 65536
#endif

#define MAX_MR 12
#define MAX_NP 2

SSDL_INLINE void pw_tile(const float *restrict a, long lda, long cin,
                         const float *restrict b, long pstride, const float *restrict bias,
                         const int MR, const int NP, int last_lanes,
                         const float *restrict res, long ldr, int relu6,
                         float *restrict out, long ldo) {
    ssdl_v16 acc[MAX_MR][MAX_NP];
    _Pragma("clang loop unroll(full)")
    for (int p = 0; p < NP; p++) {
        const ssdl_v16 bv = ssdl_load16(bias + 16 * p);
        _Pragma("clang loop unroll(full)")
        for (int m = 0; m < MR; m++) acc[m][p] = bv;
    }
    const float *restrict b1 = b + (NP > 1 ? pstride : 0);
    for (long k = 0; k < cin; k++) {
        const ssdl_v16 w0 = ssdl_load16(b + k * 16);
        const ssdl_v16 w1 = NP > 1 ? ssdl_load16(b1 + k * 16) : w0;
        _Pragma("clang loop unroll(full)")
        for (int m = 0; m < MR; m++) {
            const ssdl_v16 x = ssdl_splat(a[m * lda + k]);
            acc[m][0] += x * w0;
            if (NP > 1) acc[m][1] += x * w1;
        }
    }
    _Pragma("clang loop unroll(full)")
    for (int m = 0; m < MR; m++) {
        _Pragma("clang loop unroll(full)")
        for (int p = 0; p < NP; p++) {
            const int lanes = p == NP - 1 ? last_lanes : 16;
            ssdl_v16 v = acc[m][p];
            if (res) v += lanes == 16 ? ssdl_load16(res + m * ldr + 16 * p) : ssdl_load_partial(res + m * ldr + 16 * p, lanes);
            if (relu6) v = ssdl_relu6(v);
            if (lanes == 16) ssdl_store16(out + m * ldo + 16 * p, v);
            else ssdl_store_partial(out + m * ldo + 16 * p, v, lanes);
        }
    }
}

// Rows [m0, m1) of NP panels: full MR tiles, then tails of 8, 4, 2, 1 rows.
SSDL_INLINE void pw_rows(const float *a, long lda, long cin, const float *b, long pstride, const float *bias,
                         const int MR, const int NP, int last_lanes, const float *res, long ldr, int relu6,
                         float *out, long ldo, long m0, long m1) {
#define PW_TILE(R) pw_tile(a + m * lda, lda, cin, b, pstride, bias, (R), NP, last_lanes, \
                           res ? res + m * ldr : 0, ldr, relu6, out + m * ldo, ldo)
    long m = m0;
    for (; m + MR <= m1; m += MR) PW_TILE(MR);
    if (MR > 8 && m1 - m >= 8) { PW_TILE(8); m += 8; }
    if (MR > 4 && m1 - m >= 4) { PW_TILE(4); m += 4; }
    if (MR > 2 && m1 - m >= 2) { PW_TILE(2); m += 2; }
    if (MR > 1 && m1 - m >= 1) { PW_TILE(1); m += 1; }
#undef PW_TILE
}

SSDL_INLINE void pw_driver(const float *input, long rows, long cin, long lda, const float *packed, long cout,
                           const float *res, long ldr, int relu6, float *out, long ldo,
                           const int MR, const int NPMAX) {
    const long np = (cout + 15) / 16;
    const long pstride = cin * 16;
    const float *bias = packed + np * pstride;
    const int tail = (int)(cout - 16 * (np - 1));
    // Blocks of rows whose inputs (~64 KB) stay in L1/L2 while every panel of weights passes by.
    long mb = (SSDL_PW_BLOCK_FLOATS / (cin > 0 ? cin : 1)) / MR * MR;
    if (mb < MR) mb = MR;
    for (long m0 = 0; m0 < rows; m0 += mb) {
        const long m1 = m0 + mb < rows ? m0 + mb : rows;
        long p = 0;
        for (; p + NPMAX <= np; p += NPMAX) {
            pw_rows(input, lda, cin, packed + p * pstride, pstride, bias + 16 * p, MR, NPMAX,
                    p + NPMAX == np ? tail : 16, res ? res + 16 * p : 0, ldr, relu6, out + 16 * p, ldo, m0, m1);
        }
        if (NPMAX > 1 && p < np) {
            pw_rows(input, lda, cin, packed + p * pstride, pstride, bias + 16 * p, MR, 1,
                    tail, res ? res + 16 * p : 0, ldr, relu6, out + 16 * p, ldo, m0, m1);
        }
    }
}

#define PW_ARGS const float *input, long rows, long cin, long ld_in, const float *packed, long cout, \
    const float *residual, long ld_res, int relu6, float *output, long ld_out
#define PW_PASS input, rows, cin, ld_in, packed, cout, residual, ld_res, relu6, output, ld_out

// SSE2: a v16 is four registers; 2 x 1 tiles keep 8 accumulators + 4 weights in the 16 XMMs.
static void pointwise_baseline(PW_ARGS) { pw_driver(PW_PASS, 2, 1); }

#if SSDL_X86
// AVX2: 6 x 16 lanes = 12 YMM accumulators + 2 weights + 1 broadcast of 16 registers.
SSDL_AVX2 static void pointwise_avx2(PW_ARGS) { pw_driver(PW_PASS, 6, 1); }
// AVX-512: 12 x 32 lanes = 24 ZMM accumulators + 2 weights of 32; broadcasts come from memory.
SSDL_AVX512 static void pointwise_avx512(PW_ARGS) { pw_driver(PW_PASS, 12, 2); }
#endif

void ssdl_pointwise(PW_ARGS) {
    if (rows <= 0 || cout <= 0) return;
#if SSDL_X86
    switch (ssdl_isa_level_internal()) {
    case 2: pointwise_avx512(PW_PASS); return;
    case 1: pointwise_avx2(PW_PASS); return;
    default: break;
    }
#endif
    pointwise_baseline(PW_PASS);
}
