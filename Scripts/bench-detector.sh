#!/usr/bin/env bash
# Times our SSDLite detector against ONNX Runtime on the same model, in the same run, interleaved
# (ours, ORT, ours, ORT, ...) so that load from other processes hits both alike; prints per-round
# medians, then the median over rounds, ms/frame, and the ratio ours / ORT.
#
#   Scripts/bench-detector.sh [--rounds N] [--frames N] [--sizes 300,576] [--threads 1,2] [--kernels fused,blas] [--coretype auto]
#
# Ours, once per kernel path (TRACKLINE_SSDLITE_KERNELS): "fused" = our C kernels for the 1x1 convs
# (packed weights, AVX-512/AVX2 register tiles, bias/ReLU6/residual fused, big blocks streamed by
# rows), "blas" = `cblas_sgemm` + a bias/ReLU6 pass. `trackline-dev ssdlite-check --bench-raw` (release
# build) on the first frames of
# ../shared/data/video/vtest.avi dumped to raw RGB24 with the ffmpeg CLI: "forward" is the network
# alone (the same region ORT's session.run covers), "detect" adds resize, preprocessing, decode and
# NMS. ORT: ../shared/data/golden/ssdlite/bench_ort.py on ssdlite_ped_<S>.onnx in a throwaway venv
# (~/.cache/trackline-bench-venv). Note: the 576 ONNX model computes all 6 heads; ours computes the
# 3 the 576 variant uses.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=3 FRAMES=40 SIZES=300,576 THREADS=1,2 KERNELS=fused,blas CORETYPE=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) ROUNDS=$2; shift 2 ;;
        --frames) FRAMES=$2; shift 2 ;;
        --sizes) SIZES=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --kernels) KERNELS=$2; shift 2 ;;
        --coretype) CORETYPE=$2; shift 2 ;;
        *) echo "usage: $0 [--rounds N] [--frames N] [--sizes 300,576] [--threads 1,2] [--kernels fused,blas] [--coretype auto|Haswell|SkylakeX|...]" >&2; exit 2 ;;
    esac
done

GOLDEN=../shared/data/golden/ssdlite
VIDEO=../shared/data/video/vtest.avi
if [[ ! -d "$GOLDEN" || ! -f "$VIDEO" ]]; then
    echo "bench-detector: $GOLDEN or $VIDEO not found; skipped" >&2
    exit 0
fi
for tool in ffmpeg python3; do
    command -v "$tool" >/dev/null || { echo "bench-detector: error: $tool is not installed" >&2; exit 1; }
done

Scripts/fetch-models.sh
echo "bench-detector: building (release)" >&2
swift build -c release --product trackline >&2
swift build -c release --product trackline-dev >&2

VENV=${BENCH_VENV:-$HOME/.cache/trackline-bench-venv}
if ! "$VENV/bin/python" -c 'import onnxruntime, numpy, cv2' 2>/dev/null; then
    echo "bench-detector: creating the ONNX Runtime venv in $VENV" >&2
    python3 -m venv "$VENV"
    # The versions bench_ort.py was written with (requirements.txt of the golden pack).
    PKGS=$(grep -E '^(onnxruntime|numpy|opencv-python-headless)==' "$GOLDEN/requirements.txt" | sed 's/ *#.*//')
    "$VENV/bin/pip" install -q --disable-pip-version-check $PKGS >&2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench-detector.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
ffmpeg -v error -i "$VIDEO" -frames:v "$FRAMES" -f rawvideo -pix_fmt rgb24 "$TMP/frames.rgb"
WH=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x "$VIDEO")
W=${WH%x*} H=${WH#*x}

# OpenBLAS kernels: as the environment says (OPENBLAS_CORETYPE), unless --coretype overrides it
# ("auto" = unset: OpenBLAS detects the CPU). ORT's own kernels ignore the variable.
if [[ -n "$CORETYPE" ]]; then
    if [[ "$CORETYPE" == auto ]]; then unset OPENBLAS_CORETYPE; else export OPENBLAS_CORETYPE=$CORETYPE; fi
fi
echo "bench-detector: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset, auto-detect>}" >&2
echo "bench-detector: $(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds of $FRAMES frames" >&2
for ((r = 1; r <= ROUNDS; r++)); do
    for s in ${SIZES//,/ }; do
        model="$GOLDEN/ssdlite_ped_$s.onnx"
        for k in ${KERNELS//,/ }; do
            TRACKLINE_SSDLITE_KERNELS=$k .build/release/trackline-dev ssdlite-check --bench-raw "$TMP/frames.rgb" --width "$W" --height "$H" \
                --sizes "$s" --threads "$THREADS" --frames "$FRAMES" | sed "s/^/round=$r /" | tee -a "$TMP/log"
        done
        if [[ -f "$model" ]]; then
            "$VENV/bin/python" "$GOLDEN/bench_ort.py" "$model" --video "$VIDEO" --frames "$FRAMES" --threads "$THREADS" \
                | grep '^threads=' | sed "s/^/round=$r ort size=$s /" | tee -a "$TMP/log"
            # The same session.run timing with the process CPU time as well (steadier under load).
            "$VENV/bin/python" - "$GOLDEN" "$model" "$VIDEO" "$FRAMES" "$THREADS" <<'PY' | sed "s/^/round=$r ortcpu size=$s /" | tee -a "$TMP/log"
import sys, time
import numpy as np, cv2, onnxruntime as ort
golden, model, video, frames, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
sys.path.insert(0, golden)
import ssdlite_ref as R
cv2.setNumThreads(1)
S = int(ort.InferenceSession(model, providers=['CPUExecutionProvider']).get_inputs()[0].shape[2])
cap, xs = cv2.VideoCapture(video), []
while len(xs) < frames:
    ok, f = cap.read()
    if not ok:
        break
    xs.append(R.preprocess(f, S).transpose(0, 3, 1, 2).copy())
for th in [int(t) for t in threads.split(',')]:
    so = ort.SessionOptions()
    so.intra_op_num_threads = th
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    sess = ort.InferenceSession(model, so, providers=['CPUExecutionProvider'])
    name = sess.get_inputs()[0].name
    for k in range(3):
        sess.run(None, {name: xs[k % len(xs)]})
    c0 = time.process_time()
    for x in xs:
        sess.run(None, {name: x})
    print(f'threads={th}: process CPU {(time.process_time() - c0) * 1000 / len(xs):.1f} ms/frame')
PY
        else
            echo "round=$r ort size=$s: $model missing, no reference" | tee -a "$TMP/log"
        fi
    done
done

echo "bench-detector: load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$TMP/log" <<'PY'
import re, statistics, sys
ours, ort, share, stream, ourscpu, ortcpu = {}, {}, {}, {}, {}, {}
for line in open(sys.argv[1]):
    m = re.search(r'ours size=(\d+) threads=(\d+) kernels=(\w+) \S*: forward median ([\d.]+) .*process CPU ([\d.]+) .*detect median ([\d.]+).*: (?:gemm|fused 1x1) (\d+)%.*streamed blocks (\d+)%', line)
    if m:
        k = (int(m[1]), int(m[2]), m[3])
        ours.setdefault(k, []).append((float(m[4]), float(m[6])))
        ourscpu.setdefault(k, []).append(float(m[5]))
        share.setdefault(k, []).append(int(m[7]))
        stream.setdefault(k, []).append(int(m[8]))
        continue
    m = re.search(r'ortcpu size=(\d+) threads=(\d+): process CPU ([\d.]+)', line)
    if m:
        ortcpu.setdefault((int(m[1]), int(m[2])), []).append(float(m[3]))
        continue
    m = re.search(r'ort size=(\d+) threads=(\d+): median ([\d.]+)', line)
    if m:
        ort.setdefault((int(m[1]), int(m[2])), []).append(float(m[3]))
print()
print('median over rounds, ms/frame (ours forward = network only, like ORT session.run)')
print('wall = elapsed time (what a user waits for; inflated by other load), CPU = process CPU time')
print('1x1 share = thread CPU time in cblas_sgemm (blas) or the fused 1x1 kernel (fused); streamed = whole')
print('inverted-residual blocks run row band by row band (fused; 1x1s and depthwise together)')
print(f'{"size":>4} {"thr":>3} {"kernels":>7} {"ours fwd":>9} {"ours detect":>11} {"ORT run":>8} {"wall ratio":>10} {"ours CPU":>9} {"ORT CPU":>8} {"CPU ratio":>9} {"1x1 share":>9} {"streamed":>8}')
nan = float('nan')
for k in sorted(ours, key=lambda k: (k[0], k[1], k[2] != 'fused')):
    f = statistics.median(v[0] for v in ours[k]); d = statistics.median(v[1] for v in ours[k])
    o = statistics.median(ort[k[:2]]) if k[:2] in ort else nan
    oc = statistics.median(ourscpu[k]); rc = statistics.median(ortcpu[k[:2]]) if k[:2] in ortcpu else nan
    print(f'{k[0]:>4} {k[1]:>3} {k[2]:>7} {f:>9.1f} {d:>11.1f} {o:>8.1f} {f / o:>9.2f}x {oc:>9.1f} {rc:>8.1f} {oc / rc:>8.2f}x {statistics.median(share[k]):>8}% {statistics.median(stream[k]):>7}%')
PY
