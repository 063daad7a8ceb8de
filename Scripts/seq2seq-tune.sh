#!/usr/bin/env bash
# Scores seq2seq tracker settings the way the defaults were chosen: on simulated sequences the
# model never saw (`trackline simulate`, seeds 777 x 12, 4242 x 24, 31337 x 24) and on the dev
# sequences cross-validated (each tracked with the fold weights of Scripts/seq2seq-cv.sh, which
# never saw it). One line per setting: COMBINED HOTA per simulated seed, then dev HOTA for
# PETS09-S2L1-half1, TUD-Campus and combined.
#   Scripts/seq2seq-tune.sh "miss_cost=2" "miss_cost=3 fallback_iou=0.3" ...
#   EXTRA="--smooth 0" Scripts/seq2seq-tune.sh ...     (extra `trackline track` flags)
#   MODEL=w.safetensors FOLDS=dir OUT=dir CONFIG=c.json BIN=path Scripts/seq2seq-tune.sh ...
#     (other weights for the simulated seeds, other fold weights dir/without-<SEQ>.safetensors,
#      another output folder so runs can go side by side, another training config to simulate
#      the seeds with, another trackline binary)
set -euo pipefail
cd "$(dirname "$0")/.."
DEV=../shared/data/dev
OUT=${OUT:-out/seq2seq-tune}
FOLDS=${FOLDS:-out/seq2seq-cv/folds}
MODEL_ARGS=(); [ -n "${MODEL:-}" ] && MODEL_ARGS=(--model "$MODEL")
[ $# -gt 0 ] || set -- ""
CONFIG=${CONFIG:-Models/seq2seq-train.json}
if [ -z "${BIN:-}" ]; then swift build -c release --product trackline >/dev/null; BIN=.build/release/trackline; fi
export OPENBLAS_NUM_THREADS=1
mkdir -p "$OUT"
SEEDS=(777:12 4242:24 31337:24)
for set in "${SEEDS[@]}"; do
  seed=${set%%:*}
  [ -d "$OUT/sim-$seed" ] || $BIN simulate --config "$CONFIG" --seed "$seed" --sequences "${set#*:}" -o "$OUT/sim-$seed" >/dev/null
done
hota() { $BIN eval --gt "$1" --pred "$2" --format csv | awk -F, 'NR>1{printf " %.2f", $2}'; }
for opts in "$@"; do
  args=(); for o in $opts; do args+=(--tracker-option "$o"); done
  line="${opts:-(defaults)}:"
  for set in "${SEEDS[@]}"; do
    seed=${set%%:*}; pred=$OUT/pred-$seed
    rm -rf "$pred"
    $BIN track --detections "$OUT/sim-$seed" --tracker seq2seq ${MODEL_ARGS[@]+"${MODEL_ARGS[@]}"} ${args[@]+"${args[@]}"} --mot "$pred" --quiet ${EXTRA:-}
    line="$line sim$seed$($BIN eval --gt "$OUT/sim-$seed" --pred "$pred" --format csv | awk -F, '$1=="COMBINED"{printf " %.2f", $2}')"
  done
  if [ -d "$DEV" ] && [ -d "$FOLDS" ]; then
    pred=$OUT/pred-dev; rm -rf "$pred"; mkdir -p "$pred"; complete=1
    for d in "$DEV"/*/; do
      s=$(basename "$d")
      if [ ! -f "$FOLDS/without-$s.safetensors" ]; then complete=0; break; fi
      $BIN track --detections "$d" --tracker seq2seq --model "$FOLDS/without-$s.safetensors" ${args[@]+"${args[@]}"} --mot "$pred/$s.txt" --quiet ${EXTRA:-}
    done
    if [ $complete = 1 ]; then line="$line dev$(hota "$DEV" "$pred")"; else line="$line (dev: no fold weights; run Scripts/seq2seq-cv.sh)"; fi
  fi
  echo "$line"
done
