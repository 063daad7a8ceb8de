#!/usr/bin/env bash
# Builds and runs the test suite under a sanitizer: Scripts/sanitize.sh address|thread.
# Uses its own build folder (.build-asan / .build-tsan). Memory and time bounds are skipped
# (TRACKLINE_SANITIZER is set): shadow memory and instrumentation break them by design.
# Skips politely (exit 0) when the toolchain has no such runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: Scripts/sanitize.sh address|thread}
case "$kind" in
    address) dir=.build-asan ;;
    thread) dir=.build-tsan ;;
    *) echo "sanitize: unknown sanitizer '$kind' (address or thread)" >&2; exit 2 ;;
esac
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'print("ok")' > "$probe/p.swift"
if ! swiftc -sanitize="$kind" "$probe/p.swift" -o "$probe/p" >/dev/null 2>&1 || ! "$probe/p" >/dev/null 2>&1; then
    echo "sanitize: this toolchain cannot build with -sanitize=$kind; skipped" >&2
    exit 0
fi
export TRACKLINE_SANITIZER=$kind
# Leaks in the Swift runtime's and FFmpeg's process-lifetime caches are not ours.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
swift build --build-tests --sanitize="$kind" --scratch-path "$dir"
swift test --skip-build --sanitize="$kind" --scratch-path "$dir" 2>&1 | tee "$dir/sanitize.log" | grep -E "✘|passed after|failed after|SUMMARY|WARNING: ThreadSanitizer|ERROR: AddressSanitizer" || true
if grep -qE "ERROR: AddressSanitizer|WARNING: ThreadSanitizer|✘ Test run" "$dir/sanitize.log"; then
    echo "sanitize ($kind): FAILED; see $dir/sanitize.log" >&2
    exit 1
fi
echo "sanitize ($kind): clean ($(grep -oE 'Test run with [0-9]+ tests' "$dir/sanitize.log" | tail -1))"
