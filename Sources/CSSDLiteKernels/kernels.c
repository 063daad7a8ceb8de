#include "CSSDLiteKernels.h"
#include <stdatomic.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define SSDL_X86 1
#define SSDL_TARGET(t) __attribute__((target(t)))
#else
#define SSDL_X86 0
#define SSDL_TARGET(t)
#endif

#define SSDL_INLINE static inline __attribute__((always_inline))

// Channels per register block: 64 floats = 4 AVX-512 registers of accumulators.
#define BLOCK 64

SSDL_INLINE float clamp6(float v) { return v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v); }

SSDL_INLINE void depthwise_body(const float *restrict input, long height, long width, long channels,
                                const float *restrict weights, const float *restrict bias, long stride,
                                long pad_top, long pad_left, long out_width,
                                long row_begin, long row_end, int relu6, float *restrict output) {
    const long cs = channels;
    const long row_stride = width * cs;
    for (long oy = row_begin; oy < row_end; oy++) {
        const long iy0 = oy * stride - pad_top;
        const long ky0 = iy0 < 0 ? -iy0 : 0;
        const long ky1 = height - iy0 < 3 ? height - iy0 : 3;
        for (long ox = 0; ox < out_width; ox++) {
            const long ix0 = ox * stride - pad_left;
            const long kx0 = ix0 < 0 ? -ix0 : 0;
            const long kx1 = width - ix0 < 3 ? width - ix0 : 3;
            float *restrict o = output + (oy * out_width + ox) * cs;
            const float *base = input + iy0 * row_stride + ix0 * cs;
            long c = 0;
            for (; c + BLOCK <= cs; c += BLOCK) {
                float acc[BLOCK];
                for (int j = 0; j < BLOCK; j++) acc[j] = bias[c + j];
                for (long ky = ky0; ky < ky1; ky++) {
                    for (long kx = kx0; kx < kx1; kx++) {
                        const float *restrict x = base + ky * row_stride + kx * cs + c;
                        const float *restrict w = weights + (ky * 3 + kx) * cs + c;
                        for (int j = 0; j < BLOCK; j++) acc[j] += x[j] * w[j];
                    }
                }
                if (relu6) {
                    for (int j = 0; j < BLOCK; j++) o[c + j] = clamp6(acc[j]);
                } else {
                    for (int j = 0; j < BLOCK; j++) o[c + j] = acc[j];
                }
            }
            for (; c + 16 <= cs; c += 16) {
                float acc[16];
                for (int j = 0; j < 16; j++) acc[j] = bias[c + j];
                for (long ky = ky0; ky < ky1; ky++) {
                    for (long kx = kx0; kx < kx1; kx++) {
                        const float *restrict x = base + ky * row_stride + kx * cs + c;
                        const float *restrict w = weights + (ky * 3 + kx) * cs + c;
                        for (int j = 0; j < 16; j++) acc[j] += x[j] * w[j];
                    }
                }
                for (int j = 0; j < 16; j++) o[c + j] = relu6 ? clamp6(acc[j]) : acc[j];
            }
            for (; c < cs; c++) {
                float acc = bias[c];
                for (long ky = ky0; ky < ky1; ky++) {
                    for (long kx = kx0; kx < kx1; kx++) {
                        acc += base[ky * row_stride + kx * cs + c] * weights[(ky * 3 + kx) * cs + c];
                    }
                }
                o[c] = relu6 ? clamp6(acc) : acc;
            }
        }
    }
}

SSDL_INLINE void bias_activation_body(float *restrict out, long rows, long columns, long ld,
                                      const float *restrict bias, const float *restrict residual, int relu6) {
    for (long r = 0; r < rows; r++) {
        float *restrict o = out + r * ld;
        if (residual) {
            const float *restrict res = residual + r * columns;
            if (relu6) {
                for (long c = 0; c < columns; c++) o[c] = clamp6(o[c] + bias[c] + res[c]);
            } else {
                for (long c = 0; c < columns; c++) o[c] = o[c] + bias[c] + res[c];
            }
        } else if (relu6) {
            for (long c = 0; c < columns; c++) o[c] = clamp6(o[c] + bias[c]);
        } else {
            for (long c = 0; c < columns; c++) o[c] = o[c] + bias[c];
        }
    }
}

#define DW_ARGS const float *input, long height, long width, long channels, const float *weights, \
    const float *bias, long stride, long pad_top, long pad_left, long out_width, long row_begin, \
    long row_end, int relu6, float *output
#define DW_PASS input, height, width, channels, weights, bias, stride, pad_top, pad_left, out_width, \
    row_begin, row_end, relu6, output
#define BA_ARGS float *out, long rows, long columns, long ld, const float *bias, const float *residual, int relu6
#define BA_PASS out, rows, columns, ld, bias, residual, relu6

static void depthwise_baseline(DW_ARGS) { depthwise_body(DW_PASS); }
static void bias_activation_baseline(BA_ARGS) { bias_activation_body(BA_PASS); }

#if SSDL_X86
SSDL_TARGET("avx2,fma") static void depthwise_avx2(DW_ARGS) { depthwise_body(DW_PASS); }
SSDL_TARGET("avx2,fma") static void bias_activation_avx2(BA_ARGS) { bias_activation_body(BA_PASS); }
SSDL_TARGET("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma") static void depthwise_avx512(DW_ARGS) { depthwise_body(DW_PASS); }
SSDL_TARGET("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma") static void bias_activation_avx512(BA_ARGS) { bias_activation_body(BA_PASS); }

static atomic_int cached_level = -1;

static int isa_level(void) {
    int level = atomic_load_explicit(&cached_level, memory_order_relaxed);
    if (level >= 0) return level;
    __builtin_cpu_init();
    level = 0;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) level = 1;
    if (level == 1 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")) level = 2;
    atomic_store_explicit(&cached_level, level, memory_order_relaxed);
    return level;
}
#else
static int isa_level(void) { return 0; }
#endif

void ssdl_depthwise3x3(DW_ARGS) {
#if SSDL_X86
    switch (isa_level()) {
    case 2: depthwise_avx512(DW_PASS); return;
    case 1: depthwise_avx2(DW_PASS); return;
    default: break;
    }
#endif
    depthwise_baseline(DW_PASS);
}

void ssdl_bias_activation(BA_ARGS) {
#if SSDL_X86
    switch (isa_level()) {
    case 2: bias_activation_avx512(BA_PASS); return;
    case 1: bias_activation_avx2(BA_PASS); return;
    default: break;
    }
#endif
    bias_activation_baseline(BA_PASS);
}

const char *ssdl_kernel_isa(void) {
    switch (isa_level()) {
    case 2: return "avx512";
    case 1: return "avx2";
    default: return "baseline";
    }
}
