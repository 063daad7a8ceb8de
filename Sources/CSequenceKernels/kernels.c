#include "CSequenceKernels.h"
#include <math.h>
#include <stdint.h>

// The sequence model's exp, kept in C because replaying glibc's expf bit for bit needs fused
// multiply-adds, which Swift cannot emit here (it compiles for baseline x86-64, SSE2): a
// Swift SSE2 replay without FMA measured no faster than calling expf.
//
// glibc 2.28+ expf (sysdeps/ieee754/flt-32/e_expf.c, FMA build on x86-64), per float x:
//   kd = fma(32/ln2, x, 0x1.8p52); ki = bits(kd); kd -= 0x1.8p52; r = fma(32/ln2, x, -kd);
//   s = 2^(ki/32) from a 32-entry table; p = fma(fma(r, C0, C1), r*r, fma(r, C2, 1));
//   result = (float)(p * s)            for |x| < 88, else special cases.
// The vector path below does the same operations in the same order, so every result is the
// same float (Scripts/check-exact-exp.sh compares all floats in (-88, 88)).

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define TL_X86 1
#else
#define TL_X86 0
#endif

// 2^(i/32) bit patterns minus i << 47 (glibc's __exp2f_data.tab).
static const uint64_t tl_exp_table[32] = {
    0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
    0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
    0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
    0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
    0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
    0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
    0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
    0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
};

#if TL_X86
__attribute__((target("avx2,fma")))
static inline __m128 exp4(__m128 x) {
    const __m256d invln2n = _mm256_set1_pd(0x1.71547652b82fep+5);
    const __m256d shift = _mm256_set1_pd(0x1.8p+52);
    const __m256d c0 = _mm256_set1_pd(0x1.c6af84b912394p-20);
    const __m256d c1 = _mm256_set1_pd(0x1.ebfce50fac4f3p-13);
    const __m256d c2 = _mm256_set1_pd(0x1.62e42ff0c52d6p-6);
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d xd = _mm256_cvtps_pd(x);
    __m256d kd = _mm256_fmadd_pd(invln2n, xd, shift);
    __m256i ki = _mm256_castpd_si256(kd);
    kd = _mm256_sub_pd(kd, shift);
    __m256d r = _mm256_fmsub_pd(invln2n, xd, kd);
    __m256i idx = _mm256_and_si256(ki, _mm256_set1_epi64x(31));
    __m256i t = _mm256_i64gather_epi64((const long long *)tl_exp_table, idx, 8);
    t = _mm256_add_epi64(t, _mm256_slli_epi64(ki, 47));
    __m256d s = _mm256_castsi256_pd(t);
    __m256d z = _mm256_fmadd_pd(r, c0, c1);
    __m256d r2 = _mm256_mul_pd(r, r);
    __m256d y = _mm256_fmadd_pd(r, c2, one);
    y = _mm256_fmadd_pd(z, r2, y);
    y = _mm256_mul_pd(y, s);
    return _mm256_cvtpd_ps(y);
}

__attribute__((target("avx2,fma")))
static void expf_avx2(float *x, long n) {
    const __m256 limit = _mm256_set1_ps(88.0f);
    const __m256 absMask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        // glibc's fast path is |x| < 88 (top bits of |x| below those of 88); NaN compares false.
        __m256 inRange = _mm256_cmp_ps(_mm256_and_ps(v, absMask), limit, _CMP_LT_OQ);
        if (_mm256_movemask_ps(inRange) != 0xff) {
            for (int j = 0; j < 8; j++) x[i + j] = expf(x[i + j]);
            continue;
        }
        __m128 lo = exp4(_mm256_castps256_ps128(v));
        __m128 hi = exp4(_mm256_extractf128_ps(v, 1));
        _mm256_storeu_ps(x + i, _mm256_set_m128(hi, lo));
    }
    for (; i < n; i++) x[i] = expf(x[i]);
}

__attribute__((target("avx512f")))
static inline __m256 exp8_avx512(__m256 x) {
    const __m512d invln2n = _mm512_set1_pd(0x1.71547652b82fep+5);
    const __m512d shift = _mm512_set1_pd(0x1.8p+52);
    const __m512d c0 = _mm512_set1_pd(0x1.c6af84b912394p-20);
    const __m512d c1 = _mm512_set1_pd(0x1.ebfce50fac4f3p-13);
    const __m512d c2 = _mm512_set1_pd(0x1.62e42ff0c52d6p-6);
    const __m512d one = _mm512_set1_pd(1.0);
    const __m512i t0 = _mm512_loadu_si512(tl_exp_table), t1 = _mm512_loadu_si512(tl_exp_table + 8);
    const __m512i t2 = _mm512_loadu_si512(tl_exp_table + 16), t3 = _mm512_loadu_si512(tl_exp_table + 24);
    __m512d xd = _mm512_cvtps_pd(x);
    __m512d kd = _mm512_fmadd_pd(invln2n, xd, shift);
    __m512i ki = _mm512_castpd_si512(kd);
    kd = _mm512_sub_pd(kd, shift);
    __m512d r = _mm512_fmsub_pd(invln2n, xd, kd);
    // Table entry ki & 31: two 16-entry permutes (index bits 0-3), bit 4 picks one.
    __m512i lo = _mm512_permutex2var_epi64(t0, ki, t1);
    __m512i hi = _mm512_permutex2var_epi64(t2, ki, t3);
    __m512i t = _mm512_mask_blend_epi64(_mm512_test_epi64_mask(ki, _mm512_set1_epi64(16)), lo, hi);
    t = _mm512_add_epi64(t, _mm512_slli_epi64(ki, 47));
    __m512d s = _mm512_castsi512_pd(t);
    __m512d z = _mm512_fmadd_pd(r, c0, c1);
    __m512d r2 = _mm512_mul_pd(r, r);
    __m512d y = _mm512_fmadd_pd(r, c2, one);
    y = _mm512_fmadd_pd(z, r2, y);
    y = _mm512_mul_pd(y, s);
    return _mm512_cvtpd_ps(y);
}

__attribute__((target("avx512f")))
static void expf_avx512(float *x, long n) {
    const __m512 limit = _mm512_set1_ps(88.0f);
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 v = _mm512_loadu_ps(x + i);
        __mmask16 inRange = _mm512_cmp_ps_mask(_mm512_abs_ps(v), limit, _CMP_LT_OQ);
        if (inRange != 0xffff) {
            for (int j = 0; j < 16; j++) x[i + j] = expf(x[i + j]);
            continue;
        }
        // Eight lanes of doubles per half, as in exp4 but with the table read by two permutes.
        __m256 lo = exp8_avx512(_mm512_castps512_ps256(v));
        __m256 hi = exp8_avx512(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
        _mm256_storeu_ps(x + i, lo);
        _mm256_storeu_ps(x + i + 8, hi);
    }
    if (i < n) expf_avx2(x + i, n - i);   // the last 8-15 (the CPU has AVX2 and FMA too)
}
#endif

static int expf_cap = 2;

void tl_expf_cap(int level) { expf_cap = level < 0 ? 0 : level; }

int tl_expf_vectorised(void) {
#if TL_X86
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        cached = avx2 ? (__builtin_cpu_supports("avx512f") ? 2 : 1) : 0;
    }
    return cached < expf_cap ? cached : expf_cap;
#else
    return 0;
#endif
}

void tl_expf_inplace_path(float *x, long n, int path) {
#if TL_X86
    int best = tl_expf_vectorised();
    if (path > best) path = best;
    if (path == 2) { expf_avx512(x, n); return; }
    if (path == 1) { expf_avx2(x, n); return; }
#else
    (void)path;
#endif
    for (long i = 0; i < n; i++) x[i] = expf(x[i]);
}

void tl_expf_inplace(float *x, long n) {
    tl_expf_inplace_path(x, n, 2);
}
