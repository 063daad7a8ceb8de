#!/usr/bin/env bash
# Leave-one-sequence-out over dev + dev-wide (../shared/data/dev and ../shared/data/dev-wide):
# for each of the five sequences, trains a seq2seq model with Models/seq2seq-train.json on the
# simulator plus the four others (`trackline train --data`), tracks the one left out from its
# public detections with several set-ups, and scores each set-up per sequence and pooled over
# the static-camera sequences (PETS09-S2L1-half1, TUD-Campus, Venice-2) and the moving-camera
# ones (ADL-Rundle-8: handheld; ETH-Sunnyday: on a stroller), beside bytetrack in the same run.
#   Scripts/loso.sh                 (~10-15 min of one core per fold to train, then ~1 min)
#   SEED=2 Scripts/loso.sh          (fold models trained with another seed)
#   CONFIG=my-train.json Scripts/loso.sh
#   ONLY="ADL-Rundle-8 ETH-Sunnyday" Scripts/loso.sh   (leave out, train for and score only these;
#                                                     each model still trains on the four others)
# Fold weights are kept in out/loso/folds-<config>-seed<N>/ and reused when present; FOLDS=DIR
# scores the weights DIR/without-<SEQ>.safetensors instead (links to weights trained elsewhere,
# e.g. the committed ones for the sequences they never saw).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
ROOTS=("$DATA/dev" "$DATA/dev-wide")
MOVING=" ADL-Rundle-8 ETH-Sunnyday "
for r in "${ROOTS[@]}"; do [ -d "$r" ] || { echo "loso: $r not found; nothing to do"; exit 0; }; done
CONFIG=${CONFIG:-Models/seq2seq-train.json}
SEED=${SEED:-$(sed -n 's/^ *"seed" *: *\([0-9]*\).*/\1/p' "$CONFIG" | head -1)}
OUT=out/loso
FOLDS=${FOLDS:-"$OUT/folds-$(basename "$CONFIG" .json)-seed$SEED"}
swift build -c release --product trackline >/dev/null
BIN=.build/release/trackline
export OPENBLAS_NUM_THREADS=1
# One root holding every sequence (links), for `trackline eval`.
rm -rf "$OUT/gt"; mkdir -p "$OUT/gt" "$FOLDS"
declare -A where
seqs=()
for r in "${ROOTS[@]}"; do
  for d in "$r"/*/; do
    s=$(basename "$d"); [ -f "$d/gt/gt.txt" ] || continue
    seqs+=("$s"); where[$s]=$(cd "$d" && pwd)
  done
done
held_out=()
for s in "${seqs[@]}"; do
  if [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $s "* ]]; then held_out+=("$s"); ln -s "${where[$s]}" "$OUT/gt/$s"; fi
done
# Set-ups: name|flags for `trackline track` (seq2seq ones get the fold's --model; FPS becomes the
# sequence's frame rate, so `--interpolate FPS` fills gaps up to 1 s as seq2seq's filter does).
RUNS=(
  "bytetrack|--tracker bytetrack"
  "bytetrack-filtered|--tracker bytetrack --interpolate FPS --smooth 3"
  "seq2seq|--tracker seq2seq"
  "seq2seq-raw|--tracker seq2seq --interpolate 0 --smooth 0"
)
if [ -n "${EXTRA_RUNS:-}" ]; then IFS=';' read -r -a more <<< "$EXTRA_RUNS"; RUNS+=("${more[@]}"); fi
for held in "${held_out[@]}"; do
  weights="$FOLDS/without-$held.safetensors"
  if [ ! -f "$weights" ]; then
    data=(); for s in "${seqs[@]}"; do [ "$s" != "$held" ] && data+=(--data "${where[$s]}"); done
    echo "loso: training seed $SEED without $held ..."
    $BIN train --config "$CONFIG" --seed "$SEED" "${data[@]}" -o "$weights" 2>&1 | tr '\r' '\n' | grep -E "wall time" | tail -1
  fi
done
for run in "${RUNS[@]}"; do
  name=${run%%|*}; flags=${run#*|}
  rm -rf "${OUT:?}/$name"; mkdir -p "$OUT/$name"
  for held in "${held_out[@]}"; do
    model=(); [[ "$flags" == *seq2seq* ]] && model=(--model "$FOLDS/without-$held.safetensors")
    fps=$(sed -n 's/^frameRate=//p' "${where[$held]}/seqinfo.ini")
    # shellcheck disable=SC2086
    $BIN track --detections "${where[$held]}" ${flags//FPS/$fps} "${model[@]}" --mot "$OUT/$name/$held.txt" --quiet
  done
done
static=(); moving=()  # --seq flags of each group
for s in "${held_out[@]}"; do if [[ "$MOVING" == *" $s "* ]]; then moving+=(--seq "$s"); else static+=(--seq "$s"); fi; done
row() {  # name, label, eval flags...
  local name=$1 label=$2; shift 2
  $BIN eval --gt "$OUT/gt" --pred "$OUT/$name" "$@" --format csv | awk -F, -v n="$name" -v l="$label" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i}
    $1=="COMBINED" || (l=="" && NR>1){printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", n, (l==""?$1:l), $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}'
}
echo "weights: $FOLDS/without-<SEQ>.safetensors (config $CONFIG, seed $SEED), $(date -u +%F)"
echo "| set-up | sequences | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
for run in "${RUNS[@]}"; do
  name=${run%%|*}
  [ ${#static[@]} -gt 0 ] && row "$name" "static (pooled)" "${static[@]}"
  [ ${#moving[@]} -gt 0 ] && row "$name" "moving (pooled)" "${moving[@]}"
done
echo
echo "| set-up | sequence | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
for run in "${RUNS[@]}"; do row "${run%%|*}" ""; done
