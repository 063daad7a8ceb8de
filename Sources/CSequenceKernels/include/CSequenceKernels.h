#ifndef CSEQUENCEKERNELS_H
#define CSEQUENCEKERNELS_H

/// Replaces each of the `n` floats at `x` by its expf, giving exactly the floats of the C
/// library's expf: on x86-64 CPUs with AVX2 and FMA (where glibc picks its FMA variant) eight
/// lanes at a time by the same double-precision steps and fused multiply-adds; elsewhere, and
/// for inputs outside (-88, 88) or NaN, by calling expf.
void tl_expf_inplace(float *x, long n);

/// 1 when tl_expf_inplace runs its vector path on this CPU.
int tl_expf_vectorised(void);

#endif
