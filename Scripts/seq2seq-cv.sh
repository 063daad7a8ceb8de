#!/usr/bin/env bash
# Leave-one-sequence-out cross-validation of the committed seq2seq recipe on ../shared/data/dev:
# for each dev sequence, trains a model with Models/seq2seq-train.json on the simulator plus the
# *other* dev sequences (`trackline train --data`), tracks the held-out sequence with it, and
# scores all held-out outputs together with `trackline eval` (the dev number to quote, since the
# committed weights were trained on every dev sequence). bytetrack is scored in the same run,
# as it ships (online, raw boxes) and with seq2seq's default output filter (gaps it bridges up to 1 s
# filled, `--smooth 3`), beside seq2seq's raw output (`--interpolate 0 --smooth 0`), so the
# model's own gain can be told from the post-processing's.
#   Scripts/seq2seq-cv.sh [--interpolate N]      (~6-8 min of one core per dev sequence)
#   SEEDS="1 2 3" Scripts/seq2seq-cv.sh           (also fold models trained with --seed 2 and 3:
#                                                  one line per seed and their mean; dev CV moves
#                                                  by up to 5 HOTA between training seeds)
# A sequence whose video is at hand (PETS09-S2L1-half1: ../shared/data/video/vtest.avi) is also
# tracked with the video, as the CLI does by default when given one (`--appearance`): boxes get
# colour histograms and a fold model trained with Models/seq2seq-appearance-train.json scores
# them; the "appearance where video exists" rows pool that with the other sequences' output
# from the detection files alone.
# Fold weights are kept in out/seq2seq-cv/ (folds/ for the config's seed, folds-seedN/ for the
# others, folds-appearance[-seedN]/ for the appearance config) and reused when present (delete
# them to retrain).
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
RUNS=(bytetrack bytetrack-filtered pred-raw pred pred-app)
APP_CONFIG=Models/seq2seq-appearance-train.json
video_of() { [ "$1" = PETS09-S2L1-half1 ] && [ -f ../shared/data/video/vtest.avi ] && echo ../shared/data/video/vtest.avi; return 0; }
frames_of() { sed -n 's/^seqLength=//p' "$DEV/$1/seqinfo.ini"; }
for run in "${RUNS[@]}"; do rm -rf "${OUT:?}/$run"; mkdir -p "$OUT/$run"; done
seqs=(); for d in "$DEV"/*/; do seqs+=("$(basename "$d")"); done
CONFIG_SEED=$(sed -n 's/^ *"seed" *: *\([0-9]*\).*/\1/p' Models/seq2seq-train.json | head -1)
SEEDS=${SEEDS:-$CONFIG_SEED}
folds_of() { if [ "$1" = "$CONFIG_SEED" ]; then echo "$OUT/folds${2:-}"; else echo "$OUT/folds${2:-}-seed$1"; fi; }
train_fold() {  # seed, held-out sequence[, "-appearance"]
  local dir; dir=$(folds_of "$1" "${3:-}"); mkdir -p "$dir"
  local weights="$dir/without-$2.safetensors" config=Models/seq2seq-train.json
  [ -n "${3:-}" ] && config=$APP_CONFIG
  [ -f "$weights" ] && return 0
  local data=(); for s in "${seqs[@]}"; do [ "$s" != "$2" ] && data+=(--data "$DEV/$s"); done
  echo "seq2seq-cv: training seed $1${3:-} without $2 ..."
  $BIN train --config "$config" --seed "$1" "${data[@]}" -o "$weights" 2>&1 | tr '\r' '\n' | grep -E "wall time|^epoch [0-9]+/[0-9]+ loss" | tail -2
}
track_app() {  # seed, held-out sequence, output file, plain output to reuse when there is no video
  local video; video=$(video_of "$2")
  if [ -z "$video" ]; then cp "$4" "$3"; return 0; fi
  train_fold "$1" "$2" -appearance
  $BIN track "$video" --end-frame "$(frames_of "$2")" --detections "$DEV/$2" --tracker seq2seq --appearance \
    --model "$(folds_of "$1" -appearance)/without-$2.safetensors" --mot "$3" --quiet ${EXTRA[@]+"${EXTRA[@]}"}
}
for held in "${seqs[@]}"; do
  train_fold "$CONFIG_SEED" "$held"
  weights="$(folds_of "$CONFIG_SEED")/without-$held.safetensors"
  $BIN track --detections "$DEV/$held" --tracker seq2seq --model "$weights" --mot "$OUT/pred/$held.txt" --quiet ${EXTRA[@]+"${EXTRA[@]}"}
  $BIN track --detections "$DEV/$held" --tracker seq2seq --model "$weights" --mot "$OUT/pred-raw/$held.txt" --quiet --interpolate 0 --smooth 0 ${EXTRA[@]+"${EXTRA[@]}"}
  $BIN track --detections "$DEV/$held" --tracker bytetrack --mot "$OUT/bytetrack/$held.txt" --quiet ${EXTRA[@]+"${EXTRA[@]}"}
  $BIN track --detections "$DEV/$held" --tracker bytetrack --mot "$OUT/bytetrack-filtered/$held.txt" --quiet --interpolate 1000 --smooth 3 ${EXTRA[@]+"${EXTRA[@]}"}
  track_app "$CONFIG_SEED" "$held" "$OUT/pred-app/$held.txt" "$OUT/pred/$held.txt"
done
echo "| tracker | sequence | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
for run in "${RUNS[@]}"; do
  case $run in
    bytetrack) name="bytetrack (as shipped: online, raw boxes)";;
    bytetrack-filtered) name="bytetrack --interpolate 1000 --smooth 3";;
    pred-raw) name="seq2seq cross-validated, --interpolate 0 --smooth 0";;
    pred) name="seq2seq cross-validated, detection files alone (as shipped without video)";;
    pred-app) name="seq2seq cross-validated, with the video where there is one (as shipped: --appearance)";;
  esac
  $BIN eval --gt "$DEV" --pred "$OUT/$run" --format csv | awk -F, -v n="$name" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i}
    NR>1{printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", n, $1, $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}'
done
# Other training seeds: seq2seq as shipped, combined over the dev sequences, then the mean; the
# same with appearance where video exists.
combined() { $BIN eval --gt "$DEV" --pred "$1" --format csv | awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i}
  $1=="COMBINED"{printf "%.2f %.2f %.2f %.2f %.2f %d", $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}'; }
table() {  # title, rows ("seed h deta assa mota idf1 idsw" per line)
  echo; echo "| $1 | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"; echo "|---|--:|--:|--:|--:|--:|--:|"
  printf "%s" "$2" | awk '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7; for(i=2;i<=7;i++)m[i]+=$i; n++}
    END{printf "| mean of %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f |\n", n, m[2]/n, m[3]/n, m[4]/n, m[5]/n, m[6]/n, m[7]/n}'
}
if [ "$SEEDS" != "$CONFIG_SEED" ]; then
  rows=""; app_rows=""
  for seed in $SEEDS; do
    pred="$OUT/pred-seed$seed" app="$OUT/pred-app-seed$seed"; rm -rf "$pred" "$app"; mkdir -p "$pred" "$app"
    for held in "${seqs[@]}"; do
      train_fold "$seed" "$held"
      $BIN track --detections "$DEV/$held" --tracker seq2seq --model "$(folds_of "$seed")/without-$held.safetensors" --mot "$pred/$held.txt" --quiet ${EXTRA[@]+"${EXTRA[@]}"}
      track_app "$seed" "$held" "$app/$held.txt" "$pred/$held.txt"
    done
    rows="$rows$seed $(combined "$pred")"$'\n'
    app_rows="$app_rows$seed $(combined "$app")"$'\n'
  done
  table "training seed" "$rows"
  table "training seed, --appearance where video exists" "$app_rows"
fi
