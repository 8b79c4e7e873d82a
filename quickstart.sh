#!/usr/bin/env bash
# quickstart.sh - set up, build and start polymur-gateway on its embedded
# default: static key store (key "123" named "dev"), a self-signed
# certificate made on first run in ./var/tls, HTTPS on 127.0.0.1:8443, and
# console output. Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh
exec build/bin/polymur-gateway -config=etc/polymur-gateway.dev.ini "$@"
