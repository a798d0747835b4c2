#!/usr/bin/env bash
# test.sh: install what is missing, build, and run the whole test suite through ctest.
#   release preset: unit tests, official vectors, CLI tests, a tiny run of every benchmark
#   debug preset:   the same unit tests under ASan + UBSan with SP_VERIFY
#   ctime preset:   the constant-time check (tests/ctime) under valgrind memcheck
#   fuzz preset:    every libFuzzer target for 20 s (label slow: the long runs, not run here)
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
# Constant-time check (STYLE.md L5): -O2 -g with SP_CTIME_CHECK, ctime_check under valgrind memcheck.
echo "=== preset ctime ==="
cmake --preset ctime >/dev/null
cmake --build --preset ctime -j "$jobs" --target ctime_check
ctest --preset ctime -j "$jobs" || status=1
# Fuzz smoke run (STYLE.md L11): clang-19 + libFuzzer, every target for SP_FUZZ_SMOKE_SECONDS (20 s).
echo "=== preset fuzz ==="
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs" --target fuzz_all
ctest --preset fuzz -j "$jobs" || status=1
exit $status
