#!/usr/bin/env bash
# run-tests.sh - installs what the tests need, builds, and runs every test
# with CTest (unit, plugin runtime and end-to-end tests on loopback).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j1 "$@"
