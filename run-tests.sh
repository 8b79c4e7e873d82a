#!/usr/bin/env bash
# run-tests.sh - installs what the tests need, builds, and runs every test
# with CTest (unit, plugin runtime and end-to-end tests on loopback).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh
# A real Consul agent for the key store tests (Debian bullseye's package,
# unpacked into the build folder; never installed system-wide).
tests/tools/fetch-consul.sh "${BUILD_DIR:-build}"
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j1 "$@"
