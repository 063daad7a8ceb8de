#!/usr/bin/env bash
# Fetch the sample video: OpenCV's vtest.avi (PETS 2009 S2.L1, 768x576, 795 frames), which Debian
# ships in the opencv-doc package. `apt-get download` + `dpkg -x` into a temporary folder: nothing
# is installed system-wide. Lands in Samples/vtest.avi (gitignored), sha256-checked. Idempotent.
set -euo pipefail

cd "$(dirname "$0")/.."
DEST_DIR=Samples
DEST="$DEST_DIR/vtest.avi"
SHA=45cddc9490be69345cbdab64ca583be65987e864ca408038e648db99e10516cf
MEMBER=usr/share/doc/opencv-doc/examples/data/vtest.avi

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$DEST" && "$(sha_of "$DEST")" == "$SHA" ]]; then
    echo "fetch-sample: $DEST is present and verified" >&2
    exit 0
fi
command -v apt-get >/dev/null || { echo "fetch-sample: error: needs apt-get (Debian/Ubuntu) to fetch opencv-doc" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "fetch-sample: downloading the opencv-doc package (about 100 MB)..." >&2
if ! (cd "$TMP" && apt-get download opencv-doc >/dev/null 2>"$TMP/err"); then
    echo "fetch-sample: package lists look stale; running apt-get update" >&2
    SUDO=""; [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && SUDO=sudo
    $SUDO apt-get update -qq >/dev/null || true
    (cd "$TMP" && apt-get download opencv-doc >/dev/null) || {
        echo "fetch-sample: error: 'apt-get download opencv-doc' failed: $(cat "$TMP/err")" >&2; exit 1; }
fi
dpkg -x "$TMP"/opencv-doc_*.deb "$TMP/x"
SRC="$TMP/x/$MEMBER"
if [[ ! -f "$SRC" && -f "$SRC.gz" ]]; then gunzip -c "$SRC.gz" > "$TMP/vtest.avi"; SRC="$TMP/vtest.avi"; fi
[[ -f "$SRC" ]] || { echo "fetch-sample: error: $MEMBER is not in the package" >&2; exit 1; }
# Debian may compress examples; check the magic bytes too.
if [[ "$(head -c 2 "$SRC" | od -An -tx1 | tr -d ' ')" == "1f8b" ]]; then gunzip -c "$SRC" > "$TMP/vtest.unz"; SRC="$TMP/vtest.unz"; fi
GOT=$(sha_of "$SRC")
if [[ "$GOT" != "$SHA" ]]; then
    echo "fetch-sample: error: vtest.avi has sha256 $GOT, expected $SHA" >&2
    exit 1
fi
mkdir -p "$DEST_DIR"
cp "$SRC" "$DEST.tmp" && mv "$DEST.tmp" "$DEST"
echo "fetch-sample: $DEST ($(du -h "$DEST" | cut -f1)) verified" >&2
