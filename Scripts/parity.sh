#!/usr/bin/env bash
# TrackEval parity: scores every tracker in ../shared/data/golden/trackeval-mot15-dev/ with
# `trackline eval` and compares every field, per sequence and COMBINED, with the
# pedestrian_detailed.csv and pedestrian_summary.txt TrackEval 1.3.0 wrote there
# (percentages within 0.001 points, counts exactly). Then checks the py-motmetrics numbers for
# golden/motmetrics-tud-campus/test.txt quoted in ../shared/data/README.md.
# With --trackeval it also runs TrackEval 1.3.0 itself (venv as in Scripts/bench-eval.sh) on
# random MOT15- and MOT17-style sequences (classes, distractors, zero_marked rows, integer boxes
# for tied assignments, id switches, gaps) and compares every field the same way.
# Exits non-zero on any mismatch; skips the golden part (exit 0) when ../shared/data is absent.
# Env: TRACKLINE_BIN to use a given binary (default: debug build of this checkout);
# FUZZ_SEQS (default 12) sequences per flavour, FUZZ_SEED (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
WITH_TRACKEVAL=0
[ "${1:-}" = "--trackeval" ] && WITH_TRACKEVAL=1
HAVE_DATA=1
if [ ! -d "$DATA/golden/trackeval-mot15-dev" ] || [ ! -d "$DATA/dev" ]; then
    echo "parity: $DATA not found, skipping the golden comparison"
    HAVE_DATA=0
    [ $WITH_TRACKEVAL = 1 ] || exit 0
fi
if [ -z "${TRACKLINE_BIN:-}" ]; then
    swift build --product trackline >&2
    TRACKLINE_BIN="$(swift build --show-bin-path)/trackline"
fi
command -v python3 >/dev/null || { echo "parity: python3 is needed to compare the reports" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cat >"$TMP/compare.py" <<'PY'
import csv, json, math, os, sys
mine_path, detailed_path, summary_path, tracker = sys.argv[1:5]
mine = json.load(open(mine_path))
rows = {**mine["sequences"], "COMBINED": mine["combined"]}
# Fields printed unscaled (everything else that is not a count is a ratio shown x100).
UNSCALED = {"MOTP_sum", "FP_per_frame", "HOTA_TP___AUC", "HOTA_FN___AUC", "HOTA_FP___AUC"}
TOL = 0.001  # percentage points
bad, checked, worst = [], 0, {"detailed": 0.0, "summary": 0.0}
source = "detailed"

def compare(seq, field, golden, scale):
    global checked, worst
    if seq not in rows or field not in rows[seq]:
        bad.append(f"{seq}/{field}: missing in trackline output"); return
    value = rows[seq][field]
    checked += 1
    if isinstance(value, int):
        if float(golden) != float(value):
            bad.append(f"{seq}/{field}: trackline {value}, TrackEval {golden}")
        return
    g = float(golden) * (1.0 if field in UNSCALED else scale)
    tol = 1e-9 * max(1.0, abs(g)) if field in UNSCALED else TOL
    if source == "summary" and g != 0:
        # The summary prints 5 significant digits: allow half a unit of the last one.
        tol = max(tol, 0.5 * 10 ** (math.floor(math.log10(abs(g))) - 4) * 1.000001)
    diff = abs(value - g)
    worst[source] = max(worst[source], diff if field not in UNSCALED else 0.0)
    if diff > tol:
        bad.append(f"{seq}/{field}: trackline {value}, TrackEval {g} (diff {diff:.3g})")

with open(detailed_path) as f:
    for rec in csv.DictReader(f):
        seq = rec.pop("seq")
        for field, golden in rec.items():
            compare(seq, field, golden, 100.0)
source = "summary"  # printed to 5 significant digits
if os.path.exists(summary_path):
  with open(summary_path) as f:
    lines = f.read().split("\n")
    names, values = lines[0].split(), lines[1].split()
    for field, golden in zip(names, values):
        compare("COMBINED", field, golden, 1.0)
if bad:
    print(f"FAIL {tracker}: {len(bad)} of {checked} fields differ")
    for b in bad[:20]: print("   ", b)
    sys.exit(1)
print(f"PASS {tracker}: {checked} fields agree (per sequence and COMBINED; largest difference {worst['detailed']:.2g} points vs the detailed CSV, {worst['summary']:.2g} vs the 5-digit summary)")
PY

status=0
for dir in "$DATA"/golden/trackeval-mot15-dev/*/; do
    [ $HAVE_DATA = 1 ] || break
    tracker=$(basename "$dir")
    if ! "$TRACKLINE_BIN" eval --gt "$DATA/dev" --pred "$dir/data" --format json >"$TMP/$tracker.json" 2>"$TMP/$tracker.err"; then
        echo "FAIL $tracker: trackline eval failed: $(cat "$TMP/$tracker.err")"
        status=1
        continue
    fi
    python3 "$TMP/compare.py" "$TMP/$tracker.json" "$dir/pedestrian_detailed.csv" "$dir/pedestrian_summary.txt" "$tracker" || status=1
done

# py-motmetrics 1.4.0 on TUD-Campus (values quoted in ../shared/data/README.md, rounded to 0.1 %).
MM=$DATA/golden/motmetrics-tud-campus/test.txt
if [ $HAVE_DATA = 1 ] && [ -f "$MM" ]; then
    if "$TRACKLINE_BIN" eval --gt "$DATA/dev/TUD-Campus" --pred "$MM" --format json >"$TMP/mm.json" 2>"$TMP/mm.err"; then
        python3 - "$TMP/mm.json" <<'PY' || status=1
import json, sys
c = json.load(open(sys.argv[1]))["combined"]
expected = {"MOTA": 52.6, "IDF1": 55.8, "IDP": 73.0, "IDR": 45.1, "CLR_Re": 58.2, "CLR_Pr": 94.1,
            "CLR_FP": 13, "CLR_FN": 150, "IDSW": 7, "MT": 1, "PT": 6, "ML": 1}
bad = []
for k, v in expected.items():
    got = c[k] if isinstance(v, int) else round(c[k], 1)
    if got != v: bad.append(f"{k}: trackline {c[k]}, py-motmetrics {v}")
if bad:
    print("FAIL motmetrics-tud-campus: " + "; ".join(bad)); sys.exit(1)
print("PASS motmetrics-tud-campus: " + ", ".join(f"{k} {round(c[k], 1) if not isinstance(v, int) else c[k]}" for k, v in expected.items()))
PY
    else
        echo "FAIL motmetrics-tud-campus: trackline eval failed: $(cat "$TMP/mm.err")"
        status=1
    fi
fi
if [ $WITH_TRACKEVAL = 1 ]; then
    VENV=${TRACKEVAL_VENV:-$HOME/.cache/trackline-bench/venv-trackeval}
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import trackeval" 2>/dev/null; then
        echo "parity: creating $VENV with trackeval==1.3.0 ..." >&2
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q "trackeval==1.3.0" >&2
    fi
    cat >"$TMP/fuzz.py" <<'PY'
# Writes random MOTChallenge sequences and scores them with TrackEval 1.3.0.
import os, sys, random, contextlib, io
root, flavour, nseq, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
gt_root, tr_root, out = f"{root}/gt", f"{root}/trackers", f"{root}/out"
seqs = {}
for s in range(nseq):
    name = f"{flavour.upper()}-{s:02d}"
    frames = rng.randint(5, 40)
    seqs[name] = None
    os.makedirs(f"{gt_root}/{name}/gt", exist_ok=True)
    with open(f"{gt_root}/{name}/seqinfo.ini", "w") as f:
        f.write(f"[Sequence]\nname={name}\nimDir=img1\nframeRate=10\nseqLength={frames}\nimWidth=200\nimHeight=200\nimExt=.jpg\n")
    gt_lines, tr_lines = [], []
    nobj = rng.randint(0, 7)
    next_tid = 1
    for obj in range(1, nobj + 1):
        start = rng.randint(1, frames); end = rng.randint(start, frames)
        x, y = rng.randint(0, 150), rng.randint(0, 150)
        w, h = rng.randint(5, 40), rng.randint(10, 60)
        cls = rng.choice([1, 1, 1, 1, 2, 7, 8, 12, 3, 6]) if flavour == "mot17" else 1
        tid = next_tid; next_tid += 1
        for fr in range(start, end + 1):
            x += rng.randint(-3, 3); y += rng.randint(-2, 2)
            zero = 0 if rng.random() < 0.1 else 1
            if flavour == "mot17":
                gt_lines.append((fr, f"{fr},{obj},{x},{y},{w},{h},{zero},{cls},{rng.choice([0, 0.25, 1])}"))
            else:
                gt_lines.append((fr, f"{fr},{obj},{x},{y},{w},{h},{zero},-1,-1,-1"))
            if rng.random() < 0.15: continue                      # miss
            if rng.random() < 0.08: tid = next_tid; next_tid += 1  # id switch
            dx, dy = rng.choice([0, 0, 1, -1, 2, -5]), rng.choice([0, 0, 1, -1, 3])
            dw, dh = rng.choice([0, 0, 1, -2, 4]), rng.choice([0, 0, 2, -3])
            tr_lines.append((fr, f"{fr},{tid},{x + dx},{y + dy},{max(1, w + dw)},{max(1, h + dh)},{rng.random():.3f},-1,-1,-1"))
    for fr in range(1, frames + 1):                                 # false positives, some on top of others
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            tr_lines.append((fr, f"{fr},{next_tid},{rng.randint(0, 150)},{rng.randint(0, 150)},{rng.randint(5, 40)},{rng.randint(10, 60)},0.5,-1,-1,-1"))
            next_tid += 1
    for lines, path in [(gt_lines, f"{gt_root}/{name}/gt/gt.txt"), (tr_lines, f"{tr_root}/fuzz/data/{name}.txt")]:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        lines.sort(key=lambda t: t[0])
        with open(path, "w") as f: f.write("".join(l + "\n" for _, l in lines))
import trackeval
ec = trackeval.Evaluator.get_default_eval_config()
ec.update({"USE_PARALLEL": False, "PRINT_RESULTS": False, "PRINT_CONFIG": False, "TIME_PROGRESS": False, "PLOT_CURVES": False})
dc = trackeval.datasets.MotChallenge2DBox.get_default_dataset_config()
dc.update({"GT_FOLDER": gt_root, "TRACKERS_FOLDER": tr_root, "OUTPUT_FOLDER": out, "SKIP_SPLIT_FOL": True,
           "BENCHMARK": "MOT15" if flavour == "mot15" else "MOT17", "DO_PREPROC": flavour != "mot15",
           "SEQ_INFO": seqs, "PRINT_CONFIG": False})
with contextlib.redirect_stdout(io.StringIO()):
    res, msg = trackeval.Evaluator(ec).evaluate([trackeval.datasets.MotChallenge2DBox(dc)],
                                               [trackeval.metrics.HOTA(), trackeval.metrics.CLEAR(), trackeval.metrics.Identity()])
if msg["MotChallenge2DBox"]["fuzz"] != "Success":
    print(msg["MotChallenge2DBox"]["fuzz"]); sys.exit(1)
PY
    for flavour in mot15 mot17; do
        F="$TMP/fuzz-$flavour"
        if ! "$VENV/bin/python" "$TMP/fuzz.py" "$F" "$flavour" "${FUZZ_SEQS:-12}" "${FUZZ_SEED:-1}" >"$TMP/fuzz-$flavour.log" 2>&1; then
            echo "FAIL fuzz-$flavour: TrackEval failed: $(tail -3 "$TMP/fuzz-$flavour.log")"; status=1; continue
        fi
        if ! "$TRACKLINE_BIN" eval --gt "$F/gt" --pred "$F/trackers/fuzz/data" --flavour "$flavour" --format json >"$F/mine.json" 2>"$F/err"; then
            echo "FAIL fuzz-$flavour: trackline eval failed: $(cat "$F/err")"; status=1; continue
        fi
        python3 "$TMP/compare.py" "$F/mine.json" "$F/out/fuzz/pedestrian_detailed.csv" "$F/out/fuzz/pedestrian_summary.txt" \
            "fuzz-$flavour (${FUZZ_SEQS:-12} random sequences, seed ${FUZZ_SEED:-1}, against TrackEval run now)" || status=1
    done
fi
exit $status
