#!/usr/bin/env bash
# Builds the DocC reference of each library module into .build/docs/<Module>/ with
# swift-docc-plugin, and fails when DocC warns (a broken symbol link, a documented parameter
# that does not exist, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build/docs
status=0
for m in TracklineCore Media Detection SequenceModel Tracking Pipeline Evaluation; do
    log=$(mktemp)
    if ! swift package --allow-writing-to-directory .build/docs generate-documentation --target "$m" \
            --output-path ".build/docs/$m" --disable-indexing >"$log" 2>&1; then
        echo "docs: $m failed:" >&2; tail -20 "$log" >&2; status=1
    elif grep -q "warning:" "$log"; then
        echo "docs: $m has warnings:" >&2; grep -A3 "warning:" "$log" >&2; status=1
    else
        echo "docs: $m -> .build/docs/$m"
    fi
    rm -f "$log"
done
exit $status
