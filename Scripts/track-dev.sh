#!/usr/bin/env bash
# Tracks the dev sequences of ../shared/data from their public detections with each of our
# trackers, scores them with `trackline eval` (TrackEval parity), and prints the table beside
# the peers' numbers from ../shared/data/README.md. Skips politely when the data is absent.
#   Scripts/track-dev.sh [OUT_DIR]     (default: out/track-dev)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
DEV=$DATA/dev
OUT=${1:-out/track-dev}
if [ ! -d "$DEV" ]; then echo "track-dev: $DEV not found; nothing to do"; exit 0; fi
swift build -c release --product trackline >/dev/null
BIN=.build/release/trackline
rm -rf "$OUT"; mkdir -p "$OUT"

# name | extra arguments
RUNS=(
  "sort|--tracker sort"
  "bytetrack|--tracker bytetrack --no-appearance"
)
declare -A ROWS
for run in "${RUNS[@]}"; do
  name=${run%%|*}; args=${run#*|}
  # shellcheck disable=SC2086
  $BIN track --detections "$DEV" $args --mot "$OUT/$name" --quiet
  ROWS[$name]=$($BIN eval --gt "$DEV" --pred "$OUT/$name" --format csv | awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} $1=="COMBINED"{printf "%.2f|%.2f|%.2f|%.2f|%.2f|%d", $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}')
done

# SORT against the reference output: same rows (frame + box to 2 decimals), ids equal up to a
# consistent renumbering (zero-IoU assignment ties may fall differently between lap and SciPy).
GOLD=$DATA/golden/trackeval-mot15-dev/sort/data
if [ -d "$GOLD" ] && command -v python3 >/dev/null; then
  python3 - "$OUT/sort" "$GOLD" <<'PY'
import os, sys
ours, gold = sys.argv[1], sys.argv[2]
for f in sorted(os.listdir(gold)):
    def rows(p):
        return {(int(r[0]),) + tuple(round(float(x), 2) for x in r[2:6]): int(r[1])
                for r in (l.strip().split(",") for l in open(p)) if len(r) >= 6}
    a, b = rows(os.path.join(ours, f)), rows(os.path.join(gold, f))
    same = set(a) == set(b)
    m, ok = {}, same
    for k in a:
        if k in b and m.setdefault(a[k], b[k]) != b[k]: ok = False
    moved = sum(1 for k, v in m.items() if k != v)
    verdict = "identical" if ok and moved == 0 else (f"identical up to renumbering {moved} ids" if ok else "DIFFERENT")
    print(f"SORT vs reference, {f}: {len(a)} rows, {verdict}")
PY
fi

# Appearance needs video (features come from pixels): PETS09-S2L1-half1 is frames 1-397 of vtest.avi.
VIDEO=$DATA/video/vtest.avi
if [ -f "$VIDEO" ] && $BIN track --help 2>/dev/null | grep -q -- '--appearance'; then
  PETS=$DEV/PETS09-S2L1-half1
  mkdir -p "$OUT/bytetrack+appearance"
  if $BIN track "$VIDEO" --detections "$PETS/det/det.txt" --tracker bytetrack --appearance --end-frame 397 \
       --mot "$OUT/bytetrack+appearance/PETS09-S2L1-half1.txt" --quiet 2>"$OUT/appearance.err"; then
    $BIN track --detections "$DEV/TUD-Campus" --tracker bytetrack --mot "$OUT/bytetrack+appearance/TUD-Campus.txt" --quiet
    ROWS["bytetrack+appearance"]=$($BIN eval --gt "$DEV" --pred "$OUT/bytetrack+appearance" --format csv | awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} $1=="COMBINED"{printf "%.2f|%.2f|%.2f|%.2f|%.2f|%d", $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}')
  else
    echo "(bytetrack+appearance skipped: $(head -c 200 "$OUT/appearance.err"))"
  fi
fi

echo "Dev sequences (PETS09-S2L1-half1 + TUD-Campus), public detections, combined, scored by trackline eval:"
echo "| tracker | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
echo "|---|--:|--:|--:|--:|--:|--:|"
for name in sort bytetrack bytetrack+appearance; do
  [ -n "${ROWS[$name]:-}" ] && echo "| Trackline $name | ${ROWS[$name]//|/ | } |"
done
# Peers, as published in the data README (TrackEval, same detections).
awk '/^## Peers on dev/{p=1;next} p&&/^\| [^t-]/{print} p&&/^## /{p=0}' "$DATA/README.md" | sed 's/^| /| peer: /'
