#!/usr/bin/env bash
# Leave-one-sequence-out cross-validation of the committed seq2seq recipe on ../shared/data/dev:
# for each dev sequence, trains a model with Models/seq2seq-train.json on the simulator plus the
# *other* dev sequences (`trackline train --data`), tracks the held-out sequence with it, and
# scores all held-out outputs together with `trackline eval` (the dev number to quote, since the
# committed weights were trained on every dev sequence). bytetrack is scored in the same run.
#   Scripts/seq2seq-cv.sh [--interpolate N]      (~6 min of one core per dev sequence)
# Fold weights are kept in out/seq2seq-cv/ and reused when present (delete them to retrain).
set -euo pipefail
cd "$(dirname "$0")/.."
DEV=../shared/data/dev
OUT=out/seq2seq-cv
if [ ! -d "$DEV" ]; then echo "seq2seq-cv: $DEV not found; nothing to do"; exit 0; fi
EXTRA=("$@")
swift build -c release --product trackline >/dev/null
BIN=.build/release/trackline
export OPENBLAS_NUM_THREADS=1
mkdir -p "$OUT/folds" "$OUT/data"
rm -rf "$OUT/pred" "$OUT/bytetrack"; mkdir -p "$OUT/pred" "$OUT/bytetrack"
seqs=(); for d in "$DEV"/*/; do seqs+=("$(basename "$d")"); done
for held in "${seqs[@]}"; do
  weights="$OUT/folds/without-$held.safetensors"
  if [ ! -f "$weights" ]; then
    data=(); for s in "${seqs[@]}"; do [ "$s" != "$held" ] && data+=(--data "$DEV/$s"); done
    echo "seq2seq-cv: training without $held ..."
    $BIN train --config Models/seq2seq-train.json "${data[@]}" -o "$weights" 2>&1 | tr '\r' '\n' | grep -E "wall time|^epoch [0-9]+/[0-9]+ loss" | tail -2
  fi
  $BIN track --detections "$DEV/$held" --tracker seq2seq --model "$weights" --mot "$OUT/pred/$held.txt" --quiet ${EXTRA[@]+"${EXTRA[@]}"}
  $BIN track --detections "$DEV/$held" --tracker bytetrack --mot "$OUT/bytetrack/$held.txt" --quiet ${EXTRA[@]+"${EXTRA[@]}"}
done
echo "| tracker | sequence | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
for run in bytetrack pred; do
  name=$run; [ $run = pred ] && name="seq2seq (cross-validated)"
  $BIN eval --gt "$DEV" --pred "$OUT/$run" --format csv | awk -F, -v n="$name" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i}
    NR>1{printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", n, $1, $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}'
done
