#include "CSSDLiteKernels.h"
#include "internal.h"

// A MobileNetV2 inverted-residual block (or an SSD extra layer, same shape) evaluated a few rows at
// a time: each expanded input row is computed once into a 4-row ring, each depthwise output row
// goes into a small band, and the band is projected straight into the output. The expanded and
// depthwise tensors (150x150x96 and 75x75x96 floats in the first blocks at 300) never exist in
// full, so they stay in L1/L2 instead of going through memory.

#define RING 4

// Output rows per projected band: enough pixels for the 1x1 kernel's row tiles.
static long band_rows(long out_width) {
    long b = out_width >= 48 ? 1 : (48 + out_width - 1) / out_width;
    return b > 16 ? 16 : b;
}

long ssdl_inverted_residual_scratch_count(long width, long expanded, long out_width) {
    return RING * width * expanded + band_rows(out_width) * out_width * expanded;
}

void ssdl_inverted_residual(const float *input, long height, long width, long cin,
                            const float *expand_packed, long expanded, int expand_relu6,
                            const float *dw_weights, const float *dw_bias, long stride, long pad_top,
                            long pad_left, long out_width,
                            const float *project_packed, long cout, int project_relu6, int residual,
                            long row_begin, long row_end, float *output, float *scratch) {
    const long ce = expand_packed ? expanded : cin;
    float *ring = scratch;
    float *band = scratch + RING * width * ce;
    const long band_count = band_rows(out_width);
    long next = row_begin * stride - pad_top;  // next input row to expand
    if (next < 0) next = 0;
    for (long oy0 = row_begin; oy0 < row_end; oy0 += band_count) {
        const long oy1 = oy0 + band_count < row_end ? oy0 + band_count : row_end;
        for (long oy = oy0; oy < oy1; oy++) {
            const long top = oy * stride - pad_top;
            const long last = top + 2 < height - 1 ? top + 2 : height - 1;
            if (expand_packed) {
                for (; next <= last; next++) {
                    ssdl_pointwise(input + next * width * cin, width, cin, cin, expand_packed, ce, 0, 0,
                                   expand_relu6, ring + (next % RING) * width * ce, ce);
                }
            }
            const float *rows[3];
            for (int ky = 0; ky < 3; ky++) {
                const long iy = top + ky;
                if (iy < 0 || iy >= height) rows[ky] = 0;
                else rows[ky] = expand_packed ? ring + (iy % RING) * width * ce : input + iy * width * cin;
            }
            ssdl_depthwise3x3_row(rows, width, ce, dw_weights, dw_bias, stride, pad_left, out_width, 1,
                                  band + (oy - oy0) * out_width * ce);
        }
        ssdl_pointwise(band, (oy1 - oy0) * out_width, ce, ce, project_packed, cout,
                       residual ? input + oy0 * out_width * cout : 0, cout, project_relu6,
                       output + oy0 * out_width * cout, cout);
    }
}
