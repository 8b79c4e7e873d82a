#!/usr/bin/env bash
# run-fuzzers.sh - builds the libFuzzer targets with clang (ASan+UBSan) in
# their own build directory and runs each for a bounded time on a copy of
# its seed corpus (tests/fuzz/corpus/<target>). Exits non-zero on a crash,
# leak, sanitizer report or timeout; the reproducer is left in the build dir.
#   FUZZ_SECONDS=60 (per target)   FUZZ_BUILD_DIR=build-fuzz   CXX=clang++-14
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
CXX_COMPILER=${CXX:-}
if [[ -z "$CXX_COMPILER" || "$CXX_COMPILER" != *clang* ]]; then
  CXX_COMPILER=$(command -v clang++-14 || command -v clang++ || true)
fi
if [[ -z "$CXX_COMPILER" ]] || ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed"; then
  # Debian 12: the compiler and its libFuzzer/sanitizer runtimes.
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends clang-14 libclang-rt-14-dev
  CXX_COMPILER=$(command -v clang++-14)
fi
cmake -S . -B "$BUILD_DIR" -DCMAKE_CXX_COMPILER="$CXX_COMPILER" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPOLYMUR_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$BUILD_DIR" -j"${JOBS:-2}" --target fuzz_batch fuzz_config
status=0
for target in batch config; do
  work="$BUILD_DIR/fuzz-$target"
  mkdir -p "$work/corpus"
  cp -n tests/fuzz/corpus/$target/* "$work/corpus/" 2>/dev/null || true
  echo "== fuzz_$target: ${SECONDS_PER_TARGET}s"
  if ! (cd "$work" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "../bin/fuzz_$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 corpus); then
    echo "fuzz_$target FAILED: reproducer in $work" >&2
    status=1
  fi
done
exit $status
