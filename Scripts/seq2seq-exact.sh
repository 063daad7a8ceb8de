#!/usr/bin/env bash
# Checks the seq2seq tracker's inference engine against the computation it replaced, on every det
# file under ../shared/data, for the committed weights and any extra weights files. The reference
# is this same build with TRACKLINE_SEQ2SEQ_REFERENCE=1 (the model runs through the autodiff
# graph, padding and all, as before the engine), or another build given with --ref BINARY.
#  1. MOT output of every sequence byte-identical (cmp) between engine and reference;
#  2. the largest difference between engine and graph (TRACKLINE_SEQ2SEQ_CHECK=1: every frame
#     scored both ways);
#  3. tracking-only speed of both, interleaved rounds (trackline-dev bench-track, one OpenBLAS thread):
#     median frames/s, and the ratio of the two processes' CPU time.
#   Scripts/seq2seq-exact.sh [--ref BINARY] [weights.safetensors ...]     env: ROUNDS (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
OUT=out/seq2seq-exact
ROUNDS=${ROUNDS:-5}
REF=
if [ "${1:-}" = --ref ]; then REF=${2:?--ref needs a binary}; shift 2; fi
if [ ! -d "$DATA" ]; then echo "seq2seq-exact: $DATA not found; nothing to do"; exit 0; fi
WEIGHTS=(Models/seq2seq.safetensors "$@")
swift build -c release --product trackline >/dev/null
swift build -c release --product trackline-dev >/dev/null
NEW=.build/release/trackline
DEV=.build/release/trackline-dev
export OPENBLAS_NUM_THREADS=1
# run SIDE ARGS...: the reference side or the engine side.
run() {
  local side=$1; shift
  if [ "$side" = new ]; then "$NEW" "$@"
  elif [ -n "$REF" ]; then "$REF" "$@"
  else TRACKLINE_SEQ2SEQ_REFERENCE=1 "$NEW" "$@"; fi
}
echo "reference: ${REF:-this build with TRACKLINE_SEQ2SEQ_REFERENCE=1}"
ROOTS=()
for r in dev speed; do [ -d "$DATA/$r" ] && ROOTS+=("$DATA/$r"); done
rm -rf "$OUT"; mkdir -p "$OUT"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

status=0
for w in "${WEIGHTS[@]}"; do
  name=$(basename "$w" .safetensors)
  same=0; differ=0
  for root in "${ROOTS[@]}"; do
    for side in ref new; do
      run $side track --detections "$root" --tracker seq2seq --model "$w" --mot "$OUT/$side-$name-$(basename "$root")" --quiet
    done
    for f in "$OUT/ref-$name-$(basename "$root")"/*.txt; do
      if cmp -s "$f" "$OUT/new-$name-$(basename "$root")/$(basename "$f")"; then same=$((same + 1))
      else differ=$((differ + 1)); status=1; echo "  differs: $name $(basename "$f")"; fi
    done
  done
  worst=$(for root in "${ROOTS[@]}"; do
      TRACKLINE_SEQ2SEQ_CHECK=1 "$NEW" track --detections "$root" --tracker seq2seq --model "$w" --mot "$OUT/check-$name" 2>&1 >/dev/null
    done | awk '/seq2seq check/{for(i=1;i<=NF;i++){if($i=="log-probability"){v=$(i+1)+0; sub(",","",v); if(v>lp)lp=v} if($i=="forecast"){v=$(i+1)+0; if(v>fc)fc=v}}}
      END{printf "log-probability %.3g, forecast %.3g track heights", lp, fc}')
  echo "$name: MOT output identical for $same sequences, different for $differ; largest engine-vs-graph difference: $worst"
done

echo
echo "Tracking-only speed, $ROUNDS interleaved rounds (all det files, one timed run each):"
# bench SIDE ROOT: tracking-only timing lines (an older --ref binary has `track --bench-repeat`).
bench() {
  if [ "$1" = new ]; then "$DEV" bench-track "$2" --tracker seq2seq --repeat 1
  elif [ -n "$REF" ]; then "$REF" track --detections "$2" --tracker seq2seq --mot "$OUT/speed" --quiet --bench-repeat 1
  else TRACKLINE_SEQ2SEQ_REFERENCE=1 "$DEV" bench-track "$2" --tracker seq2seq --repeat 1; fi
}
for i in $(seq "$ROUNDS"); do
  for side in ref new; do
    TIMEFORMAT='%U %S'
    { time (for root in "${ROOTS[@]}"; do bench $side "$root"; done > "$OUT/bench-$side-$i.txt") ; } 2> "$OUT/cpu-$side-$i.txt"
    awk -F'\t' -v s=$side -v c="$(awk '{print $1+$2}' "$OUT/cpu-$side-$i.txt")" '$1=="bench"{f+=$3; t+=$4} END{printf "%s %.1f %.3f\n", s, f/t, c}' "$OUT/bench-$side-$i.txt"
  done
done | python3 -c '
import sys, statistics
rows = [l.split() for l in sys.stdin if l.strip()]
fps = {s: [float(r[1]) for r in rows if r[0] == s] for s in ("ref", "new")}
cpu = {s: [float(r[2]) for r in rows if r[0] == s] for s in ("ref", "new")}
for s in ("ref", "new"):
    print(f"  {s}: frames/s per round {[round(v) for v in fps[s]]}, median {statistics.median(fps[s]):,.0f}; process CPU s median {statistics.median(cpu[s]):.2f}")
m = {s: (statistics.median(fps[s]), statistics.median(cpu[s])) for s in ("ref", "new")}
(rf, rc), (nf, nc) = m["ref"], m["new"]
print(f"  new / ref: {nf / rf:.2f}x frames/s (medians); ref takes {rc / nc:.2f}x the CPU time of new")
'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
