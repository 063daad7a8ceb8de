#!/usr/bin/env bash
# Checks that the model's vectorised exp (Sources/SequenceModel/ExactExp.swift) gives exactly the
# C library's expf on every float in (-64, 64) (about 2.2 billion; ~15 s), or on every STRIDE-th.
#   Scripts/check-exact-exp.sh [STRIDE]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build/exact-exp-check
mkdir -p "$OUT"
swiftc -O -o "$OUT/check" Sources/SequenceModel/ExactExp.swift Scripts/exact-exp-check.swift
"$OUT/check" "${1:-1}"
