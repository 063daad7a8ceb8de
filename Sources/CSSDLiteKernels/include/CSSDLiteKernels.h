#ifndef TRACKLINE_CSSDLITEKERNELS_H
#define TRACKLINE_CSSDLITEKERNELS_H

/// Element-wise kernels of the SSDLite detector that Swift cannot vectorise beyond the x86-64
/// baseline (SSE2): each is compiled for AVX-512, AVX2+FMA and the baseline, and the widest the
/// CPU supports is picked at run time. All tensors are NHWC float32, batch 1.

/// Depthwise 3x3 convolution (channel multiplier 1), TF 'SAME' padding given as pad_top/pad_left,
/// output rows [row_begin, row_end). weights: [3][3][channels]; bias: [channels].
/// relu6 != 0 clamps the result to [0, 6].
void ssdl_depthwise3x3(const float *input, long height, long width, long channels,
                       const float *weights, const float *bias, long stride,
                       long pad_top, long pad_left, long out_width,
                       long row_begin, long row_end, int relu6, float *output);

/// out[r][c] = act(out[r][c] + bias[c] (+ residual[r][c])) for rows x columns, row stride ld
/// for out, columns for residual; residual may be NULL.
void ssdl_bias_activation(float *out, long rows, long columns, long ld, const float *bias,
                          const float *residual, int relu6);

/// Name of the code path in use: "avx512", "avx2" or "baseline".
const char *ssdl_kernel_isa(void);

#endif
