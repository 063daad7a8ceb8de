#!/usr/bin/env bash
# The seq2seq tracklet-linking stage on the dev sequences of ../shared/data: per sequence and
# combined, beside bytetrack with the same generic post-processing (--interpolate 30), every
# number from `trackline eval`; then the link threshold grid on dev (per sequence, for
# leave-one-sequence-out choice) and on held-out simulated sequences (`trackline simulate`,
# seed 777, not the training seed), and tracking-only speed with linking off/on.
#   Scripts/seq2seq-link.sh [--no-sim] [--no-speed]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
DEV=$DATA/dev
OUT=out/seq2seq-link
if [ ! -d "$DEV" ]; then echo "seq2seq-link: $DEV not found; nothing to do"; exit 0; fi
SIM=1; SPEED=1
for a in "$@"; do case "$a" in --no-sim) SIM=0;; --no-speed) SPEED=0;; *) echo "usage: $0 [--no-sim] [--no-speed]"; exit 2;; esac; done
swift build -c release --product trackline >/dev/null
BIN=.build/release/trackline
export OPENBLAS_NUM_THREADS=1
rm -rf "$OUT"; mkdir -p "$OUT"

# name | gt root | track arguments; prints one row per sequence and COMBINED
row() {
  local name=$1 gt=$2; shift 2
  local dir="$OUT/$(echo "$name" | tr -c 'A-Za-z0-9_.-' '_')"
  $BIN track --detections "$gt" "$@" --mot "$dir" --quiet
  $BIN eval --gt "$gt" --pred "$dir" --format csv | awk -F, -v name="$name" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i}
    NR>1{printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", name, $1, $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}'
}

echo "| tracker | sequence | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
row "bytetrack" "$DEV" --tracker bytetrack
row "bytetrack --interpolate 30" "$DEV" --tracker bytetrack --interpolate 30
row "seq2seq, linking off (link_min_prob=0)" "$DEV" --tracker seq2seq --tracker-option link_min_prob=0
row "seq2seq (linking on, default)" "$DEV" --tracker seq2seq
row "seq2seq, linking off, --interpolate 30" "$DEV" --tracker seq2seq --tracker-option link_min_prob=0 --interpolate 30
row "seq2seq --interpolate 30" "$DEV" --tracker seq2seq --interpolate 30

echo
echo "Threshold grid (link_min_prob) on dev, HOTA / IDF1 per sequence:"
for p in 0 0.001 0.01 0.05 0.1 0.2; do
  row "link_min_prob=$p" "$DEV" --tracker seq2seq --tracker-option link_min_prob=$p
done | awk -F'|' '{gsub(/ /,"",$3); printf "%s %s %s/%s\n", $2, $3, $4, $8}'

if [ "$SIM" = 1 ]; then
  echo
  echo "Held-out simulated sequences (trackline simulate --sequences 24 --seed 777), COMBINED:"
  $BIN simulate --config Models/seq2seq-train.json --sequences 24 --seed 777 -o "$OUT/sim" >/dev/null
  for p in 0 0.003 0.01 0.03 0.1; do
    row "link_min_prob=$p" "$OUT/sim" --tracker seq2seq --tracker-option link_min_prob=$p | grep COMBINED
  done
fi

if [ "$SPEED" = 1 ]; then
  echo
  echo "Tracking only (--bench-repeat 1, one OpenBLAS thread), all det files under $DATA, interleaved:"
  for round in 1 2 3; do
    for p in 0 0.01; do
      for root in "$DEV" "$DATA/speed"; do
        [ -d "$root" ] && $BIN track --detections "$root" --tracker seq2seq --tracker-option link_min_prob=$p --mot "$OUT/speed" --quiet --bench-repeat 1
      done | awk -F'\t' -v p=$p -v r=$round '$1=="bench"{f+=$3; s+=$4} END{printf "round %d link_min_prob=%s: %d frames in %.3f s = %.0f frames/s\n", r, p, f, s, f/s}'
    done
  done
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
