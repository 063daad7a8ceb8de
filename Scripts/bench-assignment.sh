#!/usr/bin/env bash
# Times Trackline's linear assignment solver (release build) on dense random N x N matrices and,
# when python3 has SciPy, SciPy's linear_sum_assignment on matrices of the same kind in the same
# run, and prints the ratio. Usage: Scripts/bench-assignment.sh [N] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
R=${2:-5}
swift build -c release --product trackline-dev >&2
BIN="$(swift build -c release --show-bin-path)/trackline-dev"
OURS=$("$BIN" bench-assignment --size "$N" --repeats "$R")
echo "$OURS"
if python3 -c "import scipy, numpy" 2>/dev/null; then
    python3 - "$N" "$R" "$OURS" <<'PY'
import sys, time, re
import numpy as np
from scipy.optimize import linear_sum_assignment
n, r, ours = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(1)
medians = {}
for kind in ["uniform", "integer 0..99"]:
    times = []
    for _ in range(r):
        c = rng.random((n, n))
        if kind != "uniform": c = np.floor(c * 100)
        t = time.perf_counter(); linear_sum_assignment(c); times.append(time.perf_counter() - t)
    times.sort()
    med = times[len(times) // 2]
    mine = float(re.search(re.escape(kind) + r": median ([0-9.]+) s", ours).group(1))
    print(f"scipy {np.__version__ and __import__('scipy').__version__} {n}x{n} {kind}: median {med:.4f} s; trackline/scipy time ratio {mine / med:.2f}")
PY
else
    echo "(python3 with scipy not found: no reference timing)"
fi
