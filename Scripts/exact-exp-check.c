// Compiled by Scripts/check-exact-exp.sh with Sources/CSequenceKernels/kernels.c: compares
// tl_expf_inplace with the C library's expf on every float in (-88, 88), or on every
// STRIDE-th one: `check [STRIDE]`. Exit status 1 when any differs.
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include "CSequenceKernels.h"
int main(int argc, char **argv) {
    uint32_t step = argc > 1 ? (uint32_t)atoi(argv[1]) : 1;
    static float x[4096], e[4096];
    uint32_t limit; float lim = 88.0f; memcpy(&limit, &lim, 4); limit -= 1;
    long checked = 0, bad = 0; uint64_t b = 0;
    clock_t t0 = clock();
    while (b <= limit) {
        int n = 0;
        while (n < 4096 && b <= limit) { uint32_t u = (uint32_t)b; memcpy(&x[n], &u, 4); n++; b += step; }
        for (int sg = 0; sg < 2; sg++) {
            for (int i = 0; i < n; i++) e[i] = sg ? -x[i] : x[i];
            tl_expf_inplace(e, n);
            for (int i = 0; i < n; i++) { float v = sg ? -x[i] : x[i]; float r = expf(v); if (memcmp(&r, &e[i], 4)) { if (bad < 10) printf("mismatch %a %a %a\n", v, e[i], r); bad++; } }
            checked += n;
        }
    }
    printf("vector path %d: %ld floats in (-88, 88), %ld differ, %.1f s\n", tl_expf_vectorised(), checked, bad, (double)(clock() - t0) / CLOCKS_PER_SEC);
    return bad != 0;
}
