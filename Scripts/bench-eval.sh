#!/usr/bin/env bash
# Times `trackline eval` (release build) on the golden set against TrackEval 1.3.0 (PyPI) on the
# same files in the same run, and prints the ratio. TrackEval lives in a throwaway venv
# (default ~/.cache/trackline-bench/venv-trackeval; TRACKEVAL_VENV to change), created on first
# use with `pip install trackeval==1.3.0` (1.3.0 runs on NumPy 2; no shims needed).
# Both evaluate every tracker in ../shared/data/golden/trackeval-mot15-dev/ on ../shared/data/dev/
# (MOT15, no preprocessing). TrackEval is one Python process for all trackers; trackline is one
# process per tracker; times are wall clock including start-up, best of REPEATS (default 3), and
# CPU time (user + sys, /usr/bin/time) per run, which other load on the machine disturbs less.
# Then one large seeded synthetic MOT17-style sequence (2,000 frames, 60 people, 120,000 gt and
# ~113,000 result rows, 5,600 track ids) scored by both, timed once, every field compared; and two
# memory stress cases for trackline alone (10,000 x 10,000 boxes in one frame; 3,000 one-box frames).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
GOLD=$DATA/golden/trackeval-mot15-dev
REPEATS=${REPEATS:-3}
if [ ! -d "$GOLD" ]; then echo "bench-eval: $GOLD not found, skipping"; exit 0; fi
VENV=${TRACKEVAL_VENV:-$HOME/.cache/trackline-bench/venv-trackeval}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import trackeval" 2>/dev/null; then
    echo "bench-eval: creating $VENV with trackeval==1.3.0 ..." >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "trackeval==1.3.0" >&2
fi
swift build -c release --product trackline >&2
BIN="$(swift build -c release --show-bin-path)/trackline"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cat >"$TMP/run_trackeval.py" <<'PY'
import os, sys, time, contextlib, io
t0 = time.perf_counter()
import trackeval
gt, trackers, out = sys.argv[1:4]
seqs = sorted(d for d in os.listdir(gt) if os.path.isfile(os.path.join(gt, d, "gt", "gt.txt")))
eval_config = trackeval.Evaluator.get_default_eval_config()
eval_config.update({"USE_PARALLEL": False, "PRINT_RESULTS": False, "PRINT_CONFIG": False,
                    "TIME_PROGRESS": False, "OUTPUT_DETAILED": False, "PLOT_CURVES": False})
dataset_config = trackeval.datasets.MotChallenge2DBox.get_default_dataset_config()
dataset_config.update({"GT_FOLDER": gt, "TRACKERS_FOLDER": trackers, "OUTPUT_FOLDER": out,
                       "BENCHMARK": "MOT15", "SKIP_SPLIT_FOL": True, "DO_PREPROC": False,
                       "SEQ_INFO": {s: None for s in seqs}, "PRINT_CONFIG": False})
with contextlib.redirect_stdout(io.StringIO()):
    t1 = time.perf_counter()
    evaluator = trackeval.Evaluator(eval_config)
    dataset = [trackeval.datasets.MotChallenge2DBox(dataset_config)]
    metrics = [trackeval.metrics.HOTA(), trackeval.metrics.CLEAR(), trackeval.metrics.Identity()]
    res, _ = evaluator.evaluate(dataset, metrics)
    t2 = time.perf_counter()
hota = res["MotChallenge2DBox"]["sort"]["COMBINED_SEQ"]["pedestrian"]["HOTA"]["HOTA"].mean() if "sort" in res["MotChallenge2DBox"] else float("nan")
print(f"{t1 - t0:.4f} {t2 - t1:.4f} {100 * hota:.3f}")
PY

now() { date +%s.%N; }
best_te=""; best_te_eval=""; best_tl=""; best_start=""
for r in $(seq "$REPEATS"); do
    s=$(now)
    /usr/bin/time -f "%U %S" -o "$TMP/te.cpu" "$VENV/bin/python" "$TMP/run_trackeval.py" "$DATA/dev" "$GOLD" "$TMP/out" >"$TMP/te.out"
    read -r te_import te_eval te_hota <"$TMP/te.out"
    te_cpu=$(awk '{print $1 + $2}' "$TMP/te.cpu")
    e=$(now)
    te=$(echo "$e - $s" | bc -l)
    s=$(now)
    for dir in "$GOLD"/*/; do
        /usr/bin/time -a -f "%U %S" -o "$TMP/tl.cpu.$r" "$BIN" eval --gt "$DATA/dev" --pred "$dir/data" --format csv >"$TMP/$(basename "$dir").csv" 2>/dev/null
    done
    tl_cpu=$(awk '{s += $1 + $2} END {print s}' "$TMP/tl.cpu.$r")
    e=$(now)
    tl=$(echo "$e - $s" | bc -l)
    # Start-up alone (dynamic loading of the CLI's libraries), as many processes as above.
    s=$(now)
    for dir in "$GOLD"/*/; do "$BIN" --version >/dev/null; done
    e=$(now)
    st=$(echo "$e - $s" | bc -l)
    printf 'run %d: TrackEval %.3f s wall, %.2f s CPU (import %.3f s, evaluate %.3f s); trackline %.3f s wall, %.2f s CPU (start-up alone %.3f s wall)\n' \
        "$r" "$te" "$te_cpu" "$te_import" "$te_eval" "$tl" "$tl_cpu" "$st"
    if [ -z "$best_start" ] || (( $(echo "$st < $best_start" | bc -l) )); then best_start=$st; fi
    if [ -z "$best_te" ] || (( $(echo "$te < $best_te" | bc -l) )); then best_te=$te; fi
    if [ -z "$best_te_eval" ] || (( $(echo "$te_eval < $best_te_eval" | bc -l) )); then best_te_eval=$te_eval; fi
    if [ -z "$best_tl" ] || (( $(echo "$tl < $best_tl" | bc -l) )); then best_tl=$tl; fi
done
n=$(ls -d "$GOLD"/*/ | wc -l)
tl_hota=$(awk -F, '$1=="COMBINED"{print $2}' "$TMP/sort.csv" 2>/dev/null || true)
echo "sort combined HOTA: TrackEval $te_hota, trackline ${tl_hota:-n/a}"
printf 'golden set (%d trackers x 2 sequences), best of %d: TrackEval %.3f s wall (%.3f s in evaluate), trackline %.3f s wall (%.3f s of it process start-up)\n' \
    "$n" "$REPEATS" "$best_te" "$best_te_eval" "$best_tl" "$best_start"
printf 'speed-up: %.1fx wall clock, %.1fx against TrackEval evaluate() alone; CPU time (last run) TrackEval %.2f s, trackline %.2f s: %.1fx\n' \
    "$(echo "$best_te / $best_tl" | bc -l)" "$(echo "$best_te_eval / $best_tl" | bc -l)" "$te_cpu" "$tl_cpu" "$(echo "$te_cpu / $tl_cpu" | bc -l)"

# Large synthetic sequence (MOT17 flavour, preprocessing on).
BIG=$TMP/big
mkdir -p "$BIG/gt/BIG/gt" "$BIG/trk/big/data"
python3 - "$BIG" <<'PY'
import random, sys
root = sys.argv[1]
rng = random.Random(5)
F, N = 2000, 60
gt, tr, tid = [], [], 1
for o in range(1, N + 1):
    x, y = rng.randint(0, 1800), rng.randint(0, 1000); w, h = rng.randint(20, 60), rng.randint(50, 150)
    t = tid; tid += 1
    for f in range(1, F + 1):
        x += rng.randint(-3, 3); y += rng.randint(-2, 2)
        gt.append((f, f"{f},{o},{x},{y},{w},{h},1,1,1"))
        if rng.random() < 0.1: continue
        if rng.random() < 0.005: t = tid; tid += 1
        tr.append((f, f"{f},{t},{x + rng.uniform(-4, 4):.2f},{y + rng.uniform(-4, 4):.2f},{w},{h},0.9,-1,-1,-1"))
for f in range(1, F + 1):
    for _ in range(rng.randint(0, 5)):
        tr.append((f, f"{f},{tid},{rng.randint(0, 1800)},{rng.randint(0, 1000)},40,100,0.3,-1,-1,-1")); tid += 1
gt.sort(key=lambda t: t[0]); tr.sort(key=lambda t: t[0])
open(f"{root}/gt/BIG/gt/gt.txt", "w").write("".join(l + "\n" for _, l in gt))
open(f"{root}/trk/big/data/BIG.txt", "w").write("".join(l + "\n" for _, l in tr))
open(f"{root}/gt/BIG/seqinfo.ini", "w").write(f"[Sequence]\nname=BIG\nframeRate=30\nseqLength={F}\nimWidth=1920\nimHeight=1080\n")
PY
cat >"$TMP/big_trackeval.py" <<'PY'
import sys, contextlib, io
import trackeval
root = sys.argv[1]
ec = trackeval.Evaluator.get_default_eval_config()
ec.update({"USE_PARALLEL": False, "PRINT_RESULTS": False, "PRINT_CONFIG": False, "TIME_PROGRESS": False, "PLOT_CURVES": False})
dc = trackeval.datasets.MotChallenge2DBox.get_default_dataset_config()
dc.update({"GT_FOLDER": f"{root}/gt", "TRACKERS_FOLDER": f"{root}/trk", "OUTPUT_FOLDER": f"{root}/out", "SKIP_SPLIT_FOL": True,
           "BENCHMARK": "MOT17", "DO_PREPROC": True, "SEQ_INFO": {"BIG": None}, "PRINT_CONFIG": False})
with contextlib.redirect_stdout(io.StringIO()):
    trackeval.Evaluator(ec).evaluate([trackeval.datasets.MotChallenge2DBox(dc)],
                                     [trackeval.metrics.HOTA(), trackeval.metrics.CLEAR(), trackeval.metrics.Identity()])
PY
/usr/bin/time -f "%e %U %S %M" -o "$TMP/big.te" "$VENV/bin/python" "$TMP/big_trackeval.py" "$BIG"
/usr/bin/time -f "%e %U %S %M" -o "$TMP/big.tl" "$BIN" eval --gt "$BIG/gt" --pred "$BIG/trk/big/data" --format json >"$BIG/mine.json"
python3 - "$BIG" "$TMP/big.te" "$TMP/big.tl" <<'PY'
import csv, json, sys
root, te, tl = sys.argv[1:4]
rows = json.load(open(f"{root}/mine.json"))
rows = {**rows["sequences"], "COMBINED": rows["combined"]}
unscaled = {"MOTP_sum", "FP_per_frame", "HOTA_TP___AUC", "HOTA_FN___AUC", "HOTA_FP___AUC"}
n = bad = 0
for rec in csv.DictReader(open(f"{root}/out/big/pedestrian_detailed.csv")):
    seq = rec.pop("seq")
    for k, v in rec.items():
        mine = rows[seq][k]; n += 1
        g = float(v) if (isinstance(mine, int) or k in unscaled) else 100 * float(v)
        if abs(mine - g) > (0 if isinstance(mine, int) else 1e-9 * max(1, abs(g))): bad += 1
te_wall, te_u, te_s, te_kb = map(float, open(te).read().split()[-4:])
tl_wall, tl_u, tl_s, tl_kb = map(float, open(tl).read().split()[-4:])
print(f"large sequence: {n - bad} of {n} fields equal; TrackEval {te_wall:.2f} s wall, {te_u + te_s:.2f} s CPU, {te_kb / 1024:.0f} MB; "
      f"trackline {tl_wall:.2f} s wall, {tl_u + tl_s:.2f} s CPU, {tl_kb / 1024:.0f} MB; "
      f"ratio {te_wall / tl_wall:.1f}x wall, {(te_u + te_s) / (tl_u + tl_s):.1f}x CPU")
sys.exit(1 if bad else 0)
PY

# Memory stress (issue #14): one frame with 10,000 gt and 10,000 predicted boxes (a 100 x 100 grid,
# predictions shifted by one pixel under shuffled ids), and 3,000 frames of one box each, every
# box its own id. Dense tables needed 17 GB / 95 s and 1.4 GB / 7 s here; memory now follows the
# overlapping pairs. trackline only (TrackEval would need the dense tables).
STRESS=$TMP/stress
python3 - "$STRESS" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(7)
def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write("".join(l + "\n" for l in lines))
side = 100
ids = list(range(1, side * side + 1)); rng.shuffle(ids)
gt = [f"1,{k + 1},{20 * (k % side)},{20 * (k // side)},15,15,1,-1,-1,-1" for k in range(side * side)]
pr = [f"1,{ids[k]},{20 * (k % side) + 1},{20 * (k // side) + 1},15,15,1,-1,-1,-1" for k in range(side * side)]
rng.shuffle(pr)
write(f"{root}/frame/gt.txt", gt); write(f"{root}/frame/pred.txt", pr)
F = 3000
write(f"{root}/frames/gt.txt", [f"{f},{f},{(f % 50) * 20},{(f // 50) * 20},15,15,1,-1,-1,-1" for f in range(1, F + 1)])
write(f"{root}/frames/pred.txt", [f"{f},{F + 1 - f},{(f % 50) * 20 + 1},{(f // 50) * 20 + 1},15,15,1,-1,-1,-1" for f in range(1, F + 1)])
PY
for case in frame frames; do
    /usr/bin/time -f "%e %M" -o "$STRESS/$case.time" "$BIN" eval --gt "$STRESS/$case/gt.txt" --pred "$STRESS/$case/pred.txt" --format json >"$STRESS/$case.json"
done
python3 - "$STRESS" <<'PY'
import json, sys
root = sys.argv[1]
bad = 0
for case, label in [("frame", "10,000 x 10,000 boxes in one frame"), ("frames", "3,000 frames of one box, 3,000 ids each side")]:
    c = json.load(open(f"{root}/{case}.json"))["combined"]
    wall, kb = map(float, open(f"{root}/{case}.time").read().split()[-2:])
    # Every box matches its shifted twin (IoU 196/254): alphas 0.05...0.75 (15 of 19) match.
    ok = abs(c["HOTA"] - 100 * 15 / 19) < 1e-9 and c["MOTA"] == 100 and c["IDF1"] == 100
    bad += not ok
    print(f"stress, {label}: {wall:.2f} s wall, {kb / 1024:.0f} MB max RSS; HOTA {c['HOTA']:.3f}, MOTA {c['MOTA']:.1f}, IDF1 {c['IDF1']:.1f}"
          + ("" if ok else " (expected HOTA 78.947, MOTA 100, IDF1 100)"))
sys.exit(1 if bad else 0)
PY
