#!/usr/bin/env bash
# consul-dev.sh - start and stop a throw-away Consul dev agent on loopback
# for tests and manual trials. One agent per state folder; stopped by PID.
#
#   consul-dev.sh start DIR [--acl TOKEN] [--tls]
#       prints the agent's HTTP address (and its HTTPS address with --tls)
#   consul-dev.sh stop DIR [--kill]     --kill: SIGKILL, no graceful leave
#
# Environment:
#   CONSUL_BIN          consul binary (default: consul on PATH, else
#                       build/consul-pkg/usr/bin/consul from fetch-consul.sh)
#   CONSUL_DEV_HTTP_PORT, CONSUL_DEV_HTTPS_PORT, CONSUL_DEV_SERF_LAN_PORT,
#   CONSUL_DEV_SERVER_PORT
#                       ports to use (default: free ports picked at random)
#   CONSUL_DEV_WAIT     seconds to wait for a leader (default 30)
# With --acl, ACLs are enabled with default policy "deny" and TOKEN as the
# management token. With --tls, an HTTPS listener is added, with a CA and a
# server certificate (SAN 127.0.0.1, localhost) made by "consul tls"; the CA
# is DIR/tls/consul-agent-ca.pem. DNS, gRPC and Serf WAN are disabled.
set -euo pipefail

usage() {
    echo "usage: $0 start DIR [--acl TOKEN] [--tls] | stop DIR [--kill]" >&2
    exit 2
}

# Running and not a zombie (a slow init may take a while to reap it).
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    # State is the field after "(comm)" in /proc/PID/stat (no procps needed).
    case "$(sed -n 's/.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null)" in
        Z | X | "") return 1 ;;
    esac
    return 0
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local p i
    for i in $(seq 1 200); do
        p=$((20000 + RANDOM % 40000))
        if ! port_in_use "$p"; then
            echo "$p"
            return 0
        fi
    done
    echo "consul-dev: no free port found" >&2
    return 1
}

find_consul() {
    if [ -n "${CONSUL_BIN:-}" ]; then
        echo "$CONSUL_BIN"
    elif command -v consul >/dev/null 2>&1; then
        command -v consul
    else
        local here
        here=$(cd "$(dirname "$0")/../.." && pwd)
        echo "$here/build/consul-pkg/usr/bin/consul"
    fi
}

start() {
    local dir=$1 token=$2 tls=$3
    local bin
    bin=$(find_consul)
    if [ ! -x "$bin" ]; then
        echo "consul-dev: consul binary not found at '$bin' (run tests/tools/fetch-consul.sh or set CONSUL_BIN)" >&2
        exit 1
    fi
    bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -f "$dir/consul.pid" ] && alive "$(cat "$dir/consul.pid")"; then
        echo "consul-dev: an agent is already running for $dir (PID $(cat "$dir/consul.pid"))" >&2
        exit 1
    fi
    local http=${CONSUL_DEV_HTTP_PORT:-$(free_port)}
    local serf=${CONSUL_DEV_SERF_LAN_PORT:-$(free_port)}
    local server=${CONSUL_DEV_SERVER_PORT:-$(free_port)}
    local args=(agent -dev -bind 127.0.0.1 -client 127.0.0.1 -node polymur-test
                -http-port "$http" -dns-port -1 -grpc-port -1 -serf-wan-port -1
                -serf-lan-port "$serf" -server-port "$server"
                -data-dir "$dir/data")
    if [ -n "$token" ]; then
        cat > "$dir/acl.hcl" <<HCL
acl {
  enabled = true
  default_policy = "deny"
  tokens {
    master = "$token"
  }
}
HCL
        args+=(-config-file "$dir/acl.hcl")
    fi
    local https=""
    if [ "$tls" = 1 ]; then
        https=${CONSUL_DEV_HTTPS_PORT:-$(free_port)}
        rm -rf "$dir/tls"
        mkdir -p "$dir/tls"
        (cd "$dir/tls" && "$bin" tls ca create >/dev/null && "$bin" tls cert create -server -dc dc1 >/dev/null)
        cat > "$dir/tls.hcl" <<HCL
ports {
  https = $https
}
ca_file = "$dir/tls/consul-agent-ca.pem"
cert_file = "$dir/tls/dc1-server-consul-0.pem"
key_file = "$dir/tls/dc1-server-consul-0-key.pem"
verify_incoming = false
HCL
        args+=(-config-file "$dir/tls.hcl")
        echo "$https" > "$dir/https-port"
    fi
    nohup "$bin" "${args[@]}" > "$dir/consul.log" 2>&1 < /dev/null &
    local pid=$!
    echo "$pid" > "$dir/consul.pid"
    echo "$http" > "$dir/http-port"

    # Ready when a KV read is answered (404: no such key) rather than with
    # 500 "No cluster leader" or, with ACLs, 403 while the token is set up.
    local wait=${CONSUL_DEV_WAIT:-30} i status=""
    for i in $(seq 1 $((wait * 10))); do
        if ! alive "$pid"; then
            if grep -q "address already in use" "$dir/consul.log" && [ "${CONSUL_DEV_RETRIES:-0}" -lt 5 ] \
                && [ -z "${CONSUL_DEV_HTTP_PORT:-}${CONSUL_DEV_SERF_LAN_PORT:-}${CONSUL_DEV_SERVER_PORT:-}${CONSUL_DEV_HTTPS_PORT:-}" ]; then
                # A randomly chosen port was taken after all: choose again.
                rm -f "$dir/consul.pid"
                CONSUL_DEV_RETRIES=$(( ${CONSUL_DEV_RETRIES:-0} + 1 )) start "$dir" "$token" "$tls"
                return
            fi
            echo "consul-dev: agent exited; last log lines:" >&2
            tail -n 20 "$dir/consul.log" >&2
            rm -f "$dir/consul.pid"
            exit 1
        fi
        status=$(http_status "$http" /v1/kv/consul-dev-ready "$token")
        [ "$status" = 404 ] && break
        sleep 0.1
    done
    if [ "$status" != 404 ]; then
        echo "consul-dev: agent not ready after ${wait}s (last HTTP status '$status'); stopping" >&2
        stop "$dir"
        exit 1
    fi
    echo "http://127.0.0.1:$http"
    [ -z "$https" ] || echo "https://127.0.0.1:$https"
}

# HTTP status of GET PATH on the agent, without curl (not always installed).
http_status() {
    local port=$1 path=$2 token=${3:-} auth=""
    [ -n "$token" ] && auth="X-Consul-Token: $token"$'\r\n'
    {
        exec 3<>"/dev/tcp/127.0.0.1/$port" || return 0
        printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n%s\r\n' "$path" "$auth" >&3
        timeout 2 head -n 1 <&3 | awk '{ print $2 }'
        exec 3>&-
    } 2>/dev/null || true
}

stop() {
    local dir=$1 signal=${2:-TERM}
    [ -f "$dir/consul.pid" ] || return 0
    local pid
    pid=$(cat "$dir/consul.pid")
    if alive "$pid"; then
        kill "-$signal" "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 200); do
            alive "$pid" || break
            sleep 0.05
        done
        if alive "$pid"; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$dir/consul.pid"
}

[ $# -ge 2 ] || usage
case "$1" in
    start)
        dir=$2
        shift 2
        token="" tls=0
        while [ $# -gt 0 ]; do
            case "$1" in
                --acl) [ $# -ge 2 ] || usage; token=$2; shift 2 ;;
                --tls) tls=1; shift ;;
                *) usage ;;
            esac
        done
        start "$dir" "$token" "$tls"
        ;;
    stop)
        case "${3:-}" in
            "") stop "$2" TERM ;;
            --kill) stop "$2" KILL ;;
            *) usage ;;
        esac
        ;;
    *) usage ;;
esac
