#!/usr/bin/env bash
# Appearance-feature quality: on PETS09-S2L1-half1 ground-truth boxes (consider = 1, frames
# 1-397 of ../shared/data/video/vtest.avi, decode index n-1 = frame n), ROC AUC of the cosine
# similarity of same-identity vs different-identity pairs 1, 10 and 50 frames apart (every GT
# box of frame f against every GT box of frame f + d), for each colour-histogram variant (the
# first row is the default of ColorHistogramExtractor). Extra arguments go to the command, e.g.
# `--feature-variant hsv` to keep only variants whose name starts with "hsv".
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
GT=$DATA/dev/PETS09-S2L1-half1/gt/gt.txt
VIDEO=$DATA/video/vtest.avi
if [[ ! -f "$VIDEO" || ! -f "$GT" ]]; then
    echo "feature-auc: $DATA not found; nothing to measure (skipped)" >&2
    exit 0
fi
swift build -c release --product trackline-dev >&2
.build/release/trackline-dev feature-auc "$VIDEO" "$GT" --end-frame 397 "$@"
