#include "CSSDLiteKernels.h"
#include "internal.h"
#include <string.h>

// A MobileNetV2 inverted-residual block (or an SSD extra layer, same shape) evaluated a band of
// output rows at a time: the input rows a band needs are expanded in one 1x1 call into a small
// buffer (the 1-2 rows shared with the previous band are moved to its start, not recomputed), the
// depthwise writes the band's rows into a second buffer, and the band is projected straight into
// the output. The expanded and depthwise tensors (150x150x96 and 75x75x96 floats in the first
// blocks at 300) never exist in full, so they stay in L2 instead of going through memory.

static void conv3x3_rows(const float *input, long height, long width, long cin, long stride, long pad_top,
                         long pad_left, long out_height, long out_width, const float *packed, long cout,
                         int relu6, long row_begin, long row_end, float *out, float *scratch);

// Expanded rows kept per band: about this many bytes (half the 1 MB L2 of the CPUs measured).
#ifndef BAND_BYTES
#define BAND_BYTES (320L * 1024)
#endif

// Output rows per band.
static long band_rows(long width, long expanded, long stride, long out_height) {
    const long row_bytes = width * expanded * 4;
    long b = (BAND_BYTES / (row_bytes > 0 ? row_bytes : 1) - 2) / stride;
    if (b < 1) b = 1;
    if (b > out_height) b = out_height;
    return b;
}

long ssdl_inverted_residual_scratch_count(long height, long width, long expanded, long stride, long out_height,
                                          long out_width) {
    const long b = band_rows(width, expanded, stride, out_height);
    long in_rows = b * stride + 2;
    if (in_rows > height) in_rows = height;
    return in_rows * width * expanded + b * out_width * expanded;
}

void ssdl_inverted_residual(const float *input, long height, long width, long cin,
                            const float *expand_packed, long expanded, int expand_relu6,
                            const float *dw_weights, const float *dw_bias, long stride, long pad_top,
                            long pad_left, long out_height, long out_width,
                            const float *project_packed, long cout, int project_relu6, int residual,
                            long row_begin, long row_end, float *output, float *scratch,
                            const ssdl_stem *stem) {
    if (stem && expand_packed) return;  // not a MobileNetV2 shape; the caller never asks for it
    const int computed = expand_packed || stem;  // rows made here rather than read from `input`
    const long ce = expand_packed ? expanded : (stem ? stem->cout : cin);
    const long band_count = band_rows(width, ce, stride, out_height);
    long in_rows = band_count * stride + 2;
    if (in_rows > height) in_rows = height;
    const long row_floats = width * ce;
    float *ebuf = scratch;                       // expanded input rows [base, filled)
    float *band = scratch + in_rows * row_floats;  // depthwise output rows of the band
    long base = 0, filled = 0;
    for (long oy0 = row_begin; oy0 < row_end; oy0 += band_count) {
        const long oy1 = oy0 + band_count < row_end ? oy0 + band_count : row_end;
        long first = oy0 * stride - pad_top;
        if (first < 0) first = 0;
        long end = (oy1 - 1) * stride - pad_top + 3;
        if (end > height) end = height;
        if (computed) {
            if (first >= filled || first < base) {
                base = filled = first;
            } else if (first > base) {
                memmove(ebuf, ebuf + (first - base) * row_floats, (size_t)((filled - first) * row_floats) * sizeof(float));
                base = first;
            }
            if (end > filled && stem) {
                const ssdl_stem *t = stem;
                conv3x3_rows(t->image, t->height, t->width, t->cin, t->stride, t->pad_top, t->pad_left, height,
                             width, t->packed, ce, t->relu6, filled, end, ebuf + (filled - base) * row_floats,
                             t->scratch);
                filled = end;
            } else if (end > filled) {
                ssdl_pointwise(input + filled * width * cin, (end - filled) * width, cin, cin, expand_packed, ce, 0, 0,
                               expand_relu6, ebuf + (filled - base) * row_floats, ce);
                filled = end;
            }
        }
        for (long oy = oy0; oy < oy1; oy++) {
            const float *rows[3];
            for (int ky = 0; ky < 3; ky++) {
                const long iy = oy * stride - pad_top + ky;
                if (iy < 0 || iy >= height) rows[ky] = 0;
                else rows[ky] = computed ? ebuf + (iy - base) * row_floats : input + iy * width * cin;
            }
            ssdl_depthwise3x3_row(rows, width, ce, dw_weights, dw_bias, stride, pad_left, out_width, 1,
                                  band + (oy - oy0) * out_width * ce);
        }
        ssdl_pointwise(band, (oy1 - oy0) * out_width, ce, ce, project_packed, cout,
                       residual ? input + oy0 * out_width * cout : 0, cout, project_relu6,
                       output + oy0 * out_width * cout, cout);
    }
}

// im2col of one output row of a 3x3 conv: [out_width][9 * cin], zeros for the padding.
static void im2col_row(const float *input, long height, long width, long cin, long stride, long pad_top,
                       long pad_left, long out_width, long oy, float *dst) {
    const long k = 9 * cin;
    for (long ox = 0; ox < out_width; ox++) {
        float *row = dst + ox * k;
        const long ix0 = ox * stride - pad_left;
        for (long ky = 0; ky < 3; ky++) {
            const long iy = oy * stride - pad_top + ky;
            float *d = row + ky * 3 * cin;
            if (iy < 0 || iy >= height) {
                for (long j = 0; j < 3 * cin; j++) d[j] = 0.0f;
                continue;
            }
            const float *src = input + (iy * width + ix0) * cin;
            if (ix0 >= 0 && ix0 + 3 <= width) {
                if (cin == 3) {
                    memcpy(d, src, 9 * sizeof(float));  // the RGB stem: one fixed-size (vector) copy
                } else {
                    memcpy(d, src, (size_t)(3 * cin) * sizeof(float));
                }
                continue;
            }
            for (long kx = 0; kx < 3; kx++) {
                const long ix = ix0 + kx;
                for (long c = 0; c < cin; c++) d[kx * cin + c] = ix >= 0 && ix < width ? src[kx * cin + c] : 0.0f;
            }
        }
    }
}

// Rows of im2col per band: about 64 KB, so the band is still in L1/L2 when the 1x1 kernel reads it.
static long im2col_band_rows(long out_width, long cin, long out_height) {
    long b = 16384 / (out_width * 9 * cin > 0 ? out_width * 9 * cin : 1);
    if (b < 1) b = 1;
    if (b > out_height) b = out_height;
    return b;
}

long ssdl_conv3x3_scratch_count(long cin, long out_height, long out_width) {
    return im2col_band_rows(out_width, cin, out_height) * out_width * 9 * cin;
}

// Output rows [row_begin, row_end) of a 3x3 conv, written from `out` on (row row_begin first).
static void conv3x3_rows(const float *input, long height, long width, long cin, long stride, long pad_top,
                         long pad_left, long out_height, long out_width, const float *packed, long cout,
                         int relu6, long row_begin, long row_end, float *out, float *scratch) {
    const long band = im2col_band_rows(out_width, cin, out_height);
    for (long oy0 = row_begin; oy0 < row_end; oy0 += band) {
        const long oy1 = oy0 + band < row_end ? oy0 + band : row_end;
        for (long oy = oy0; oy < oy1; oy++) {
            im2col_row(input, height, width, cin, stride, pad_top, pad_left, out_width, oy,
                       scratch + (oy - oy0) * out_width * 9 * cin);
        }
        ssdl_pointwise(scratch, (oy1 - oy0) * out_width, 9 * cin, 9 * cin, packed, cout, 0, 0, relu6,
                       out + (oy0 - row_begin) * out_width * cout, cout);
    }
}

void ssdl_conv3x3(const float *input, long height, long width, long cin, long stride, long pad_top,
                  long pad_left, long out_height, long out_width, const float *packed, long cout, int relu6,
                  long row_begin, long row_end, float *output, float *scratch) {
    conv3x3_rows(input, height, width, cin, stride, pad_top, pad_left, out_height, out_width, packed, cout,
                 relu6, row_begin, row_end, output + row_begin * out_width * cout, scratch);
}
