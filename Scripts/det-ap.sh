#!/usr/bin/env bash
# Detection quality on PETS09-S2L1, frames 1-397 of ../shared/data/video/vtest.avi, scored against
# dev/PETS09-S2L1-half1/gt/gt.txt: AP at IoU 0.5 (VOC all-point, ignore-flagged boxes neither
# missed nor false, exactly the rule of golden/ssdlite/README.md section 9), recall/precision at
# score 0.5, max recall. Rows: our SSDLite at 300 and 576 (full ranked lists: --threshold 0, at
# most 100 boxes a frame, the network's own boxes: --no-calibrate), the same lists cut at score
# 0.05, SSDLite 576 with its boxes calibrated as `track` uses them, the motion detector, the public
# Faster R-CNN det.txt, and the golden pack's ONNX reference lists for comparison.
# The AP computation is ours (`trackline-dev score-ap`); detector speed is printed as fps.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
SEQ=$DATA/dev/PETS09-S2L1-half1
VIDEO=$DATA/video/vtest.avi
GOLDEN=$DATA/golden/ssdlite
if [[ ! -f "$VIDEO" || ! -f "$SEQ/gt/gt.txt" ]]; then
    echo "det-ap: $DATA not found; nothing to measure (skipped)" >&2
    exit 0
fi
swift build -c release --product trackline >&2
swift build -c release --product trackline-dev >&2
BIN=.build/release/trackline
OUT=$(mktemp -d "${TMPDIR:-/tmp}/det-ap.XXXXXX")
trap 'rm -rf "$OUT"' EXIT

DETS=() LABELS=()
add() { DETS+=(--det "$1"); LABELS+=(--label "$2"); }
run() {  # run LABEL FILE ARGS...: runs the detector, reports its speed
    local label=$1 file=$2; shift 2
    local log="$OUT/$(basename "$file").log"
    "$BIN" detect "$VIDEO" --end-frame 397 -o "$file" "$@" 2> "$log" || { cat "$log" >&2; return 1; }
    echo "det-ap: $label: $(tail -1 "$log")" >&2
}
cut_at() { awk -F, -v t="$2" '$7 >= t' "$1" > "$3"; }

if Scripts/fetch-models.sh; then
    for size in 300 576; do
        run "ssdlite $size" "$OUT/ssd$size.txt" --detector ssdlite --input-size "$size" --threshold 0 --no-calibrate
        add "$OUT/ssd$size.txt" "ours: SSDLite $size, full list"
        cut_at "$OUT/ssd$size.txt" 0.05 "$OUT/ssd${size}_005.txt"
        add "$OUT/ssd${size}_005.txt" "ours: SSDLite $size, score >= 0.05"
    done
    run "ssdlite 576 calibrated" "$OUT/ssd576cal.txt" --detector ssdlite --input-size 576 --threshold 0
    add "$OUT/ssd576cal.txt" "ours: SSDLite 576, full list, boxes calibrated (as track uses them)"
else
    echo "det-ap: no SSDLite model; skipping the SSDLite rows" >&2
fi
run "motion" "$OUT/motion.txt" --detector motion --threshold 0
add "$OUT/motion.txt" "ours: motion detector"
add "$SEQ/det/det.txt" "public det.txt (Faster R-CNN)"
for g in det_ssdlite300 det_ssdlite576_3heads; do
    if [[ -f "$GOLDEN/$g.txt.gz" ]]; then
        gunzip -c "$GOLDEN/$g.txt.gz" > "$OUT/$g.txt"
        add "$OUT/$g.txt" "reference (ONNX): $g"
    fi
done
.build/release/trackline-dev score-ap "$SEQ/gt/gt.txt" --max-frame 397 "${DETS[@]}" "${LABELS[@]}"
