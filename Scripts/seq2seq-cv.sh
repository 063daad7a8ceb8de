#!/usr/bin/env bash
# Leave-one-sequence-out cross-validation of the committed seq2seq recipe on ../shared/data/dev:
# for each dev sequence, trains a model with Models/seq2seq-train.json on the simulator plus the
# *other* dev sequences (`trackline train --data`), tracks the held-out sequence with it, and
# scores all held-out outputs together with `trackline eval` (the dev number to quote, since the
# committed weights were trained on every dev sequence). bytetrack is scored in the same run,
# as it ships (online, raw boxes) and with seq2seq's default output filter (every bridged gap
# filled, `--smooth 3`), beside seq2seq's raw output (`--interpolate 0 --smooth 0`), so the
# model's own gain can be told from the post-processing's.
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
RUNS=(bytetrack bytetrack-filtered pred-raw pred)
for run in "${RUNS[@]}"; do rm -rf "${OUT:?}/$run"; mkdir -p "$OUT/$run"; done
seqs=(); for d in "$DEV"/*/; do seqs+=("$(basename "$d")"); done
for held in "${seqs[@]}"; do
  weights="$OUT/folds/without-$held.safetensors"
  if [ ! -f "$weights" ]; then
    data=(); for s in "${seqs[@]}"; do [ "$s" != "$held" ] && data+=(--data "$DEV/$s"); done
    echo "seq2seq-cv: training without $held ..."
    $BIN train --config Models/seq2seq-train.json "${data[@]}" -o "$weights" 2>&1 | tr '\r' '\n' | grep -E "wall time|^epoch [0-9]+/[0-9]+ loss" | tail -2
  fi
  $BIN track --detections "$DEV/$held" --tracker seq2seq --model "$weights" --mot "$OUT/pred/$held.txt" --quiet ${EXTRA[@]+"${EXTRA[@]}"}
  $BIN track --detections "$DEV/$held" --tracker seq2seq --model "$weights" --mot "$OUT/pred-raw/$held.txt" --quiet --interpolate 0 --smooth 0 ${EXTRA[@]+"${EXTRA[@]}"}
  $BIN track --detections "$DEV/$held" --tracker bytetrack --mot "$OUT/bytetrack/$held.txt" --quiet ${EXTRA[@]+"${EXTRA[@]}"}
  $BIN track --detections "$DEV/$held" --tracker bytetrack --mot "$OUT/bytetrack-filtered/$held.txt" --quiet --interpolate 1000 --smooth 3 ${EXTRA[@]+"${EXTRA[@]}"}
done
echo "| tracker | sequence | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
for run in "${RUNS[@]}"; do
  case $run in
    bytetrack) name="bytetrack (as shipped: online, raw boxes)";;
    bytetrack-filtered) name="bytetrack --interpolate 1000 --smooth 3";;
    pred-raw) name="seq2seq cross-validated, --interpolate 0 --smooth 0";;
    pred) name="seq2seq cross-validated (as shipped)";;
  esac
  $BIN eval --gt "$DEV" --pred "$OUT/$run" --format csv | awk -F, -v n="$name" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i}
    NR>1{printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", n, $1, $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}'
done
