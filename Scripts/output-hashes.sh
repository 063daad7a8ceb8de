#!/usr/bin/env bash
# Hashes the CSV and MOT outputs of a fixed set of runs, so two builds can be compared byte
# for byte: the dev sequences from public detections with each tracker (needs ../shared/data),
# the three bundled clips with each detector and tracker, and vtest.avi frames 1-200 with
# SSDLite and with motion (needs Samples/vtest.avi and the SSDLite model; skipped otherwise).
# Usage: Scripts/output-hashes.sh [TRACKLINE_BIN] > hashes.txt; diff two such files.
# Env: QUICK=1 leaves out SSDLite runs on the clips.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/trackline}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
run() {  # name, args...
    local name=$1; shift
    if "$BIN" "$@" -o "$TMP/$name.csv" --mot "$TMP/$name.txt" --quiet 2>"$TMP/$name.err"; then
        echo "$name $(sha256sum < "$TMP/$name.csv" | cut -c1-16) $(sha256sum < "$TMP/$name.txt" | cut -c1-16)"
    else
        echo "$name FAILED: $(head -c 200 "$TMP/$name.err")"
    fi
}
DEV=../shared/data/dev
if [ -d "$DEV" ]; then
    for seq in "$DEV"/*/; do
        s=$(basename "$seq")
        for t in seq2seq bytetrack sort; do run "dev-$s-$t" track --detections "$seq" --tracker "$t"; done
    done
fi
have_ssd=0; [ -f Models/cache/frozen_inference_graph.pb ] && have_ssd=1
for clip in Clips/*.mp4; do
    c=$(basename "$clip" .mp4)
    for t in seq2seq bytetrack sort; do
        run "clip-$c-motion-$t" track "$clip" --detector motion --tracker "$t"
        if [ $have_ssd = 1 ] && [ "${QUICK:-0}" != 1 ]; then run "clip-$c-ssdlite-$t" track "$clip" --detector ssdlite --tracker "$t"; fi
    done
done
V=Samples/vtest.avi
if [ -f "$V" ]; then
    run vtest200-motion track "$V" --detector motion --end-frame 200
    if [ $have_ssd = 1 ]; then run vtest200-ssdlite track "$V" --detector ssdlite --end-frame 200; fi
fi
