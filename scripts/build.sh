#!/usr/bin/env bash
# build.sh - configures and builds polymur-gateway in ./build (extra CMake
# arguments are passed through, e.g. -DPOLYMUR_SANITIZE=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@"
cmake --build "$BUILD_DIR" -j"$(nproc)"
