#!/usr/bin/env bash
# Fuzzes Trackline's file parsers with libFuzzer (Fuzz/).
#
# Usage: Scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#        Scripts/fuzz.sh all SECONDS [libFuzzer flags...]   each target for SECONDS in turn
#        Scripts/fuzz.sh TARGET 0                           replay the seed corpus and regressions once
#        Scripts/fuzz.sh build                              only build the fuzzers
#        Scripts/fuzz.sh seeds                              rewrite the binary seeds of Fuzz/Corpus
# Targets: mot (MOTFile.parse), csv (TracklineCSV.parse), seqinfo (SeqInfo.parse / parseSeqLength),
#          safetensors (Safetensors.decode, assign, Seq2SeqModel.load), graphdef (GraphDef and the
#          SSDLite weight reader), trainingconfig (TrainingConfig JSON + validate),
#          jobfile (TrackingJob YAML/JSON + resolve).
#
# Builds once (incrementally) in Fuzz/.build with `swift build --sanitize=fuzzer --sanitize=address
# -Xswiftc -sanitize=fuzzer,address`, then runs libFuzzer on a working corpus
# Fuzz/.build/corpus/TARGET, seeded from the committed
# Fuzz/Corpus/TARGET and Fuzz/Regressions/TARGET (read only), with -rss_limit_mb=2048 -timeout=10.
# Crash, timeout and out-of-memory inputs go to Fuzz/.build/findings/TARGET/, logs to
# Fuzz/.build/logs/. Exits 1 when any run ends with a finding. When this toolchain cannot build
# libFuzzer binaries (e.g. Xcode's Swift), it says so and exits 0.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FUZZ=$ROOT/Fuzz
SCRATCH=$FUZZ/.build
SWIFT=${SWIFT:-swift}

declare -A PRODUCT=(
  [mot]=FuzzMOT [csv]=FuzzTracklineCSV [seqinfo]=FuzzSeqInfo
  [safetensors]=FuzzSafetensors [graphdef]=FuzzGraphDef [trainingconfig]=FuzzTrainingConfig
  [jobfile]=FuzzJobFile
)
TARGETS=(mot csv seqinfo safetensors graphdef trainingconfig jobfile)

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[[ $# -ge 1 ]] || usage
target=$1; shift
if [[ $target == build || $target == seeds ]]; then seconds=0; else
  [[ $# -ge 1 && $1 =~ ^[0-9]+$ ]] || usage
  seconds=$1; shift
fi
extra=("$@")
if [[ $target == all || $target == build ]]; then run=("${TARGETS[@]}")
elif [[ $target == seeds ]]; then run=(seeds); PRODUCT[seeds]=MakeSeeds
elif [[ -n ${PRODUCT[$target]:-} ]]; then run=("$target")
else echo "fuzz.sh: unknown target '$target' (one of: ${TARGETS[*]}, all)" >&2; exit 2; fi

# Can this toolchain link a Swift libFuzzer binary at all? (Linux toolchains from swift.org can;
# Xcode's cannot.) Any failure here means "skip", not "fail".
probe() {
  command -v "$SWIFT" >/dev/null 2>&1 || { echo "no '$SWIFT' on PATH"; return 1; }
  local dir; dir=$(mktemp -d) || return 1
  printf '@_cdecl("LLVMFuzzerTestOneInput")\npublic func f(_ d: UnsafePointer<UInt8>?, _ n: Int) -> CInt { 0 }\n' > "$dir/probe.swift"
  local out
  out=$("${SWIFT}c" -sanitize=fuzzer,address -parse-as-library "$dir/probe.swift" -o "$dir/probe" 2>&1) \
    && "$dir/probe" -runs=1 >/dev/null 2>&1
  local rc=$?
  rm -rf "$dir"
  [[ $rc -eq 0 ]] || { echo "${out:-the probe binary did not run}" | head -3; return 1; }
}
if ! why=$(probe); then
  echo "fuzz.sh: this Swift toolchain cannot build libFuzzer targets (-sanitize=fuzzer); skipping." >&2
  [[ -n $why ]] && echo "$why" | sed 's/^/  /' >&2
  exit 0
fi

# Build every requested product (incremental after the first time). SwiftPM's --sanitize=fuzzer
# parses the fuzz targets as libraries so libFuzzer provides main (with -Xswiftc -sanitize=fuzzer
# alone SwiftPM renames main to the module's own and the binary does nothing); two --sanitize
# options reach clang (which adds them up) but swiftc as two -sanitize= flags, of which swiftc
# keeps only the last, so -Xswiftc -sanitize=fuzzer,address (passed last) gives Swift code both
# the coverage instrumentation and ASan.
BIN=$SCRATCH/debug
for t in "${run[@]}"; do
  p=${PRODUCT[$t]}
  echo "== building $p" >&2
  out=$SCRATCH/build-$p.log
  mkdir -p "$SCRATCH"
  # No manifest caching: the main package is a path dependency whose files change under it.
  "$SWIFT" build -c debug --package-path "$FUZZ" --scratch-path "$SCRATCH" --disable-build-manifest-caching \
    --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --product "$p" >"$out" 2>&1
  rc=$?
  grep -v "Cannot export local symbol" "$out" | grep -E "error|warning: |complete!" >&2
  [[ $rc -eq 0 ]] || { echo "fuzz.sh: building $p failed (log: ${out#$ROOT/})" >&2; exit 1; }
done
[[ $target == build ]] && exit 0
if [[ $target == seeds ]]; then exec "$BIN/MakeSeeds" "$FUZZ/Corpus"; fi

# The Swift runtime's own backtracer would race libFuzzer's crash handler.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:symbolize=1}
sym=$(dirname "$(command -v "$SWIFT")")/llvm-symbolizer
[[ -x $sym ]] && export ASAN_SYMBOLIZER_PATH=$sym

failed=()
summary=()
for t in "${run[@]}"; do
  p=${PRODUCT[$t]}
  work=$SCRATCH/corpus/$t
  findings=$SCRATCH/findings/$t
  logs=$SCRATCH/logs
  mkdir -p "$work" "$findings" "$logs"
  seeds=("$FUZZ/Corpus/$t")
  [[ -d $FUZZ/Regressions/$t ]] && seeds+=("$FUZZ/Regressions/$t")
  log=$logs/$t-$(date +%Y%m%d-%H%M%S).log
  stamp=$(mktemp)
  flags=(-rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$findings/"
         -dict="$FUZZ/Dictionaries/$t.dict")
  if [[ $seconds -eq 0 ]]; then
    echo "== $t: replaying ${seeds[*]#$ROOT/}" >&2
    "$BIN/$p" "${flags[@]}" -runs=0 "${extra[@]}" "${seeds[@]}" >"$log" 2>&1
  else
    echo "== $t: fuzzing for $seconds s; working corpus ${work#$ROOT/}, findings in ${findings#$ROOT/}/" >&2
    "$BIN/$p" "${flags[@]}" -max_total_time="$seconds" "${extra[@]}" "$work" "${seeds[@]}" >"$log" 2>&1
  fi
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  new=$(find "$findings" -type f -newer "$stamp")
  rm -f "$stamp"
  corpus=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
  line="$t: exit $rc, ${execs:-?} executions, corpus ${corpus:-?} (inputs/size), log ${log#$ROOT/}"
  if [[ $rc -ne 0 ]]; then
    failed+=("$t")
    line+=" -- FINDING"
    echo "--- $t: libFuzzer stopped with a finding (exit $rc); from the log:" >&2
    grep -E 'ERROR|Fatal error|SUMMARY|runtime failure|^    #[0-9]+ .* in |Test unit written|^Base64' "$log" | head -60 >&2
    [[ -n $new ]] && echo "$new" | sed "s|^$ROOT/|   new finding: |" >&2
  fi
  [[ -n $last ]] && echo "   $last" >&2
  summary+=("$line")
  echo "$line" >&2
done

if [[ ${#run[@]} -gt 1 ]]; then
  echo "== summary" >&2
  printf '%s\n' "${summary[@]}" >&2
fi
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "findings in: ${failed[*]} (inputs under Fuzz/.build/findings/<target>/; reproduce: Fuzz/.build/debug/<Product> FILE)" >&2
  exit 1
fi
exit 0
