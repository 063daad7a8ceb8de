#!/bin/sh
# Opens reports written by `trackline` in headless Chromium (Debian's chromium package) and
# checks them: no console errors, one timeline row per track of the CSV, the metric values of
# `trackline eval --format json`, a screenshot that is not blank; a comparison report of two
# runs; and, when `make demo` has run, that the demo's report (795 frames) renders in under a
# second and weighs under 5 MB.
#
# Chromium is installed with apt-get where this runs as root; elsewhere, without it, the checks
# are skipped with a message (exit 0).
#
# Usage: Scripts/report-browser-test.sh        (BIN=path/to/trackline to use another build)
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug/trackline}

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "report-test: installing chromium with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
        { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; } || true
    chromium=$(command -v chromium || true)
fi
if [ -z "$chromium" ]; then
    echo "report-test: skipped: chromium is not installed and cannot be installed here (needs root and apt-get)"
    exit 0
fi
[ -x "$BIN" ] || swift build --product trackline

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A scored run of a bundled clip: motion detector, seq2seq, overlay, report.
"$BIN" track Clips/crossing.mp4 --detector motion -o "$tmp/tracks.csv" --render "$tmp/overlay.mp4" --report "$tmp/run.html" --quiet
"$BIN" eval --gt Annotations/crossing --pred "$tmp/tracks.csv" --format json >"$tmp/eval.json"
"$BIN" report "$tmp/tracks.csv" --gt Annotations/crossing -o "$tmp/report.html" --quiet
"$BIN" track Clips/crossing.mp4 --detector motion --tracker bytetrack -o "$tmp/byte.csv" --quiet
"$BIN" eval --gt Annotations/crossing --pred "$tmp/tracks.csv" --pred "$tmp/byte.csv" --format json --report "$tmp/compare.html" >"$tmp/compare-eval.json"

for page in report run compare; do
    python3 Scripts/report-browser.py "$tmp/$page.html" --screenshot "$tmp/$page.png" --chromium "$chromium" >"$tmp/$page.json"
done
if [ -f out/demo/report.html ]; then
    python3 Scripts/report-browser.py out/demo/report.html --chromium "$chromium" >"$tmp/demo.json"
fi

python3 - "$tmp" <<'PY'
import json, os, sys
tmp = sys.argv[1]
failures = []
def check(ok, message):
    print(("ok    " if ok else "FAIL  ") + message)
    if not ok:
        failures.append(message)

tracks = {line.split(",")[2] for line in open(f"{tmp}/tracks.csv").read().splitlines()[1:]}
expected = json.load(open(f"{tmp}/eval.json"))["combined"]
compare_expected = json.load(open(f"{tmp}/compare-eval.json"))
for name in ["report", "run", "compare"]:
    page = json.load(open(f"{tmp}/{name}.json"))
    check(page["rendered"] == "true", f"{name}: rendered")
    check(not page["consoleErrors"] and not page["errors"], f"{name}: no console errors {page['consoleErrors'] or page['errors'] or ''}")
    shot = page["screenshot"]
    check(shot["colours"] > 1000, f"{name}: screenshot {shot['width']}x{shot['height']} has {shot['colours']} colours (not blank)")
    check(page["renderMs"] < 1000, f"{name}: rendered in {page['renderMs']:.0f} ms")
    if name != "compare":
        check(page["tables"].get("timeline-0-0") == len(tracks), f"{name}: {page['tables'].get('timeline-0-0')} timeline rows, {len(tracks)} tracks in the CSV")
page = json.load(open(f"{tmp}/report.json"))
bad = [m for m in page["metrics"] if float(m["value"]) != float(expected[m["name"]])]
check(len(page["metrics"]) > 200 and not bad, f"report: {len(page['metrics'])} metric values equal trackline eval --format json {bad[:3] if bad else ''}")
page = json.load(open(f"{tmp}/compare.json"))
runs = list(compare_expected.values())
bad = [m for m in page["metrics"] if m["run"] is not None and float(m["value"]) != float(runs[int(m["run"])]["combined"][m["name"]])]
check(not bad and any(m["run"] == "1" for m in page["metrics"]), f"compare: side-by-side values equal trackline eval for both runs {bad[:3] if bad else ''}")
if os.path.exists(f"{tmp}/demo.json"):
    demo = json.load(open(f"{tmp}/demo.json"))
    check(not demo["consoleErrors"] and demo["rendered"] == "true", "demo: renders without console errors")
    check(demo["renderMs"] < 1000, f"demo: opens in {demo['renderMs']:.0f} ms (limit 1000)")
    check(demo["bytes"] < 5_000_000, f"demo: {demo['bytes'] / 1e6:.2f} MB (limit 5)")
else:
    print("note  out/demo/report.html not found: run `make demo` to check the 795-frame report")
sys.exit(1 if failures else 0)
PY
