#!/usr/bin/env bash
# SSDLite numerics check: our Swift port vs the reference pack ../shared/data/golden/ssdlite
# (TF graph activations, ONNX Runtime raw outputs, decoded boxes, detections, preprocessing).
# Prints the max abs difference per output and per stored intermediate activation; exits non-zero
# if a raw output differs by more than 1e-3 or the detections differ.
set -euo pipefail
cd "$(dirname "$0")/.."
GOLDEN=../shared/data/golden/ssdlite
if [[ ! -d "$GOLDEN" ]]; then
    echo "ssdlite-golden: $GOLDEN not found; nothing to check (skipped)" >&2
    exit 0
fi
Scripts/fetch-models.sh
swift build -c release --product trackline-dev >&2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ssdlite-golden.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
ARGS=()
if command -v ffmpeg >/dev/null 2>&1; then
    # PNG -> raw RGB24 with the ffmpeg CLI (lossless), to test our resize + preprocessing.
    ffmpeg -v error -i "$GOLDEN/frame100.png" -f rawvideo -pix_fmt rgb24 - > "$TMP/frame100.rgb"
    ARGS+=(--frame100-rgb "$TMP/frame100.rgb")
else
    echo "ssdlite-golden: ffmpeg CLI not found; skipping the preprocessing check" >&2
fi
.build/release/trackline-dev ssdlite-check --golden "$GOLDEN" "${ARGS[@]}"
