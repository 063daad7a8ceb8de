#!/usr/bin/env bash
# Byte-identity of seq2seq outputs between two builds: runs `trackline track --tracker seq2seq`
# with each binary on the same inputs and compares the CSV and MOT files with cmp. Inputs: every
# sequence under ../shared/data/{dev,dev-wide,speed} (public detections), simulated static-camera
# crowds of 10/40/160/320 people (300 frames at 30 fps, `trackline simulate`, two seeds; the
# scenes of Scripts/bench-crowd.sh), and the bundled clips with --detector motion. One line per
# run, then a summary; exit status 1 when anything differs.
#   Scripts/seq2seq-identical.sh REF_BINARY [NEW_BINARY]     (NEW defaults to .build/release/trackline)
# Env: PEOPLE ("10 40 160 320"), SEEDS ("777 4242"), EXTRA_OPTIONS (passed to both runs).
set -uo pipefail
cd "$(dirname "$0")/.."
REF=${1:?usage: Scripts/seq2seq-identical.sh REF_BINARY [NEW_BINARY]}
NEW=${2:-.build/release/trackline}
export OPENBLAS_NUM_THREADS=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
same=0; differ=0
run() {  # name, args...
    local name=$1; shift
    "$REF" "$@" --tracker seq2seq ${EXTRA_OPTIONS:-} -o "$TMP/ref.csv" --mot "$TMP/ref.txt" --quiet 2>"$TMP/ref.err" || { echo "$name: reference FAILED: $(head -c 200 "$TMP/ref.err")"; differ=$((differ+1)); return; }
    "$NEW" "$@" --tracker seq2seq ${EXTRA_OPTIONS:-} -o "$TMP/new.csv" --mot "$TMP/new.txt" --quiet 2>"$TMP/new.err" || { echo "$name: new FAILED: $(head -c 200 "$TMP/new.err")"; differ=$((differ+1)); return; }
    local rows; rows=$(wc -l < "$TMP/ref.txt")
    if cmp -s "$TMP/ref.csv" "$TMP/new.csv" && cmp -s "$TMP/ref.txt" "$TMP/new.txt"; then
        echo "$name: identical ($rows MOT rows, sha256 $(sha256sum < "$TMP/new.txt" | cut -c1-12))"; same=$((same+1))
    else
        echo "$name: DIFFERENT"; differ=$((differ+1))
    fi
}
DATA=../shared/data
for root in dev dev-wide speed; do
    [ -d "$DATA/$root" ] || continue
    for seq in "$DATA/$root"/*/; do
        [ -f "$seq/det/det.txt" ] || continue
        run "$root/$(basename "$seq")" track --detections "$seq"
    done
done
for seed in ${SEEDS:-777 4242}; do
    for n in ${PEOPLE:-10 40 160 320}; do
        dir=$TMP/sim-$seed-$n
        python3 - "$n" > "$TMP/cfg.json" <<'PY'
import json, sys
n = float(sys.argv[1])
c = json.load(open("Models/seq2seq-train.json"))
c.setdefault("simulator", {}).update({"frameRates": [30], "minFrames": 300, "maxFrames": 300,
                                      "minPeople": n, "maxPeople": n, "movingCameraFraction": 0})
print(json.dumps(c))
PY
        "$NEW" simulate --config "$TMP/cfg.json" --sequences 1 --seed "$seed" -o "$dir" >/dev/null
        run "simulate seed $seed, $n people" track --detections "$dir/SIM-000"
    done
done
for clip in Clips/*.mp4; do
    [ -f "$clip" ] || continue
    run "$clip --detector motion" track "$clip" --detector motion
done
echo "identical: $same, different or failed: $differ"
[ "$differ" -eq 0 ]
