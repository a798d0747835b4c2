#!/usr/bin/env bash
# test.sh: install what is missing, build, and run the whole test suite through ctest.
#   release preset: unit tests, official vectors, CLI tests, a tiny run of every benchmark
#   debug preset:   the same unit tests under ASan + UBSan with SP_VERIFY
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
jobs=${SP_JOBS:-$(nproc)}
status=0
for preset in release debug; do
  echo "=== preset $preset ==="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs" || status=1
done
exit $status
