#!/usr/bin/env bash
# simulate_determinism.sh BIN DIR: two runs of a small simulation with one seed give byte-identical
# report.json and report.html, a third with another seed differs; every run passes its safety checks.
set -euo pipefail
bin=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir"
args=(simulate --operators 4 --validators 2 --epochs 1 --no-sync-contributions --faults byzantine:1:mix)
"$bin" "${args[@]}" --seed 5 --out "$dir/a" > "$dir/a.txt"
"$bin" "${args[@]}" --seed 5 --out "$dir/b" > "$dir/b.txt"
"$bin" "${args[@]}" --seed 6 --out "$dir/c" > "$dir/c.txt"
passed=0
cmp -s "$dir/a/report.json" "$dir/b/report.json" && passed=$((passed + 1)) || echo "FAIL: report.json differs for one seed"
cmp -s "$dir/a/report.html" "$dir/b/report.html" && passed=$((passed + 1)) || echo "FAIL: report.html differs for one seed"
cmp -s "$dir/a/report.json" "$dir/c/report.json" && echo "FAIL: another seed gave the same report" || passed=$((passed + 1))
grep -q '"slashable_messages": 0' "$dir/a/report.json" || { echo "FAIL: safety"; exit 1; }
test -s "$dir/a/timing.json"
echo "simulate determinism: $passed/3 passed"
