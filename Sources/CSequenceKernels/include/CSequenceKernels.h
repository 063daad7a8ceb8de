#ifndef CSEQUENCEKERNELS_H
#define CSEQUENCEKERNELS_H

/// Replaces each of the `n` floats at `x` by its expf, giving exactly the floats of the C
/// library's expf: on x86-64 CPUs with AVX2 and FMA (where glibc picks its FMA variant) eight
/// lanes at a time (sixteen with AVX-512) by the same double-precision steps and fused
/// multiply-adds; elsewhere, and for inputs outside (-88, 88) or NaN, by calling expf.
void tl_expf_inplace(float *x, long n);

/// tl_expf_inplace limited to a path (0 = expf calls, 1 = AVX2, 2 = AVX-512; capped at what
/// the CPU has), so checks can cover each path on one machine.
void tl_expf_inplace_path(float *x, long n, int path);

/// The best path on this CPU: 0, 1 or 2 as above (at most the cap).
int tl_expf_vectorised(void);

/// Caps the path at `level` for the whole process (call before any other thread uses it), so
/// the portable code runs on any machine. Results are the same on every path.
void tl_expf_cap(int level);

#endif
