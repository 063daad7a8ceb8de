#ifndef TRACKLINE_CSSDLITEKERNELS_INTERNAL_H
#define TRACKLINE_CSSDLITEKERNELS_INTERNAL_H

#include <string.h>

// The vector helpers below pass 64-byte vectors by value; they are always inlined into
// functions compiled for the matching target, so the ABI note clang makes does not apply.
#ifdef __clang__
#pragma clang diagnostic ignored "-Wpsabi"
#endif

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define SSDL_X86 1
#define SSDL_TARGET(t) __attribute__((target(t)))
#else
#define SSDL_X86 0
#define SSDL_TARGET(t)
#endif

#define SSDL_AVX2 SSDL_TARGET("avx2,fma")
#define SSDL_AVX512 SSDL_TARGET("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")

#define SSDL_INLINE static inline __attribute__((always_inline))

/// 0 = baseline (SSE2 / portable C), 1 = AVX2+FMA, 2 = AVX-512; the level in use (detected, or
/// lowered by ssdl_set_isa_level).
int ssdl_isa_level_internal(void);

/// Sixteen floats. The same source compiles to one AVX-512 register, two AVX2 registers or four
/// SSE2 registers depending on the target attribute of the function it is inlined into.
typedef float ssdl_v16 __attribute__((vector_size(64)));

SSDL_INLINE ssdl_v16 ssdl_load16(const float *p) {
    ssdl_v16 v;
    memcpy(&v, p, sizeof v);
    return v;
}

SSDL_INLINE void ssdl_store16(float *p, ssdl_v16 v) { memcpy(p, &v, sizeof v); }

SSDL_INLINE ssdl_v16 ssdl_splat(float x) { return (ssdl_v16){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}; }

/// First `n` (< 16) lanes from p, the rest zero.
SSDL_INLINE ssdl_v16 ssdl_load_partial(const float *p, int n) {
    float t[16] = {0};
    for (int j = 0; j < n; j++) t[j] = p[j];
    return ssdl_load16(t);
}

SSDL_INLINE void ssdl_store_partial(float *p, ssdl_v16 v, int n) {
    float t[16];
    ssdl_store16(t, v);
    for (int j = 0; j < n; j++) p[j] = t[j];
}

SSDL_INLINE ssdl_v16 ssdl_relu6(ssdl_v16 v) {
    return __builtin_elementwise_min(__builtin_elementwise_max(v, ssdl_splat(0.0f)), ssdl_splat(6.0f));
}

#endif
