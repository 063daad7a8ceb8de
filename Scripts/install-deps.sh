#!/usr/bin/env bash
# Installs the Debian packages Trackline builds against, only if some are missing.
# Usage: Scripts/install-deps.sh [--with-cli]   (--with-cli adds the ffmpeg CLI the tests cross-check with)
set -euo pipefail
pkgs=(libavdevice-dev libavformat-dev libavcodec-dev libswscale-dev libavutil-dev libopenblas-dev pkg-config)
[[ "${1:-}" == "--with-cli" ]] && pkgs+=(ffmpeg)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "Installing missing packages: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
