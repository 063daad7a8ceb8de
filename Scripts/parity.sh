#!/usr/bin/env bash
# TrackEval parity: scores every tracker in ../shared/data/golden/trackeval-mot15-dev/ with
# `trackline eval` and compares every field, per sequence and COMBINED, with the
# pedestrian_detailed.csv and pedestrian_summary.txt TrackEval 1.3.0 wrote there
# (percentages within 0.001 points, counts exactly). Then checks the py-motmetrics numbers for
# golden/motmetrics-tud-campus/test.txt quoted in ../shared/data/README.md.
# Exits non-zero on any mismatch; skips (exit 0) when ../shared/data is absent.
# Env: TRACKLINE_BIN to use a given binary (default: debug build of this checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
if [ ! -d "$DATA/golden/trackeval-mot15-dev" ] || [ ! -d "$DATA/dev" ]; then
    echo "parity: $DATA not found, skipping"
    exit 0
fi
if [ -z "${TRACKLINE_BIN:-}" ]; then
    swift build --product trackline >&2
    TRACKLINE_BIN="$(swift build --show-bin-path)/trackline"
fi
command -v python3 >/dev/null || { echo "parity: python3 is needed to compare the reports" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

status=0
for dir in "$DATA"/golden/trackeval-mot15-dev/*/; do
    tracker=$(basename "$dir")
    if ! "$TRACKLINE_BIN" eval --gt "$DATA/dev" --pred "$dir/data" --format json >"$TMP/$tracker.json" 2>"$TMP/$tracker.err"; then
        echo "FAIL $tracker: trackline eval failed: $(cat "$TMP/$tracker.err")"
        status=1
        continue
    fi
    python3 - "$TMP/$tracker.json" "$dir/pedestrian_detailed.csv" "$dir/pedestrian_summary.txt" "$tracker" <<'PY' || status=1
import csv, json, sys
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
done

# py-motmetrics 1.4.0 on TUD-Campus (values quoted in ../shared/data/README.md, rounded to 0.1 %).
MM=$DATA/golden/motmetrics-tud-campus/test.txt
if [ -f "$MM" ]; then
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
exit $status
