#!/usr/bin/env bash
# Tunes/checks seq2seq tracker settings on simulated sequences instead of the dev data:
# `trackline simulate` writes sequences the model never saw (seeds other than the training
# config's), then bytetrack and seq2seq with each miss_cost are scored by `trackline eval`.
#   Scripts/seq2seq-sim.sh [SEED:COUNT ...]        (default: 777:12 4242:24)
# Extra weights to compare: MODEL=file.safetensors Scripts/seq2seq-sim.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product trackline >/dev/null
BIN=.build/release/trackline
export OPENBLAS_NUM_THREADS=1
OUT=out/seq2seq-sim
SETS=("$@"); [ ${#SETS[@]} -eq 0 ] && SETS=(777:12 4242:24)
MODEL_ARGS=(); [ -n "${MODEL:-}" ] && MODEL_ARGS=(--model "$MODEL")
rm -rf "$OUT"; mkdir -p "$OUT"
score() {
  $BIN eval --gt "$1" --pred "$2" --format csv | awk -F, -v name="$3" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i}
    $1=="COMBINED"{printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", name, $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}'
}
for set in "${SETS[@]}"; do
  seed=${set%%:*}; count=${set#*:}
  sim=$OUT/sim-$seed
  $BIN simulate --config Models/seq2seq-train.json --seed "$seed" --sequences "$count" -o "$sim" >/dev/null
  echo "Simulated seed $seed, $count sequences (combined):"
  echo "| tracker | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
  echo "|---|--:|--:|--:|--:|--:|--:|"
  $BIN track --detections "$sim" --tracker bytetrack --mot "$OUT/bt-$seed" --quiet
  score "$sim" "$OUT/bt-$seed" bytetrack
  for mc in 0 1 2 3 5; do
    $BIN track --detections "$sim" --tracker seq2seq "${MODEL_ARGS[@]}" --tracker-option miss_cost=$mc --mot "$OUT/s2s-$seed-$mc" --quiet
    score "$sim" "$OUT/s2s-$seed-$mc" "seq2seq miss_cost=$mc"
  done
  echo
done
