#!/usr/bin/env bash
# Times `trackline eval` (release build) on the golden set against TrackEval 1.3.0 (PyPI) on the
# same files in the same run, and prints the ratio. TrackEval lives in a throwaway venv
# (default ~/.cache/trackline-bench/venv-trackeval; TRACKEVAL_VENV to change), created on first
# use with `pip install trackeval==1.3.0` (1.3.0 runs on NumPy 2; no shims needed).
# Both evaluate every tracker in ../shared/data/golden/trackeval-mot15-dev/ on ../shared/data/dev/
# (MOT15, no preprocessing). TrackEval is one Python process for all trackers; trackline is one
# process per tracker; times are wall clock including start-up, best of REPEATS (default 3), and
# CPU time (user + sys, /usr/bin/time) per run, which other load on the machine disturbs less.
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
