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
  $BIN eval --gt "$DEV" --pred "$1" --format csv | awk -F, -v name="$2" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i}
    NR>1{printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", name, $1, $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}'
}

echo "| tracker | sequence | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
RUNS=("sort|--tracker sort" "bytetrack|--tracker bytetrack" "seq2seq|--tracker seq2seq")
for arg in "$@"; do
  case "$arg" in *=*) ;; *) echo "seq2seq-dev: give extra weights as NAME=FILE, not '$arg'"; exit 2;; esac
  RUNS+=("${arg%%=*}|--tracker seq2seq --model ${arg#*=}")
done
for run in "${RUNS[@]}"; do
  name=${run%%|*}; args=${run#*|}
  # shellcheck disable=SC2086
  $BIN track --detections "$DEV" $args --mot "$OUT/$name" --quiet
  combined "$OUT/$name" "$name"
done

echo
echo "Tracking only (detections parsed beforehand, best of --bench-repeat 3, one OpenBLAS thread), all det files under $DATA;"
echo "CPU = the tracking thread's CPU time, steadier than wall time on a shared machine (load average before: $(cut -d' ' -f1-3 /proc/loadavg)):"
for tracker in bytetrack seq2seq; do
  for root in "$DEV" "$DATA/speed"; do
    [ -d "$root" ] && $BIN track --detections "$root" --tracker $tracker --mot "$OUT/speed-$tracker" --quiet --bench-repeat 3
  done | awk -F'\t' -v t=$tracker '$1=="bench"{f+=$3; s+=$4; c+=$5}
    END{printf "%s: %d frames in %.3f s = %.0f frames/s (CPU %.3f s = %.0f frames per CPU second)\n", t, f, s, f/s, c, f/c}'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
