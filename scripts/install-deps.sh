#!/usr/bin/env bash
# install-deps.sh - installs the Debian 12 packages polymur-gateway needs to
# build and test (idempotent; uses sudo when not root).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
PACKAGES=(build-essential cmake pkg-config libpoco-dev zlib1g-dev libdeflate-dev libssl-dev libcppunit-dev curl ca-certificates python3)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
