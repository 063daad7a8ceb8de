#include "CSSDLiteKernels.h"
#include "internal.h"
#include <stdatomic.h>

SSDL_INLINE float clamp6(float v) { return v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v); }

// An output pixel whose 3x3 window crosses the left or right border: taps outside are skipped.
SSDL_INLINE ssdl_v16 dw_edge_pixel(const float *const row[3], const ssdl_v16 w[9], ssdl_v16 s, long ix0,
                                   long width, long cs) {
    for (int ky = 0; ky < 3; ky++) {
        for (int kx = 0; kx < 3; kx++) {
            const long ix = ix0 + kx;
            if (ix < 0 || ix >= width) continue;
            s += ssdl_load16(row[ky] + ix * cs) * w[ky * 3 + kx];
        }
    }
    return s;
}

// Four interior output pixels of one 16-channel block; `off` is the first input pixel's offset
// in the rows, S the stride (1 or 2, a constant after inlining).
SSDL_INLINE void dw_group4(const float *const crow[3], const ssdl_v16 w[9], ssdl_v16 bv, long off, long cs,
                           const int S, int relu6, float *o) {
    ssdl_v16 a0 = bv, a1 = bv, a2 = bv, a3 = bv;
    for (int ky = 0; ky < 3; ky++) {
        const float *p = crow[ky] + off;
        const ssdl_v16 wa = w[ky * 3], wb = w[ky * 3 + 1], wc = w[ky * 3 + 2];
        ssdl_v16 x[9];
        for (int j = 0; j < 3 * S + 3; j++) { x[j] = ssdl_load16(p); p += cs; }
        a0 += x[0] * wa; a0 += x[1] * wb; a0 += x[2] * wc;
        a1 += x[S] * wa; a1 += x[S + 1] * wb; a1 += x[S + 2] * wc;
        a2 += x[2 * S] * wa; a2 += x[2 * S + 1] * wb; a2 += x[2 * S + 2] * wc;
        a3 += x[3 * S] * wa; a3 += x[3 * S + 1] * wb; a3 += x[3 * S + 2] * wc;
    }
    if (relu6) { a0 = ssdl_relu6(a0); a1 = ssdl_relu6(a1); a2 = ssdl_relu6(a2); a3 = ssdl_relu6(a3); }
    ssdl_store16(o, a0);
    ssdl_store16(o + cs, a1);
    ssdl_store16(o + 2 * cs, a2);
    ssdl_store16(o + 3 * cs, a3);
}

// One output row of a depthwise 3x3 conv. in_rows[ky] is input row (oy * stride - pad_top + ky),
// [width][channels], or NULL where that row is padding. Rows that are padding get zero weights and
// read a valid row instead, so the loops have no branches (x * 0 adds an exact zero).
SSDL_INLINE void depthwise_row_impl(const float *const in_rows[3], long width, long channels,
                                    const float *restrict weights, const float *restrict bias, const long stride,
                                    long pad_left, long out_width, int relu6, float *restrict orow) {
    const long cs = channels;
    const long c16 = cs / 16 * 16;
    int valid[3];
    const float *any = 0;
    for (int ky = 0; ky < 3; ky++) {
        valid[ky] = in_rows[ky] != 0;
        if (valid[ky] && !any) any = in_rows[ky];
    }
    if (!any) {  // no input row under the window (cannot happen with SAME padding): bias only
        for (long i = 0; i < out_width * cs; i++) orow[i] = relu6 ? clamp6(bias[i % cs]) : bias[i % cs];
        return;
    }
    const float *row[3];
    for (int ky = 0; ky < 3; ky++) row[ky] = valid[ky] ? in_rows[ky] : any;
    // Interior columns [lo, hi): all three taps inside the row.
    long lo = (pad_left + stride - 1) / stride;
    long hi = width - 3 + pad_left >= 0 ? (width - 3 + pad_left) / stride + 1 : 0;
    if (hi > out_width) hi = out_width;
    if (lo > out_width) lo = out_width;
    if (hi < lo) hi = lo;
    long ox_fast = lo;  // interior pixels done below with pixels outside, channels inside
    if (valid[0] && valid[1] && valid[2] && (stride == 1 || stride == 2)) {
        // Pixel groups outside, channel blocks inside: each input pixel's channels are read
        // together (contiguous in NHWC), and the weights (9 x channels, in L1) are reloaded per
        // block. Rows at the top and bottom edge (zeroed weights) take the loop after this.
        for (; ox_fast + 4 <= hi; ox_fast += 4) {
            const long off = (ox_fast * stride - pad_left) * cs;
            for (long c = 0; c < c16; c += 16) {
                ssdl_v16 w[9];
                for (int t = 0; t < 9; t++) w[t] = ssdl_load16(weights + t * cs + c);
                const float *crow[3] = {row[0] + c, row[1] + c, row[2] + c};
                if (stride == 1) dw_group4(crow, w, ssdl_load16(bias + c), off, cs, 1, relu6, orow + ox_fast * cs + c);
                else dw_group4(crow, w, ssdl_load16(bias + c), off, cs, 2, relu6, orow + ox_fast * cs + c);
            }
        }
    }
    for (long c = 0; c < c16; c += 16) {
        ssdl_v16 w[9];
        for (int t = 0; t < 9; t++) w[t] = valid[t / 3] ? ssdl_load16(weights + t * cs + c) : ssdl_splat(0.0f);
        const ssdl_v16 bv = ssdl_load16(bias + c);
        const float *crow[3] = {row[0] + c, row[1] + c, row[2] + c};
        for (long ox = 0; ox < lo; ox++) {
            const ssdl_v16 s = dw_edge_pixel(crow, w, bv, ox * stride - pad_left, width, cs);
            ssdl_store16(orow + ox * cs + c, relu6 ? ssdl_relu6(s) : s);
        }
        for (long ox = hi; ox < out_width; ox++) {
            const ssdl_v16 s = dw_edge_pixel(crow, w, bv, ox * stride - pad_left, width, cs);
            ssdl_store16(orow + ox * cs + c, relu6 ? ssdl_relu6(s) : s);
        }
        long ox = ox_fast;
        // Four output pixels at a time, four independent FMA chains; each row's input pixels are
        // loaded once per group (6 with stride 1, 9 with stride 2) and reused across the taps.
        if (stride == 1) {
            for (; ox + 4 <= hi; ox += 4) dw_group4(crow, w, bv, (ox - pad_left) * cs, cs, 1, relu6, orow + ox * cs + c);
        } else if (stride == 2) {
            for (; ox + 4 <= hi; ox += 4) dw_group4(crow, w, bv, (ox * 2 - pad_left) * cs, cs, 2, relu6, orow + ox * cs + c);
        }
        for (; ox < hi; ox++) {
            const float *t = crow[0] + (ox * stride - pad_left) * cs;
            const float *u = crow[1] + (ox * stride - pad_left) * cs;
            const float *v = crow[2] + (ox * stride - pad_left) * cs;
            ssdl_v16 s = bv;
            s += ssdl_load16(t) * w[0];
            s += ssdl_load16(t + cs) * w[1];
            s += ssdl_load16(t + 2 * cs) * w[2];
            s += ssdl_load16(u) * w[3];
            s += ssdl_load16(u + cs) * w[4];
            s += ssdl_load16(u + 2 * cs) * w[5];
            s += ssdl_load16(v) * w[6];
            s += ssdl_load16(v + cs) * w[7];
            s += ssdl_load16(v + 2 * cs) * w[8];
            ssdl_store16(orow + ox * cs + c, relu6 ? ssdl_relu6(s) : s);
        }
    }
    for (long c = c16; c < cs; c++) {  // channels past the last 16: scalar, any column
        for (long ox = 0; ox < out_width; ox++) {
            const long ix0 = ox * stride - pad_left;
            float acc = bias[c];
            for (int ky = 0; ky < 3; ky++) {
                if (!valid[ky]) continue;
                for (int kx = 0; kx < 3; kx++) {
                    const long ix = ix0 + kx;
                    if (ix < 0 || ix >= width) continue;
                    acc += row[ky][ix * cs + c] * weights[(ky * 3 + kx) * cs + c];
                }
            }
            orow[ox * cs + c] = relu6 ? clamp6(acc) : acc;
        }
    }
}

// Strides 1 and 2 get their own copy with the stride a constant (groups unrolled, no checks).
SSDL_INLINE void depthwise_row(const float *const in_rows[3], long width, long channels,
                               const float *restrict weights, const float *restrict bias, long stride,
                               long pad_left, long out_width, int relu6, float *restrict orow) {
    if (stride == 1) depthwise_row_impl(in_rows, width, channels, weights, bias, 1, pad_left, out_width, relu6, orow);
    else if (stride == 2) depthwise_row_impl(in_rows, width, channels, weights, bias, 2, pad_left, out_width, relu6, orow);
    else depthwise_row_impl(in_rows, width, channels, weights, bias, stride, pad_left, out_width, relu6, orow);
}

SSDL_INLINE void depthwise_body(const float *restrict input, long height, long width, long channels,
                                const float *restrict weights, const float *restrict bias, long stride,
                                long pad_top, long pad_left, long out_width,
                                long row_begin, long row_end, int relu6, float *restrict output) {
    const long row_stride = width * channels;
    for (long oy = row_begin; oy < row_end; oy++) {
        const float *rows[3];
        for (int ky = 0; ky < 3; ky++) {
            const long iy = oy * stride - pad_top + ky;
            rows[ky] = iy >= 0 && iy < height ? input + iy * row_stride : 0;
        }
        depthwise_row(rows, width, channels, weights, bias, stride, pad_left, out_width, relu6,
                      output + oy * out_width * channels);
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

#define DWR_ARGS const float *const in_rows[3], long width, long channels, const float *weights, \
    const float *bias, long stride, long pad_left, long out_width, int relu6, float *output
#define DWR_PASS in_rows, width, channels, weights, bias, stride, pad_left, out_width, relu6, output

static void depthwise_baseline(DW_ARGS) { depthwise_body(DW_PASS); }
static void depthwise_row_baseline(DWR_ARGS) { depthwise_row(DWR_PASS); }
static void bias_activation_baseline(BA_ARGS) { bias_activation_body(BA_PASS); }

#if SSDL_X86
SSDL_TARGET("avx2,fma") static void depthwise_avx2(DW_ARGS) { depthwise_body(DW_PASS); }
SSDL_AVX2 static void depthwise_row_avx2(DWR_ARGS) { depthwise_row(DWR_PASS); }
SSDL_AVX512 static void depthwise_row_avx512(DWR_ARGS) { depthwise_row(DWR_PASS); }
SSDL_TARGET("avx2,fma") static void bias_activation_avx2(BA_ARGS) { bias_activation_body(BA_PASS); }
SSDL_TARGET("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma") static void depthwise_avx512(DW_ARGS) { depthwise_body(DW_PASS); }
SSDL_TARGET("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma") static void bias_activation_avx512(BA_ARGS) { bias_activation_body(BA_PASS); }

static int detected_level(void) {
    __builtin_cpu_init();
    int level = 0;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) level = 1;
    if (level == 1 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")) level = 2;
    return level;
}
#else
static int detected_level(void) { return 0; }
#endif

// A level forced by ssdl_set_isa_level, for the calling thread only (-1: none), so a test forcing
// the baseline does not change what other threads compute.
static _Thread_local int forced_level = -1;

static atomic_int cached_level = -1;
// The highest level ssdl_cap_isa_level allows (2: no cap).
static atomic_int level_cap = 2;

int ssdl_cap_isa_level(int level) {
    atomic_store_explicit(&level_cap, level < 0 ? 0 : level, memory_order_relaxed);
    atomic_store_explicit(&cached_level, -1, memory_order_relaxed);
    return ssdl_isa_level_internal();
}

static int allowed_level(void) { return atomic_load_explicit(&level_cap, memory_order_relaxed); }

static int best_level(void) {
    int level = atomic_load_explicit(&cached_level, memory_order_relaxed);
    if (level >= 0) return level;
    level = detected_level();
    if (level > allowed_level()) level = allowed_level();
    atomic_store_explicit(&cached_level, level, memory_order_relaxed);
    return level;
}

int ssdl_isa_level_internal(void) { return forced_level >= 0 ? forced_level : best_level(); }

static int isa_level(void) { return ssdl_isa_level_internal(); }

int ssdl_set_isa_level(int level) {
    forced_level = level < 0 || level >= best_level() ? -1 : level;
    return ssdl_isa_level_internal();
}

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

void ssdl_depthwise3x3_row(DWR_ARGS) {
#if SSDL_X86
    switch (isa_level()) {
    case 2: depthwise_row_avx512(DWR_PASS); return;
    case 1: depthwise_row_avx2(DWR_PASS); return;
    default: break;
    }
#endif
    depthwise_row_baseline(DWR_PASS);
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
