#!/bin/sh
# generate-vectors.sh - regenerate tests/hashring/vectors.txt.gz, the hash-ring
# parity vectors, by running Graphite's own carbon/hashing.py from Debian's
# graphite-carbon package. The package is only downloaded and unpacked
# (apt-get download + dpkg -x): nothing is installed, no service is started.
#
#   tests/hashring/generate-vectors.sh [output-file]
#
# CI does not run this; the committed vectors are what the tests read.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/vectors.txt.gz"}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# apt-get download writes into the current directory; as root it warns that
# the _apt user cannot write there, which is harmless.
chmod 0777 "$tmp"
(cd "$tmp" && apt-get download graphite-carbon >/dev/null)
deb=$(ls "$tmp"/graphite-carbon_*.deb)
version=$(dpkg-deb -f "$deb" Version)
dpkg -x "$deb" "$tmp/root"

hashing=$(find "$tmp/root" -path '*/carbon/hashing.py' | head -n 1)
if [ -z "$hashing" ]; then
    echo "carbon/hashing.py not found in $deb" >&2
    exit 1
fi
site=$(dirname "$(dirname "$hashing")")

# -s: ignore the user site folder; PYTHONPATH puts the unpacked package first.
PYTHONPATH="$site" python3 -s "$here/generate_vectors.py" \
    --carbon-dir "$site" --carbon-version "graphite-carbon $version" --output "$out"
