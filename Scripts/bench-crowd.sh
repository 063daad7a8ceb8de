#!/usr/bin/env bash
# Tracking throughput against crowd size: `trackline simulate` scenes of 10 / 40 / 160 / 320
# people (one sequence each, 300 frames at 30 fps, static camera, the detector noise of
# Models/seq2seq-train.json), tracked from the detection file only.
#  - frames/s of seq2seq and bytetrack: `trackline-dev bench-track` (detections parsed
#    beforehand, no output, linking on), the median of $RUNS runs, runs of the trackers
#    interleaved so load changes hit them alike; also milliseconds of the tracking thread's CPU
#    time per frame (moves less with load than wall time);
#  - peak memory: /usr/bin/time -f %M of a whole `trackline track --detections` run;
#  - the fastest Python peer (../shared/tools/peers, `run_peers.py --repeat 3`, its own timing of
#    the tracking step) on the same files, and seq2seq's ratio to it; skipped when the peers
#    are not there.
# With REF=DIR (a folder holding another build's `trackline` and `trackline-dev`, e.g. main's),
# that build's seq2seq is timed in the same runs (interleaved) and its speed-up shown.
# Prints a markdown table and the load average before and after.
#   Scripts/bench-crowd.sh [OUT_DIR]      env: PEOPLE ("10 40 160 320"), SEED (777), RUNS (3),
#                                          REF, PEERS_VENV (/tmp/peers-venv), NO_BUILD=1
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-out/bench-crowd}
PEOPLE=${PEOPLE:-10 40 160 320}
SEED=${SEED:-777}
RUNS=${RUNS:-3}
PEERS=../shared/tools/peers
PEERS_VENV=${PEERS_VENV:-/tmp/peers-venv}
export OPENBLAS_NUM_THREADS=1
if [ "${NO_BUILD:-0}" != 1 ]; then
  swift build -c release --product trackline >/dev/null
  swift build -c release --product trackline-dev >/dev/null
fi
BIN=.build/release/trackline
DEV=.build/release/trackline-dev
REF=${REF:-}
if [ -n "$REF" ] && { [ ! -x "$REF/trackline" ] || [ ! -x "$REF/trackline-dev" ]; }; then
  echo "bench-crowd: REF=$REF has no trackline and trackline-dev; timing this build only"; REF=
fi
rm -rf "$OUT"; mkdir -p "$OUT/scenes"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores; the machine is shared, numbers move with load)"

for n in $PEOPLE; do
  python3 - "$n" > "$OUT/config-$n.json" <<'PY'
import json, sys
n = float(sys.argv[1])
c = json.load(open("Models/seq2seq-train.json"))
c.setdefault("simulator", {}).update({"frameRates": [30], "minFrames": 300, "maxFrames": 300,
                                      "minPeople": n, "maxPeople": n, "movingCameraFraction": 0})
print(json.dumps(c))
PY
  $BIN simulate --config "$OUT/config-$n.json" --sequences 1 --seed "$SEED" -o "$OUT/sim-$n" >/dev/null
  mv "$OUT/sim-$n/SIM-000" "$OUT/scenes/people-$n"; rmdir "$OUT/sim-$n"
done

# --- peers, all scenes in one call (each sequence timed on its own)
declare -A PEER_BEST PEER_NAME
if [ -d "$PEERS" ]; then
  if [ ! -x "$PEERS_VENV/bin/python" ]; then "$PEERS/setup.sh" "$PEERS_VENV" >"$OUT/peers-setup.log" 2>&1 || true; fi
  if [ -x "$PEERS_VENV/bin/python" ]; then
    "$PEERS_VENV/bin/python" "$PEERS/run_peers.py" "$OUT/scenes" --out "$OUT/peers" --repeat 3 >"$OUT/peers.log" 2>&1 \
      || echo "(peers failed: see $OUT/peers.log)"
    while IFS=$'\t' read -r seq name fps; do
      PEER_BEST[$seq]=$fps; PEER_NAME[$seq]=$name
    done < <(python3 - "$OUT/peers" <<'PY'
import json, os, sys
out = sys.argv[1]
best = {}
for name in sorted(os.listdir(out)) if os.path.isdir(out) else []:
    p = os.path.join(out, name, "timing.json")
    if not os.path.isfile(p): continue
    t = json.load(open(p))
    for seq, v in t.get("seqs", {}).items():
        if not v.get("seconds"): continue
        fps = v["frames"] / v["seconds"]
        if fps > best.get(seq, (0, ""))[0]: best[seq] = (fps, name)
for seq, (fps, name) in best.items(): print(f"{seq}\t{name}\t{fps}")
PY
)
  else
    echo "(no peers venv at $PEERS_VENV: peer columns left empty)"
  fi
else
  echo "($PEERS not found: peer columns left empty)"
fi

# --- ours: interleaved runs, median
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
declare -A FPS CPU MEM DETS
for n in $PEOPLE; do
  scene=$OUT/scenes/people-$n
  DETS[$n]=$(wc -l < "$scene/det/det.txt")
  variants=(bytetrack seq2seq); [ -n "$REF" ] && variants+=(seq2seq-ref)
  declare -A walls=() cpus=()
  for r in $(seq "$RUNS"); do
    for v in "${variants[@]}"; do
      dev=$DEV; t=$v
      if [ "$v" = seq2seq-ref ]; then dev=$REF/trackline-dev; t=seq2seq; fi
      read -r _ _ frames secs cpu < <($dev bench-track "$scene" --tracker $t --repeat 1 | grep '^bench')
      walls[$v]="${walls[$v]:-} $(python3 -c "print($frames / $secs)")"
      cpus[$v]="${cpus[$v]:-} $(python3 -c "print(1000 * $cpu / $frames)")"
    done
  done
  for v in "${variants[@]}"; do
    FPS[$n,$v]=$(median ${walls[$v]}); CPU[$n,$v]=$(median ${cpus[$v]})
    bin=$BIN; t=$v
    if [ "$v" = seq2seq-ref ]; then bin=$REF/trackline; t=seq2seq; fi
    MEM[$n,$v]=$( { /usr/bin/time -f %M "$bin" track --detections "$scene" --tracker $t --mot "$OUT/$v-$n.txt" --quiet; } 2>&1 | tail -1)
  done
  unset walls cpus
done

echo
echo "Tracking only, one simulated 300-frame 30 fps static-camera sequence per crowd size (seed $SEED),"
echo "frames/s = median of $RUNS runs of \`trackline-dev bench-track\`, ms/frame = CPU time of the tracking thread,"
echo "peak memory of a whole \`trackline track --detections\` run:"
echo
hdr="| people | detections | bytetrack frames/s | bytetrack peak MB | seq2seq frames/s | seq2seq ms/frame (CPU) | seq2seq peak MB |"
sep="|--:|--:|--:|--:|--:|--:|--:|"
if [ -n "$REF" ]; then hdr="$hdr REF seq2seq frames/s | REF ms/frame (CPU) | speed-up (CPU) |"; sep="$sep--:|--:|--:|"; fi
hdr="$hdr fastest peer frames/s | seq2seq / peer |"; sep="$sep--:|--:|"
echo "$hdr"; echo "$sep"
for n in $PEOPLE; do
  line=$(python3 -c "
n='$n'; d=int('${DETS[$n]}'); bf=float('${FPS[$n,bytetrack]}'); bm=int('${MEM[$n,bytetrack]}')/1024
sf=float('${FPS[$n,seq2seq]}'); sc=float('${CPU[$n,seq2seq]}'); sm=int('${MEM[$n,seq2seq]}')/1024
print(f'| {n} | {d:,} | {bf:,.0f} | {bm:,.0f} | {sf:,.1f} | {sc:,.2f} | {sm:,.0f} |', end='')")
  if [ -n "$REF" ]; then
    line="$line$(python3 -c "
rf=float('${FPS[$n,seq2seq-ref]}'); rc=float('${CPU[$n,seq2seq-ref]}'); sc=float('${CPU[$n,seq2seq]}')
print(f' {rf:,.1f} | {rc:,.2f} | {rc/sc:.2f}x |', end='')")"
  fi
  peer=${PEER_BEST[people-$n]:-}
  if [ -n "$peer" ]; then
    line="$line$(python3 -c "
p=float('$peer'); sf=float('${FPS[$n,seq2seq]}')
print(f' {p:,.0f} ({\"${PEER_NAME[people-$n]}\"}) | {sf/p:.2f}x |', end='')")"
  else
    line="$line - | - |"
  fi
  echo "$line"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
