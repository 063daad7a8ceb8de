#!/usr/bin/env bash
# Checks that the model's vectorised exp (Sources/CSequenceKernels) gives exactly the C library's
# expf on every float in (-88, 88) (about 2.2 billion, each vector path the CPU has: AVX2, AVX-512;
# ~10 s CPU each), or on every STRIDE-th one.
#   Scripts/check-exact-exp.sh [STRIDE]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build/exact-exp-check
mkdir -p "$OUT"
cc -O2 -I Sources/CSequenceKernels/include -o "$OUT/check" Scripts/exact-exp-check.c Sources/CSequenceKernels/kernels.c -lm
"$OUT/check" "${1:-1}"
