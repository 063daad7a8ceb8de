#!/usr/bin/env bash
# Tracking throughput beside the Python peers, measured in the same run.
#  1. Tracking only (detections parsed beforehand, no file output): our trackers on every det file
#     under ../shared/data (dev/ and speed/), best of 3, against the peers' own timing of their
#     tracking step (../shared/tools/peers/run_peers.py --repeat 3, timing.json).
#  2. End to end on vtest.avi (frames 1-$E2E_FRAMES) per detector: frames/s and the share of
#     wall time spent in decode (its own thread), detection, tracking.
# Skips politely what is missing (data, peers venv, detector weights).
#   Scripts/bench-track.sh [OUT_DIR]       env: PEERS_VENV (default /tmp/peers-venv), E2E_FRAMES (397)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
PEERS=../shared/tools/peers
OUT=${1:-out/bench-track}
PEERS_VENV=${PEERS_VENV:-/tmp/peers-venv}
E2E_FRAMES=${E2E_FRAMES:-397}
if [ ! -d "$DATA" ]; then echo "bench-track: $DATA not found; nothing to do"; exit 0; fi
swift build -c release --product trackline >/dev/null
swift build -c release --product trackline-dev >/dev/null
BIN=.build/release/trackline
DEV=.build/release/trackline-dev
rm -rf "$OUT"; mkdir -p "$OUT"
ROOTS=()
for r in dev speed; do [ -d "$DATA/$r" ] && ROOTS+=("$r"); done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; numbers move with load)"

# --- peers
declare -A PEER_FR PEER_S
if [ -d "$PEERS" ]; then
  if [ ! -x "$PEERS_VENV/bin/python" ]; then "$PEERS/setup.sh" "$PEERS_VENV" >"$OUT/peers-setup.log" 2>&1 || true; fi
  if [ -x "$PEERS_VENV/bin/python" ]; then
    for r in "${ROOTS[@]}"; do
      "$PEERS_VENV/bin/python" "$PEERS/run_peers.py" "$DATA/$r" --out "$OUT/peers-$r" --repeat 3 >"$OUT/peers-$r.log" 2>&1 || echo "(peers on $r failed: see $OUT/peers-$r.log)"
    done
    while IFS=$'\t' read -r name frames secs; do
      PEER_FR[$name]=$(( ${PEER_FR[$name]:-0} + frames ))
      PEER_S[$name]=$(python3 -c "print(${PEER_S[$name]:-0} + $secs)")
    done < <(python3 - "$OUT" "${ROOTS[@]}" <<'PY'
import json, os, sys
out = sys.argv[1]
for r in sys.argv[2:]:
    d = os.path.join(out, f"peers-{r}")
    if not os.path.isdir(d): continue
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name, "timing.json")
        if os.path.isfile(p):
            t = json.load(open(p))["total"]
            print(f"{name}\t{t['frames']}\t{t['seconds']}")
PY
)
  fi
fi

# --- ours, tracking only
declare -A OUR_FR OUR_S OUR_C
for t in bytetrack sort seq2seq; do
  for r in "${ROOTS[@]}"; do
    while IFS=$'\t' read -r tag seq frames secs cpu; do
      [ "$tag" = bench ] || continue
      OUR_FR[$t]=$(( ${OUR_FR[$t]:-0} + frames ))
      OUR_S[$t]=$(python3 -c "print(${OUR_S[$t]:-0} + $secs)")
      OUR_C[$t]=$(python3 -c "print(${OUR_C[$t]:-0} + ${cpu:-0})")
    done < <($DEV bench-track "$DATA/$r" --tracker $t --repeat 3)
    $BIN track --detections "$DATA/$r" --tracker $t --mot "$OUT/ours-$t-$r" --quiet
  done
done

fastest=0; fastest_name=-
for n in "${!PEER_FR[@]}"; do
  f=$(python3 -c "print(${PEER_FR[$n]} / ${PEER_S[$n]})")
  if python3 -c "import sys; sys.exit(0 if $f > $fastest else 1)"; then fastest=$f; fastest_name=$n; fi
done
echo
echo "Tracking only, all det files under $DATA (${ROOTS[*]}), frames/s (best of 3; ours also per second of the tracking thread's CPU time):"
echo "| tracker | frames | frames/s | frames/CPU-s | x fastest peer ($fastest_name) |"
echo "|---|--:|--:|--:|--:|"
for t in bytetrack sort seq2seq; do
  python3 -c "fr=${OUR_FR[$t]}; s=${OUR_S[$t]}; c=${OUR_C[$t]}; f=fr/s; p=$fastest; print(f'| Trackline {\"$t\"} | {fr} | {f:,.0f} | ' + (f'{fr/c:,.0f}' if c>0 else '-') + ' | ' + (f'{f/p:,.1f}x' if p>0 else '-') + ' |')"
done
for n in $(printf '%s\n' "${!PEER_FR[@]}" | sort); do
  python3 -c "fr=${PEER_FR[$n]}; s=${PEER_S[$n]}; print(f'| peer {\"$n\"} | {fr} | {fr/s:,.0f} | | |')"
done

# --- end to end
VIDEO=$DATA/video/vtest.avi
[ -f "$VIDEO" ] || VIDEO=Samples/vtest.avi
if [ -f "$VIDEO" ]; then
  echo
  echo "End to end on $(basename "$VIDEO") frames 1-$E2E_FRAMES (decode runs on its own thread, so shares can add past 100%):"
  for det in ssdlite motion; do
    if $BIN track "$VIDEO" --detector $det --end-frame "$E2E_FRAMES" --mot "$OUT/e2e-$det.txt" 2>"$OUT/e2e-$det.err" >/dev/null; then
      echo "  $det: $(tail -1 "$OUT/e2e-$det.err")"
    else
      echo "  $det: skipped ($(head -c 160 "$OUT/e2e-$det.err" | tr '\n' ' '))"
    fi
  done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
