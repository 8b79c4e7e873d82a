#!/usr/bin/env bash
# fetch-consul.sh - get a real Consul binary for the tests without touching
# the system's apt configuration: Debian 11 (bullseye) main packages consul
# 1.8.7. A private apt state (lists, cache, sources file) reuses the Debian
# mirror URI already configured on this machine; the package is downloaded
# and unpacked with dpkg -x into the build tree.
#
#   tests/tools/fetch-consul.sh [BUILD_DIR]     (default: ./build)
# Prints the path of the consul binary. Idempotent: does nothing when the
# binary is already there. Needs apt-get and dpkg (Debian), network access
# to the configured mirror; root is not required.
set -euo pipefail

build_dir=${1:-build}
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)
dest="$build_dir/consul-pkg"
binary="$dest/usr/bin/consul"

if [ -x "$binary" ]; then
    echo "$binary"
    exit 0
fi

# The first Debian (not security) archive URI the machine already uses.
mirror_uri() {
    local f uri=""
    f=/etc/apt/sources.list.d/debian.sources
    if [ -r "$f" ]; then
        uri=$(awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f" |
              grep -v -- '-security' | head -n 1 || true)
    fi
    if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
        # deb [options] URI suite components...
        uri=$(sed -e 's/#.*//' -e 's/\[[^]]*\]//' /etc/apt/sources.list |
              awk '$1 == "deb" { print $2 }' | grep -v -- '-security' | head -n 1 || true)
    fi
    if [ -z "$uri" ]; then
        for f in /etc/apt/sources.list.d/*.list; do
            [ -r "$f" ] || continue
            uri=$(sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" |
                  awk '$1 == "deb" && $2 ~ /debian\/?$/ { print $2 }' | head -n 1 || true)
            [ -n "$uri" ] && break
        done
    fi
    printf '%s' "$uri"
}

uri=$(mirror_uri)
if [ -z "$uri" ]; then
    echo "fetch-consul: no Debian mirror URI found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list" >&2
    exit 1
fi

apt_dir="$build_dir/consul-apt"
rm -rf "$apt_dir"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/download"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ -r "$keyring" ]; then
    echo "deb [signed-by=$keyring] $uri bullseye main" > "$apt_dir/sources.list"
else
    echo "deb $uri bullseye main" > "$apt_dir/sources.list"
fi

apt_opts=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
    -o "APT::Sandbox::User=$(id -un)"
    -o "Debug::NoLocking=1"
)

echo "fetch-consul: downloading consul from Debian bullseye" >&2
apt-get -q "${apt_opts[@]}" update >&2
(cd "$apt_dir/download" && apt-get -q "${apt_opts[@]}" download consul >&2)

deb=$(ls "$apt_dir"/download/consul_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
    echo "fetch-consul: apt-get download consul produced no .deb" >&2
    exit 1
fi
rm -rf "$dest.tmp"
dpkg -x "$deb" "$dest.tmp"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
rm -rf "$apt_dir"

if ! "$binary" version >/dev/null 2>&1; then
    echo "fetch-consul: $binary does not run" >&2
    exit 1
fi
echo "$binary"
