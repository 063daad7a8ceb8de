#!/usr/bin/env bash
# Decode speed of `trackline probe VIDEO --count` against `ffmpeg -i VIDEO -f null -`, measured
# in the same run, alternating the two, RUNS times each (default 5); prints median wall times and
# the throughput ratio Trackline/ffmpeg (> 1: Trackline is faster), from wall time and from CPU
# time (user + sys, which other load on the machine disturbs less).
#
# Usage: Scripts/bench-decode.sh [VIDEO...]
#   With no VIDEO: ../shared/data/video/vtest.avi (if present) and a 1080p H.264 clip
#   (testsrc2, 600 frames, libx264) generated into a temporary folder.
# Environment: RUNS=5, TRACKLINE_ARGS="--convert rgb24" to also time RGB conversion.
#
# Threads: the ffmpeg CLI decodes with thread_count 0 = "auto" (cores + 1 threads, frame + slice
# threading); Trackline uses 2 frame threads. Both columns are shown: ffmpeg's default and
# ffmpeg with `-threads 2` (the same setting as ours).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
EXTRA=${TRACKLINE_ARGS:-}
command -v ffmpeg >/dev/null || { echo "ffmpeg CLI not found: install it (apt-get install ffmpeg)" >&2; exit 1; }

echo "building release..." >&2
swift build -c release --product trackline >/dev/null
BIN=$(swift build -c release --show-bin-path)/trackline

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

videos=("$@")
if [[ ${#videos[@]} -eq 0 ]]; then
  if [[ -f ../shared/data/video/vtest.avi ]]; then
    videos+=(../shared/data/video/vtest.avi)
  else
    echo "../shared/data/video/vtest.avi not found: skipping it" >&2
  fi
  echo "generating a 1080p H.264 clip (600 frames)..." >&2
  ffmpeg -v error -nostdin -y -f lavfi -i testsrc2=size=1920x1080:rate=30 -frames:v 600 \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p "$tmp/testsrc2-1080p.mp4"
  videos+=("$tmp/testsrc2-1080p.mp4")
fi

# timed CMD...: runs CMD (output discarded), prints "wall cpu" seconds (cpu = user + sys of the
# process and its threads; less disturbed by other load on the machine than wall time).
timed() {
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
  tail -n 1 <<<"$t" | awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-22s %6s | %9s %9s %9s %7s %7s | %7s %7s %7s\n' video frames ffmpeg ffmpeg-t2 trackline ratio ratio-t2 cpu-ff cpu-tl cpu-rat
for video in "${videos[@]}"; do
  if [[ ! -f "$video" ]]; then echo "$video: not found, skipped" >&2; continue; fi
  frames=$("$BIN" probe "$video" --count --json | awk -F': ' '/"decodedFrames"/ { gsub(/,/, "", $2); print $2 }')
  # One untimed warm-up of each so the file sits in the page cache.
  ffmpeg -v error -nostdin -i "$video" -f null - >/dev/null 2>&1
  "$BIN" probe "$video" --count $EXTRA >/dev/null
  ff=(); ff2=(); tl=(); cff=(); ctl=()
  for ((i = 1; i <= RUNS; i++)); do
    read -r w c < <(timed ffmpeg -v error -nostdin -i "$video" -f null -); ff+=("$w"); cff+=("$c")
    read -r w c < <(timed "$BIN" probe "$video" --count $EXTRA); tl+=("$w"); ctl+=("$c")
    read -r w c < <(timed ffmpeg -v error -nostdin -threads 2 -i "$video" -f null -); ff2+=("$w")
    echo "  run $i: wall ffmpeg ${ff[-1]} s, trackline ${tl[-1]} s, ffmpeg -threads 2 ${ff2[-1]} s; cpu ffmpeg ${cff[-1]} s, trackline ${ctl[-1]} s" >&2
  done
  mf=$(median "${ff[@]}"); mf2=$(median "${ff2[@]}"); mt=$(median "${tl[@]}")
  cf=$(median "${cff[@]}"); ct=$(median "${ctl[@]}")
  printf '%-22s %6s | %8ss %8ss %8ss %6.2fx %6.2fx | %6ss %6ss %6.2fx\n' "$(basename "$video")" "$frames" "$mf" "$mf2" "$mt" \
    "$(awk -v f="$mf" -v t="$mt" 'BEGIN { print f / t }')" "$(awk -v f="$mf2" -v t="$mt" 'BEGIN { print f / t }')" \
    "$cf" "$ct" "$(awk -v f="$cf" -v t="$ct" 'BEGIN { print f / t }')"
done
echo "ratio = ffmpeg median wall time / trackline median wall time (Trackline's throughput relative to the ffmpeg CLI), ${RUNS} runs each, whole process; cpu = median user+sys seconds, cpu-rat = ffmpeg cpu / trackline cpu" >&2
