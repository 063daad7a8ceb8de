// Compiled by Scripts/check-exact-exp.sh with Sources/CSequenceKernels/kernels.c: compares
// each vector path of tl_expf_inplace that this CPU has with the C library's expf on every float
// in (-88, 88), or on every STRIDE-th one: `check [STRIDE]`. Exit status 1 when any differs.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "CSequenceKernels.h"

static float x[4099], e[4099];

int main(int argc, char **argv) {
    uint32_t step = argc > 1 ? (uint32_t)atoi(argv[1]) : 1;
    if (step == 0) step = 1;
    float lim = 88.0f;
    uint32_t limit;
    memcpy(&limit, &lim, 4);
    limit -= 1;
    int paths = tl_expf_vectorised(), failed = 0;
    if (paths == 0) printf("no vector path on this CPU (expf is called directly)\n");
    for (int path = 1; path <= paths; path++) {
        long checked = 0, bad = 0;
        uint64_t b = 0;
        clock_t t0 = clock();
        while (b <= limit) {
            int n = 0;   // 4099 values: every lane position meets the vector loops and the tails
            while (n < 4099 && b <= limit) { uint32_t u = (uint32_t)b; memcpy(&x[n], &u, 4); n++; b += step; }
            for (int sign = 0; sign < 2; sign++) {
                for (int i = 0; i < n; i++) e[i] = sign ? -x[i] : x[i];
                tl_expf_inplace_path(e, n, path);
                for (int i = 0; i < n; i++) {
                    float v = sign ? -x[i] : x[i], r = expf(v);
                    if (memcmp(&r, &e[i], 4) != 0) {
                        if (bad < 10) printf("mismatch at %a: %a vs expf %a\n", v, e[i], r);
                        bad++;
                    }
                }
                checked += n;
            }
        }
        printf("exact-exp %s path: %ld floats in (-88, 88) compared with expf, %ld differ (%.1f s CPU)\n",
               path == 2 ? "AVX-512" : "AVX2", checked, bad, (double)(clock() - t0) / CLOCKS_PER_SEC);
        failed |= bad != 0;
    }
    return failed;
}
