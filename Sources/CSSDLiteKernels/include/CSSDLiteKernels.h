#ifndef TRACKLINE_CSSDLITEKERNELS_H
#define TRACKLINE_CSSDLITEKERNELS_H

/// Kernels of the SSDLite detector that Swift cannot vectorise beyond the x86-64 baseline (SSE2):
/// depthwise 3x3, the fused 1x1 convolution and the bias/ReLU6 epilogue; each is compiled for AVX-512, AVX2+FMA and the baseline, and the widest the
/// CPU supports is picked at run time. All tensors are NHWC float32, batch 1.

/// Depthwise 3x3 convolution (channel multiplier 1), TF 'SAME' padding given as pad_top/pad_left,
/// output rows [row_begin, row_end). weights: [3][3][channels]; bias: [channels].
/// relu6 != 0 clamps the result to [0, 6].
void ssdl_depthwise3x3(const float *input, long height, long width, long channels,
                       const float *weights, const float *bias, long stride,
                       long pad_top, long pad_left, long out_width,
                       long row_begin, long row_end, int relu6, float *output);

/// One output row of ssdl_depthwise3x3: in_rows[ky] points at input row (oy*stride - pad_top + ky),
/// [width][channels], or is NULL where that row is padding. Writes [out_width][channels].
void ssdl_depthwise3x3_row(const float *const in_rows[3], long width, long channels,
                           const float *weights, const float *bias, long stride, long pad_left,
                           long out_width, int relu6, float *output);

/// out[r][c] = act(out[r][c] + bias[c] (+ residual[r][c])) for rows x columns, row stride ld
/// for out, columns for residual; residual may be NULL.
void ssdl_bias_activation(float *out, long rows, long columns, long ld, const float *bias,
                          const float *residual, int relu6);

/// Floats needed by ssdl_pointwise_pack for a cin x cout 1x1 convolution.
long ssdl_pointwise_packed_count(long cin, long cout);

/// Packs 1x1 conv weights [cin][cout] (row-major) and bias [cout] into `packed`
/// (ssdl_pointwise_packed_count floats): output channels in panels of 16, zero-padded.
void ssdl_pointwise_pack(const float *weights, const float *bias, long cin, long cout, float *packed);

/// Fused 1x1 convolution on `rows` NHWC pixels: output[m][o] = act(bias[o] + sum_k input[m][k] *
/// w[k][o] (+ residual[m][o])), with register-blocked AVX-512 / AVX2+FMA / baseline kernels.
/// Row strides (in floats): ld_in for input, ld_res for residual (may be NULL), ld_out for output.
void ssdl_pointwise(const float *input, long rows, long cin, long ld_in, const float *packed, long cout,
                    const float *residual, long ld_res, int relu6, float *output, long ld_out);

/// Floats of scratch one ssdl_inverted_residual call needs (per thread).
long ssdl_inverted_residual_scratch_count(long height, long width, long expanded, long stride,
                                          long out_height, long out_width);

/// A 3x3 conv that computes a block's input rows on the fly from an image (the network's first
/// conv feeding the first block), so its output is never stored whole. Weights packed from HWIO
/// (9 * cin rows); scratch: ssdl_conv3x3_scratch_count floats.
typedef struct {
    const float *image;
    long height, width, cin, stride, pad_top, pad_left;
    const float *packed;
    long cout;
    int relu6;
    float *scratch;
} ssdl_stem;

/// A whole inverted-residual block (or SSD extra layer), output rows [row_begin, row_end):
/// optional expansion 1x1 (expand_packed NULL: none, the depthwise reads the input), depthwise 3x3
/// + ReLU6 (TF 'SAME': pad_top/pad_left), projection 1x1 (+ the input as residual when `residual`,
/// which needs stride 1 and cin == cout), a band of output rows at a time: the expanded rows and
/// depthwise rows of one band live in `scratch` (ssdl_inverted_residual_scratch_count floats,
/// about 0.3 MB + a band), never the whole intermediate tensors. Weights packed by ssdl_pointwise_pack. NHWC, output row stride
/// out_width * cout. With `stem` (and no expansion, no residual), the block's input rows come from
/// stem->image through that conv instead of `input` (which is then unused).
void ssdl_inverted_residual(const float *input, long height, long width, long cin,
                            const float *expand_packed, long expanded, int expand_relu6,
                            const float *dw_weights, const float *dw_bias, long stride, long pad_top,
                            long pad_left, long out_height, long out_width,
                            const float *project_packed, long cout, int project_relu6, int residual,
                            long row_begin, long row_end, float *output, float *scratch,
                            const ssdl_stem *stem);

/// Floats of scratch one ssdl_conv3x3 call needs (per thread).
long ssdl_conv3x3_scratch_count(long cin, long out_height, long out_width);

/// Full 3x3 convolution (TF 'SAME': pad_top/pad_left), output rows [row_begin, row_end): im2col of
/// a band of rows (~64 KB in `scratch`) then ssdl_pointwise with weights packed from HWIO
/// [3][3][cin][cout] (9 * cin rows), bias and ReLU6 fused.
void ssdl_conv3x3(const float *input, long height, long width, long cin, long stride, long pad_top,
                  long pad_left, long out_height, long out_width, const float *packed, long cout, int relu6,
                  long row_begin, long row_end, float *output, float *scratch);

/// Restricts the kernels to an instruction-set level: 0 = baseline (SSE2), 1 = AVX2+FMA,
/// 2 = AVX-512; a negative level (or one the CPU lacks) means the best the CPU has. Returns the
/// level now in use. Applies to calls made on the calling thread only (for tests).
int ssdl_set_isa_level(int level);

/// Caps the level every thread uses at `level` (0 baseline, 1 AVX2+FMA, 2 AVX-512) for the
/// whole process, so the portable code can run on any machine; returns the level in use.
int ssdl_cap_isa_level(int level);

/// Name of the code path in use: "avx512", "avx2" or "baseline".
const char *ssdl_kernel_isa(void);

/// Persistent worker threads for splitting a layer into parts: created once, they spin briefly
/// between jobs and then park (no CPU used while idle). Not re-entrant: one caller at a time.
typedef struct ssdl_pool ssdl_pool;

/// A part of a job: called with the job's context and the part index.
typedef void (*ssdl_pool_fn)(void *ctx, long part);

/// A pool of `workers` threads besides the caller (fewer if the system refuses threads; NULL
/// only when out of memory, which ssdl_pool_run treats as no workers).
ssdl_pool *ssdl_pool_create(long workers);

/// Worker threads actually running.
long ssdl_pool_workers(const ssdl_pool *pool);

/// Runs fn(ctx, part) for part in [0, parts): part 0 (and any beyond the workers) on the calling
/// thread, part i on worker i - 1; returns when all are done (their writes then visible).
void ssdl_pool_run(ssdl_pool *pool, ssdl_pool_fn fn, void *ctx, long parts);

/// Stops and joins the workers, frees the pool.
void ssdl_pool_destroy(ssdl_pool *pool);

#endif
