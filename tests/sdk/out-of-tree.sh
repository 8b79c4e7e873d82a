#!/bin/bash
# out-of-tree.sh - proves the installed plugin SDK is enough to write, build
# and load a plugin: installs the project into a temporary prefix (then moves
# it, to prove the install relocatable), builds examples/out-example in its
# own build folder against that prefix only, installs it (into the gateway's
# plugin folder, the package's default), checks `--list-plugins` lists every
# shipped plugin with its config keys, runs the installed gateway with the
# example as its output, sends gzip batches over HTTPS with curl and compares
# the rotated NDJSON files with what was sent.
#
#   out-of-tree.sh <source dir> <build dir>
set -euo pipefail

SRC=$(cd "$1" && pwd)
BUILD=$(cd "$2" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/polymur-sdk-test.XXXXXX")
PREFIX="$WORK/prefix"
GATEWAY_PID=""

fail() {
    echo "FAIL: $*" >&2
    for log in "$WORK"/*.log; do
        [ -f "$log" ] && { echo "----- $log" >&2; tail -n 40 "$log" >&2; }
    done
    exit 1
}

cleanup() {
    if [ -n "$GATEWAY_PID" ] && kill -0 "$GATEWAY_PID" 2>/dev/null; then
        kill -KILL "$GATEWAY_PID" 2>/dev/null || true
    fi
    if [ -n "${POLYMUR_TEST_KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Poll `condition` (a command) every 0.1 s for at most $1 seconds.
wait_until() {
    local seconds=$1
    shift
    local tries=$((seconds * 10))
    for ((i = 0; i < tries; i++)); do
        if "$@"; then return 0; fi
        sleep 0.1
    done
    return 1
}

for tool in cmake curl gzip; do
    command -v "$tool" >/dev/null || fail "$tool is required"
done

# 1. Install the gateway and its SDK into a throw-away prefix, then move the
# prefix: everything below runs from the moved copy (relocatable install).
cmake --install "$BUILD" --prefix "$WORK/installed-here" >"$WORK/install.log" 2>&1 ||
    fail "cmake --install of the gateway failed"
mv "$WORK/installed-here" "$PREFIX"
GATEWAY="$PREFIX/bin/polymur-gateway"
[ -x "$GATEWAY" ] || fail "no installed gateway binary"
CONFIG_DIR=$(dirname "$(find "$PREFIX" -name PolymurGatewayConfig.cmake | head -n 1)")
[ -f "$CONFIG_DIR/PolymurGatewayConfigVersion.cmake" ] || fail "no installed PolymurGatewayConfigVersion.cmake"
[ -f "$PREFIX/include/polymur/Sdk.h" ] || fail "SDK headers not installed"
[ -f "$PREFIX/share/doc/polymur-gateway/plugins.md" ] || fail "docs/plugins.md not installed"
# Relocatable: no installed CMake file or header may name the build or source tree.
if grep -rlF -e "$BUILD" -e "$SRC" "$PREFIX/include" "$CONFIG_DIR" "$PREFIX/share/doc" >"$WORK/abs-paths.txt"; then
    fail "installed files name the build/source tree: $(cat "$WORK/abs-paths.txt")"
fi

# 2. Build the example with nothing but the installed prefix. The same
# compiler as the gateway's build keeps the C++ ABI identical.
CXX_COMPILER=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
cmake -S "$SRC/examples/out-example" -B "$WORK/example-build" \
    -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
    -DCMAKE_CXX_COMPILER="$CXX_COMPILER" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    >"$WORK/example-configure.log" 2>&1 || fail "configuring examples/out-example against the prefix failed"
grep -q "PolymurGateway_DIR:PATH=$CONFIG_DIR" "$WORK/example-build/CMakeCache.txt" ||
    fail "the example did not find PolymurGateway in the installed prefix"
cmake --build "$WORK/example-build" -j2 >"$WORK/example-build.log" 2>&1 || fail "building examples/out-example failed"
cmake --install "$WORK/example-build" >"$WORK/example-install.log" 2>&1 || fail "installing examples/out-example failed"
PLUGIN_DIR="$PREFIX/lib/polymur-gateway/plugins"
[ -f "$PLUGIN_DIR/polymur-out-example.so" ] || fail "the example was not installed into $PLUGIN_DIR"

# 3. --list-plugins: every plugin folder of the source tree, and the example,
# with every config key its Plugin.cpp declares.
"$GATEWAY" --list-plugins >"$WORK/list.log" 2>&1 || fail "--list-plugins failed"
if grep -q "^refused:" "$WORK/list.log"; then fail "--list-plugins refused a shipped plugin"; fi
# The keys a plugin's sources declare, as "key<TAB>default": the first two
# strings of each entry of its ConfigKeySpec array(s), {"file", "", "Key file"}.
declared_keys() { # <plugin source folder>
    find "$1" -name '*.h' -o -name '*.cpp' | sort | xargs awk '
        /ConfigKeySpec/ && /\[\]/ { inside = 1 }
        inside && match($0, /^[[:space:]]*\{"[a-z0-9.-]+",[[:space:]]*"[^"]*"/) {
            entry = substr($0, RSTART, RLENGTH); sub(/^[[:space:]]*\{"/, "", entry)
            key = entry; sub(/".*/, "", key)
            value = entry; sub(/^[^"]*",[[:space:]]*"/, "", value); sub(/"$/, "", value)
            print key "\t" value
        }
        inside && /};/ { inside = 0 }'
}
check_listed() { # <plugin folder name> <its source folder>
    local section=$1 source=$2
    # The block of this plugin: from its header line to the next plugin's.
    local block
    block=$(awk -v s="  section: [$section]" '
        /^[a-z]+ [^ ]+ [^ ]+ \(SDK / { if (found) exit; header = $0; body = ""; next }
        { body = body $0 "\n" }
        $0 == s { found = 1; print header }
        END { if (found) printf "%s", body }' "$WORK/list.log")
    [ -n "$block" ] || fail "--list-plugins does not list [$section]"
    local keys
    keys=$(declared_keys "$source")
    [ -n "$keys" ] || fail "no config keys declared in $source"
    local listed=""
    while IFS=$'\t' read -r key default; do
        # "    key = default", then its doc line indented by 8.
        awk -v want="    $key = $default" '
            found { doc = ($0 ~ /^        [^ ]/); exit } $0 == want { found = 1 } END { exit !(found && doc) }' \
            <<<"$block" || fail "--list-plugins lists [$section] without '$key = $default' and its doc line"
        listed="$listed $key=$default"
    done <<<"$keys"
    echo "listed [$section] with keys:$listed"
}
shipped=0
for dir in "$SRC"/plugins/*/; do
    [ -f "$dir/Plugin.cpp" ] || continue
    check_listed "$(basename "$dir")" "$dir"
    shipped=$((shipped + 1))
done
[ "$shipped" -ge 3 ] || fail "expected at least 3 shipped plugins, found $shipped"
check_listed out-example "$SRC/examples/out-example"
grep -q "^output example 1.0.0 (SDK " "$WORK/list.log" || fail "the example's kind/name/version line is missing"
grep -q "Points as newline-delimited JSON" "$WORK/list.log" || fail "the example's description is missing"

# 4. Run the installed gateway with the example as its output.
OUT="$WORK/out"
mkdir -p "$OUT"
cat >"$WORK/gateway.ini" <<INI
[plugins]
keystore = static
output = example

[keystore-static]
keys = test-user:test-key

[out-example]
path = $OUT/points-{destination}.ndjson
max-bytes = 20000
keep = 2
colour = blue
INI

start_gateway() { # tries free-looking ports until one binds
    for attempt in 1 2 3 4 5; do
        PORT=$((20000 + (RANDOM % 20000)))
        (cd "$WORK" && exec "$GATEWAY" -config="$WORK/gateway.ini" -listen-addr="127.0.0.1:$PORT" \
            -api-addr="127.0.0.1:$((PORT + 1))" -stat-addr="127.0.0.1:$((PORT + 2))" \
            --gateway.self-signed=true -destinations=127.0.0.1:2003:a >"$WORK/gateway.log" 2>&1) &
        GATEWAY_PID=$!
        if wait_until 20 grep -q -e "HTTPS listener started" -e "cannot start" "$WORK/gateway.log" &&
            grep -q "HTTPS listener started" "$WORK/gateway.log"; then
            return 0
        fi
        wait "$GATEWAY_PID" 2>/dev/null || true
        GATEWAY_PID=""
        grep -qi "in use" "$WORK/gateway.log" || fail "the gateway did not start"
    done
    fail "no free port found for the gateway"
}
start_gateway
grep -q "Loaded output plugin example 1.0.0 from $PLUGIN_DIR/polymur-out-example.so" "$WORK/gateway.log" ||
    fail "the gateway did not report loading the example from the installed plugin folder"
grep -q "\[out-example\] unknown config key 'colour'" "$WORK/gateway.log" ||
    fail "no warning for the unknown key in [out-example]"

# 5. Four batches, each waited for, so each is one write and the 20000-byte
# limit rotates before batches 2, 3 and 4; keep = 2 drops batch 1's file.
OUT_FILE="$OUT/points-127.0.0.1_2003_a.ndjson"
: >"$WORK/expected.ndjson"
last_line_is() {
    [ "$(tail -n 1 "$OUT_FILE" 2>/dev/null)" = "$1" ]
}
lines_written() {
    cat "$OUT_FILE" "$OUT_FILE.1" "$OUT_FILE.2" 2>/dev/null | wc -l
}
total=0
for batch in 1 2 3 4; do
    # Values JSON spells differently, and a name JSON must escape.
    printf '%s\n' "sdk.edge.plus +7 1700000001" "sdk.edge.exp 1e3 1700000002" "sdk.edge.dot .5 1700000003" \
        'sdk.edge.q"uote\back -0.125 1700000004' >"$WORK/batch.txt"
    printf '%s\n' '{"name":"sdk.edge.plus","value":7,"timestamp":1700000001}' \
        '{"name":"sdk.edge.exp","value":1000,"timestamp":1700000002}' \
        '{"name":"sdk.edge.dot","value":0.5,"timestamp":1700000003}' \
        '{"name":"sdk.edge.q\"uote\\back","value":-0.125,"timestamp":1700000004}' >"$WORK/batch-expected.ndjson"
    for ((i = 0; i < 200; i++)); do
        ts=$((1700000000 + batch * 1000 + i))
        echo "sdk.batch$batch.metric_$i $i.25 $ts" >>"$WORK/batch.txt"
        echo "{\"name\":\"sdk.batch$batch.metric_$i\",\"value\":$i.25,\"timestamp\":$ts}" >>"$WORK/batch-expected.ndjson"
    done
    gzip -c "$WORK/batch.txt" >"$WORK/batch.gz"
    code=$(curl -sk --max-time 20 -o "$WORK/reply.txt" -w '%{http_code}' -H 'X-Polymur-Key: test-key' \
        --data-binary @"$WORK/batch.gz" "https://127.0.0.1:$PORT/ingest") || fail "curl could not reach the gateway"
    [ "$code" = 200 ] || fail "batch $batch: HTTP $code $(cat "$WORK/reply.txt")"
    grep -q "Batch Received" "$WORK/reply.txt" || fail "batch $batch: unexpected reply $(cat "$WORK/reply.txt")"
    total=$((total + 204))
    if [ "$batch" -ge 2 ]; then cat "$WORK/batch-expected.ndjson" >>"$WORK/expected.ndjson"; fi
    # A batch is one write, so its last line in the file means all of it is there.
    last=$(tail -n 1 "$WORK/batch-expected.ndjson")
    wait_until 20 last_line_is "$last" || fail "batch $batch never reached $OUT_FILE"
    if [ "$batch" -le 2 ]; then expect=$total; else expect=$((204 * 3)); fi
    [ "$(lines_written)" -eq "$expect" ] || fail "batch $batch: the files hold $(lines_written) lines, expected $expect"
done

# 6. Stop cleanly, then compare: .2 = batch 2, .1 = batch 3, current = batch 4.
kill -TERM "$GATEWAY_PID"
wait_until 20 bash -c "! kill -0 $GATEWAY_PID 2>/dev/null" || fail "the gateway did not stop on SIGTERM"
wait "$GATEWAY_PID" || fail "the gateway exited with status $?"
GATEWAY_PID=""
[ ! -e "$OUT_FILE.3" ] || fail "keep = 2 left a third rotated file"
cat "$OUT_FILE.2" "$OUT_FILE.1" "$OUT_FILE" >"$WORK/actual.ndjson"
diff -u "$WORK/expected.ndjson" "$WORK/actual.ndjson" >"$WORK/diff.log" || fail "NDJSON output differs from what was sent"
for f in "$OUT_FILE.2" "$OUT_FILE.1" "$OUT_FILE"; do
    [ "$(wc -l <"$f")" -eq 204 ] || fail "$f does not hold exactly one batch"
done
echo "PASS: out-of-tree plugin built against $PREFIX, loaded, $total points sent, 3 rotated files match"
