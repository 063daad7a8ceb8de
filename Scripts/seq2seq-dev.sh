#!/usr/bin/env bash
# Scores the seq2seq tracker on the dev sequences of ../shared/data beside bytetrack and sort
# (same detections, same run, `trackline eval`), for the committed weights and for any extra
# weights given as NAME=FILE arguments (ablations). Also measures tracking-only frames/s of
# seq2seq and bytetrack on every detection file in ../shared/data on one thread.
#   Scripts/seq2seq-dev.sh [NAME=weights.safetensors ...]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
DEV=$DATA/dev
OUT=out/seq2seq-dev
if [ ! -d "$DEV" ]; then echo "seq2seq-dev: $DEV not found; nothing to do"; exit 0; fi
swift build -c release --product trackline >/dev/null
BIN=.build/release/trackline
export OPENBLAS_NUM_THREADS=1
rm -rf "$OUT"; mkdir -p "$OUT"

combined() {
  $BIN eval --gt "$DEV" --pred "$1" --format csv | awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i}
    $1!="Sequence"{printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", $1, $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}'
}

echo "| tracker | sequence | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
RUNS=("sort|--tracker sort" "bytetrack|--tracker bytetrack" "seq2seq|--tracker seq2seq")
for arg in "$@"; do RUNS+=("${arg%%=*}|--tracker seq2seq --model ${arg#*=}"); done
for run in "${RUNS[@]}"; do
  name=${run%%|*}; args=${run#*|}
  # shellcheck disable=SC2086
  $BIN track --detections "$DEV" $args --mot "$OUT/$name" --quiet
  combined "$OUT/$name" | sed "s/^| /| $name | /"
done

echo
echo "Tracking-only speed (one thread, release), all detection files in $DATA:"
for tracker in bytetrack seq2seq; do
  frames=0; start=$(date +%s.%N)
  for root in "$DEV" "$DATA/speed"; do
    $BIN track --detections "$root" --tracker $tracker --mot "$OUT/speed-$tracker" --quiet
  done
  end=$(date +%s.%N)
  python3 - "$tracker" "$start" "$end" <<'PY'
import sys, glob
tracker, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
frames = 0
for f in glob.glob("../shared/data/dev/*/det/det.txt") + glob.glob("../shared/data/speed/*/det/det.txt"):
    frames += max(int(l.split(",")[0]) for l in open(f) if l.strip())
print(f"{tracker}: {frames} frames in {end - start:.2f} s wall (process start, file reading and writing included) = {frames / (end - start):.0f} frames/s")
PY
done
