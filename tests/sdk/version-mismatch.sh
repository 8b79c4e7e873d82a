#!/bin/bash
# version-mismatch.sh - the gateway refuses a plugin built against another
# SDK major (tests/plugins/bad-sdk claims 99.0) with the documented message
# naming the file and both versions: when the plugin is named by path, by
# name in plugins.dir, and in --list-plugins (which keeps listing the others).
#
#   version-mismatch.sh <gateway binary> <bad plugin .so> <Version.h>
set -euo pipefail

GATEWAY=$1
BAD=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
MAJOR=$(sed -n 's/^#define POLYMUR_SDK_VERSION_MAJOR \([0-9]*\).*/\1/p' "$3")
MINOR=$(sed -n 's/^#define POLYMUR_SDK_VERSION_MINOR \([0-9]*\).*/\1/p' "$3")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/polymur-sdk-mismatch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() {
    echo "FAIL: $*" >&2
    for log in "$WORK"/*.log; do
        [ -f "$log" ] && { echo "----- $log" >&2; tail -n 20 "$log" >&2; }
    done
    exit 1
}

[ -f "$BAD" ] || fail "no mismatched test plugin at $BAD"
[ -n "$MAJOR" ] && [ -n "$MINOR" ] || fail "cannot read the SDK version from $3"
EXPECTED="plugin $BAD was built against plugin SDK 99.0, but this gateway provides SDK $MAJOR.$MINOR (the major version must match and the minor may not be newer); rebuild the plugin against this gateway's SDK"

# The gateway must refuse to start, with the message, and never listen.
run_refused() { # <log name> <args...>
    local log="$WORK/$1.log"
    shift
    local status=0
    (cd "$WORK" && timeout 30 "$GATEWAY" -listen-addr=127.0.0.1:0 --gateway.self-signed=true \
        --plugins.keystore=static --keystore-static.keys=test-user:test-key -destinations=127.0.0.1:2003 "$@") \
        >"$log" 2>&1 || status=$?
    [ "$status" -ne 0 ] || fail "the gateway started with the mismatched plugin ($*)"
    [ "$status" -ne 124 ] || fail "the gateway hung instead of refusing the plugin ($*)"
    grep -qF "$EXPECTED" "$log" || fail "no refusal message naming the file and both versions ($*)"
    if grep -q "HTTPS listener started" "$log"; then fail "the gateway listened ($*)"; fi
    echo "refused ($*), exit status $status"
}

run_refused by-path --plugins.output="$BAD"
run_refused by-name --plugins.dir="$(dirname "$BAD")" --plugins.output=bad-sdk

# --list-plugins names the refused file and still lists the shipped plugins.
"$GATEWAY" --list-plugins --plugins.dir="$(dirname "$BAD")" >"$WORK/list.log" 2>&1 || fail "--list-plugins failed"
grep -qF "refused: $EXPECTED" "$WORK/list.log" || fail "--list-plugins does not show the refusal"
grep -q "^output graphite " "$WORK/list.log" || fail "--list-plugins stopped listing the shipped plugins"
if grep -q "^output bad-sdk " "$WORK/list.log"; then fail "--list-plugins lists the mismatched plugin as usable"; fi
echo "PASS: SDK 99.0 plugin refused with: $EXPECTED"
