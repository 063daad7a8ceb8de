#!/usr/bin/env bash
# End to end on vtest.avi frames 1-397 (PETS09-S2L1-half1's ground truth): decode -> detector ->
# tracker -> `trackline eval`, for each detector (ssdlite, motion) and tracker: bytetrack as it
# ships and with seq2seq's output filter (gaps it bridges filled up to 1 s, `--smooth 3`), seq2seq raw
# (`--interpolate 0 --smooth 0`), as it ships (with video: `--appearance`, colour histograms and
# the appearance weights) and with `--no-appearance` (the plain weights), with the committed
# weights and, when Scripts/seq2seq-cv.sh has trained them, the fold models that never saw PETS09.
#   Scripts/seq2seq-e2e.sh [ssdlite|motion ...]      (needs `make models` for ssdlite)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
GT=$DATA/dev/PETS09-S2L1-half1
VIDEO=$DATA/video/vtest.avi
OUT=out/seq2seq-e2e
if [ ! -f "$VIDEO" ] || [ ! -d "$GT" ]; then echo "seq2seq-e2e: $VIDEO or $GT not found; nothing to do"; exit 0; fi
DETECTORS=("$@"); [ ${#DETECTORS[@]} -eq 0 ] && DETECTORS=(ssdlite motion)
swift build -c release --product trackline >/dev/null
BIN=.build/release/trackline
export OPENBLAS_NUM_THREADS=1
rm -rf "$OUT"; mkdir -p "$OUT"
FOLD=out/seq2seq-cv/folds/without-PETS09-S2L1-half1.safetensors
FOLD_APP=out/seq2seq-cv/folds-appearance/without-PETS09-S2L1-half1.safetensors
RUNS=("bytetrack|--tracker bytetrack" "bytetrack --interpolate 1000 --smooth 3|--tracker bytetrack --interpolate 1000 --smooth 3"
      "seq2seq --interpolate 0 --smooth 0|--tracker seq2seq --interpolate 0 --smooth 0" "seq2seq (as shipped: appearance)|--tracker seq2seq"
      "seq2seq --no-appearance|--tracker seq2seq --no-appearance")
[ -f "$FOLD_APP" ] && RUNS+=("seq2seq trained without PETS09|--tracker seq2seq --model $FOLD_APP")
[ -f "$FOLD" ] && RUNS+=("seq2seq --no-appearance trained without PETS09|--tracker seq2seq --no-appearance --model $FOLD")
for det in "${DETECTORS[@]}"; do
  echo "Detector $det, vtest.avi frames 1-397:"
  echo "| tracker | HOTA | DetA | AssA | MOTA | IDF1 | IDSW |"
  echo "|---|--:|--:|--:|--:|--:|--:|"
  for run in "${RUNS[@]}"; do
    name=${run%%|*}; args=${run#*|}; out=$OUT/$det-$(echo "$name" | tr -c 'a-z0-9\n' '-').txt
    # shellcheck disable=SC2086
    $BIN track "$VIDEO" --detector "$det" --end-frame 397 $args --mot "$out" --quiet
    $BIN eval --gt "$GT" --pred "$out" --format csv | awk -F, -v n="$name" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i}
      $1=="COMBINED"{printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", n, $c["HOTA"],$c["DetA"],$c["AssA"],$c["MOTA"],$c["IDF1"],$c["IDSW"]}'
  done
  echo
done
