#!/usr/bin/env bash
# bench/run.sh - the end-to-end benchmark of polymur-gateway on loopback.
#
#   bench/run.sh [BUILD_DIR]            (default: ./build)
#
# Starts counting Graphite sinks (polymur-bench-sink), the real gateway
# binary (dev key, self-signed certificate, --gateway.log-batches=false) and
# the load generator (polymur-bench-load: keep-alive HTTPS, pre-gzipped
# 5,000-line batches, retries on 503), and prints per scenario the median of
# RUNS runs: points/s end to end (points counted at the sinks / wall time),
# /ingest p50/p99 latency, gateway CPU seconds per million points, gateway
# peak RSS (VmHWM). Scenarios: broadcast to 1 destination, broadcast to 3,
# hash-route over 4 (when the dist-hashroute plugin is built), and broadcast
# to 1 paced at half its measured maximum (latency target). Also measures the
# single-core zlib inflate ceiling on the same payload first.
#
# Environment: RUNS (5), DURATION seconds per run (6), CONNECTIONS (4),
# GATEWAY (the gateway binary to measure; default BUILD_DIR's, e.g. an older
# build for before/after figures; its plugins are taken from beside it),
# SCENARIOS ("b1 b3 h4 half"), GATEWAY_ARGS (extra gateway flags),
# RESULTS (file the per-run rows are appended to; default a temp file),
# PERF_DATA (when set, `perf record -e cpu-clock -g` samples the gateway
# during each run's load into $PERF_DATA.<scenario>; the last run is kept).
set -euo pipefail

BUILD_DIR=${1:-build}
RUNS=${RUNS:-5}
DURATION=${DURATION:-6}
CONNECTIONS=${CONNECTIONS:-4}
SCENARIOS=${SCENARIOS:-"b1 b3 h4 half"}
GATEWAY_ARGS=${GATEWAY_ARGS:-}

GATEWAY=${GATEWAY:-$BUILD_DIR/bin/polymur-gateway}
LOAD=$BUILD_DIR/bin/polymur-bench-load
SINK=$BUILD_DIR/bin/polymur-bench-sink
PLUGINS=$(dirname "$(dirname "$GATEWAY")")/lib/polymur-gateway/plugins
for f in "$GATEWAY" "$LOAD" "$SINK"; do
  [[ -x $f ]] || { echo "missing $f: build first (cmake --build $BUILD_DIR -j2)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/polymur-bench.XXXXXX)
RESULTS=${RESULTS:-$WORK/runs.tsv}
GW_PID=""
SINK_PID=""
cleanup() {
  [[ -n $GW_PID ]] && kill -KILL "$GW_PID" 2>/dev/null || true
  [[ -n $SINK_PID ]] && kill -KILL "$SINK_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[[ -s $RESULTS ]] || printf '#%s\n' "$(printf '%s\t' scenario points_per_s p50_ms p99_ms cpu_s_per_Mpt rss_MB torn \
  undelivered retries_503 errors points wall_s gw_cores load_cores sink_cores loadavg zlib_ceiling pct_zlib \
  libdeflate_ceiling pct_libdeflate)" > "$RESULTS"

CLK_TCK=$(getconf CLK_TCK)
kv() { sed -n "s/^$1=//p" "$2" | tail -1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

echo "polymur-gateway benchmark: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "runs=$RUNS duration=${DURATION}s connections=$CONNECTIONS loadavg $(cut -d' ' -f1-3 /proc/loadavg)"

# The machine's limit for this payload, measured now, on an idle machine.
"$LOAD" --inflate-ceiling=2 > "$WORK/ceiling"
CEILING=$(kv zlib_inflate_points_per_s "$WORK/ceiling")
echo "payload: $(kv payload_raw_bytes_per_point "$WORK/ceiling") bytes/point, gzip ratio $(kv payload_compression_ratio "$WORK/ceiling")"
echo "single-core zlib inflate ceiling: $CEILING points/s ($(kv zlib_inflate_mb_per_s "$WORK/ceiling") MB/s inflated)"
if [[ -n $(kv libdeflate_inflate_points_per_s "$WORK/ceiling") ]]; then
  echo "single-core libdeflate inflate: $(kv libdeflate_inflate_points_per_s "$WORK/ceiling") points/s"
fi

# A certificate made once, so no run pays for RSA key generation.
CERT=$WORK/cert.pem
KEY=$WORK/key.pem

# run_once NAME DISTRIBUTION DESTS FANOUT RATE -> appends a row to $RESULTS
run_once() {
  local name=$1 dist=$2 dests=$3 fanout=$4 rate=$5
  local status=$WORK/sink.status port log=$WORK/gateway.log
  rm -f "$status"
  "$SINK" --listeners="$dests" --status="$status" &
  SINK_PID=$!
  for _ in $(seq 100); do [[ -s $status ]] && break; sleep 0.05; done
  local destinations
  # host:port:instance - carbon's ring tells nodes apart by (host, instance).
  destinations=$(kv ports "$status" | tr ',' '\n' | awk '{printf "127.0.0.1:%s:d%d\n", $1, NR}' | paste -sd,)
  port=$("$LOAD" --free-port)
  : > "$log"
  "$GATEWAY" -listen-addr=127.0.0.1:"$port" -api-addr=127.0.0.1:"$("$LOAD" --free-port)" \
    -stat-addr=127.0.0.1:"$("$LOAD" --free-port)" -dev-mode -cert="$CERT" -key="$KEY" \
    --gateway.self-signed=true --gateway.log-batches=false -distribution="$dist" \
    -destinations="$destinations" $GATEWAY_ARGS > "$log" 2>&1 &
  GW_PID=$!
  for _ in $(seq 200); do grep -q "HTTPS listener started" "$log" && break; sleep 0.05; done
  grep -q "HTTPS listener started" "$log" || { echo "gateway did not start:" >&2; cat "$log" >&2; exit 1; }
  for _ in $(seq 100); do [[ $(kv connections "$status") -ge $dests ]] && break; sleep 0.05; done

  # The ceiling again just before this run, so the ratio sees the same
  # machine conditions (the machine is shared).
  "$LOAD" --inflate-ceiling=1 > "$WORK/ceiling.run"
  local ceiling libdeflate
  ceiling=$(kv zlib_inflate_points_per_s "$WORK/ceiling.run")
  libdeflate=$(kv libdeflate_inflate_points_per_s "$WORK/ceiling.run"); libdeflate=${libdeflate:-0}
  local cpu0 sink0 load_out=$WORK/load.out loadavg0
  cpu0=$(cpu_ticks "$GW_PID"); sink0=$(cpu_ticks "$SINK_PID")
  loadavg0=$(cut -d' ' -f1 /proc/loadavg)
  local perf_pid=""
  if [[ -n ${PERF_DATA:-} ]]; then
    perf record -q -e cpu-clock -F 1999 -g -p "$GW_PID" -o "$PERF_DATA.$name" 2>/dev/null &
    perf_pid=$!
  fi
  "$LOAD" --port="$port" --connections="$CONNECTIONS" --duration="$DURATION" --rate="$rate" > "$load_out"
  if [[ -n $perf_pid ]]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; fi
  local accepted expected
  accepted=$(kv points_accepted "$load_out")
  expected=$((accepted * fanout))
  # Wait for the gateway to deliver everything it accepted (bounded).
  local last=-1 same=0
  for _ in $(seq 300); do
    local now; now=$(kv lines "$status")
    [[ $now -ge $expected ]] && break
    if [[ $now == "$last" ]]; then same=$((same + 1)); [[ $same -ge 20 ]] && break; else same=0; fi
    last=$now
    sleep 0.05
  done
  local cpu1 sink1 hwm
  cpu1=$(cpu_ticks "$GW_PID"); sink1=$(cpu_ticks "$SINK_PID")
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$GW_PID/status")
  kill -TERM "$GW_PID"; wait "$GW_PID" 2>/dev/null || true; GW_PID=""
  kill -TERM "$SINK_PID"; wait "$SINK_PID" 2>/dev/null || true; SINK_PID=""

  local lines torn start_ns last_ns
  lines=$(kv lines "$status"); torn=$(kv torn "$status")
  start_ns=$(kv start_ns "$load_out"); last_ns=$(kv last_ns "$status")
  awk -v name="$name" -v lines="$lines" -v fanout="$fanout" -v start="$start_ns" -v end="$last_ns" \
      -v cpu=$((cpu1 - cpu0)) -v tck="$CLK_TCK" -v hwm="$hwm" -v torn="$torn" -v accepted="$accepted" \
      -v expected="$expected" -v p50="$(kv p50_ms "$load_out")" -v p99="$(kv p99_ms "$load_out")" \
      -v retries="$(kv retries_503 "$load_out")" -v errors="$(kv errors "$load_out")" \
      -v loadcpu="$(kv cpu_s "$load_out")" -v sinkcpu=$((sink1 - sink0)) -v loadavg="$loadavg0" -v ceiling="$ceiling" -v libdeflate="$libdeflate" 'BEGIN {
        wall = (end - start) / 1e9; points = lines / fanout;
        printf "%s\t%.0f\t%.2f\t%.2f\t%.3f\t%.1f\t%d\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t%.0f\t%.1f\t%.0f\t%.1f\n", name,
               points / wall, p50, p99, (cpu / tck) / (points / 1e6), hwm / 1024, torn, expected - lines, retries,
               errors, points, wall, cpu / tck / wall, loadcpu / wall, sinkcpu / tck / wall, loadavg, ceiling,
               100 * points / wall / ceiling, libdeflate, libdeflate ? 100 * points / wall / libdeflate : 0 }' >> "$RESULTS"
  tail -1 "$RESULTS" | awk -F'\t' '{printf "  %-4s %8d pt/s  p50 %6.2f ms  p99 %6.2f ms  %.3f cpu-s/Mpt  rss %5.1f MB  torn %d  undelivered %d  503s %d  err %d  cores: gw %.2f load %.2f sink %.2f  loadavg %s  ceiling %d (%.1f%%)\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $13, $14, $15, $16, $17, $18}'
}

# scenario NAME DIST DESTS FANOUT RATE
scenario() {
  local name=$1
  for _ in $(seq "$RUNS"); do run_once "$@"; done
}

col_median() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n {print $c}' "$RESULTS" | median; }

HASH_PLUGIN=$(ls "$PLUGINS"/polymur-dist-hash*.so 2>/dev/null | head -1 || true)
for s in $SCENARIOS; do
  case $s in
    b1) echo "broadcast to 1 destination:"; scenario b1 broadcast 1 1 0 ;;
    b3) echo "broadcast to 3 destinations:"; scenario b3 broadcast 3 3 0 ;;
    h4)
      if [[ -n $HASH_PLUGIN ]]; then echo "hash-route over 4 destinations:"; scenario h4 hash-route 4 1 0
      else echo "hash-route over 4: pending (no dist-hashroute plugin in $PLUGINS)"; fi ;;
    half)
      max=$(col_median b1 2)
      [[ $max == nan ]] && { echo "half: needs b1 first"; continue; }
      half=$(awk -v m="$max" 'BEGIN {printf "%.0f", m / 2}')
      echo "broadcast to 1 destination, paced at half the b1 median ($half points/s):"
      scenario half broadcast 1 1 "$half" ;;
  esac
done

echo
echo "Medians of $RUNS runs. Ceiling: single-core inflate rate of the same payload measured just before each"
echo "run (zlib; libdeflate in the last columns); %: that run's points/s against it."
printf "%-6s %10s %7s %7s %9s %7s %10s %7s %10s %7s %5s %8s\n" scen points/s p50_ms p99_ms cpu-s/Mpt rss_MB zlib %zlib libdeflate %libd torn undeliv
for s in b1 b3 h4 half; do
  awk -F'\t' -v n="$s" '$1 == n' "$RESULTS" | grep -q . || continue
  pts=$(col_median "$s" 2)
  printf "%-6s %10.0f %7.2f %7.2f %9.3f %7.1f %10.0f %6.1f%% %10.0f %6.1f%% %5d %8d\n" "$s" "$pts" "$(col_median "$s" 3)" \
    "$(col_median "$s" 4)" "$(col_median "$s" 5)" "$(col_median "$s" 6)" "$(col_median "$s" 17)" "$(col_median "$s" 18)" \
    "$(col_median "$s" 19)" "$(col_median "$s" 20)" \
    "$(awk -F'\t' -v n="$s" '$1 == n {t += $7} END {print t}' "$RESULTS")" \
    "$(awk -F'\t' -v n="$s" '$1 == n {t += $8} END {print t}' "$RESULTS")"
done
