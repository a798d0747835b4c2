#!/usr/bin/env bash
# perf_table.sh: measure every `stakepool bench` op and write docs/PERFORMANCE.md, ours vs blst vs mcl.
#
#   tools/perf_table.sh [--filter REGEX] [--out FILE] [--resume]
#
# 1. Builds the release binary: the `bench` preset (build/bench), or, if SP_PERF_BUILD_DIR is set,
#    that directory with the same settings (Release, -O2 -DNDEBUG, no tests).
# 2. For every op id of ../shared/perf-anchors.md §2 and every other id of `stakepool bench --list`:
#    - instructions per operation: ../shared/tools/instr-per-op.sh (callgrind, STAKEPOOL_ISA=adx,
#      the difference of two fixed iteration counts), divided by the operations per call (1000 for
#      the field rows);
#    - the native median ns of `stakepool bench --filter '^id$' --json` (7 batches of ~30 ms).
#    Ops slower than SP_PERF_MAX_CALLGRIND_MS (100) natively get no instruction count.
#    Raw results go to $SP_PERF_WORK/results.tsv (default build-perf/); --resume keeps those there.
# 3. Writes the table (with the anchors' blst/mcl columns, our ratio to the target column, and the
#    command line that produced it) to docs/PERFORMANCE.md.
# Runs under `nice`: the machine is shared. Needs valgrind and python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
filter='.*' out=docs/PERFORMANCE.md resume=0
cmdline="$(env | grep -E '^SP_(PERF_[A-Z_]+|ANCHORS|INSTR_TOOL|JOBS)=' | sort | tr '\n' ' ')nice tools/perf_table.sh $*"
while [ $# -gt 0 ]; do
  case $1 in
    --filter) filter=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --resume) resume=1; shift ;;
    *) echo "perf_table.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
anchors=${SP_ANCHORS:-$root/../shared/perf-anchors.md}
instr_tool=${SP_INSTR_TOOL:-$root/../shared/tools/instr-per-op.sh}
work=${SP_PERF_WORK:-$root/build-perf}
for f in "$anchors" "$instr_tool"; do
  [ -e "$f" ] || { echo "perf_table.sh: missing $f" >&2; exit 2; }
done

# ---- build ----------------------------------------------------------------------------------------
if [ -n "${SP_PERF_BUILD_DIR:-}" ]; then
  bdir=$SP_PERF_BUILD_DIR
  cmake -S "$root" -B "$bdir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DSP_BUILD_TESTS=OFF >/dev/null
  nice cmake --build "$bdir" -j "${SP_JOBS:-2}" --target stakepool
else
  bdir=$root/build/bench
  cmake --preset bench >/dev/null
  nice cmake --build --preset bench -j "${SP_JOBS:-2}" --target stakepool
fi
bin=$bdir/apps/stakepool/stakepool
[ -x "$bin" ] || { echo "perf_table.sh: no binary at $bin" >&2; exit 1; }

# ---- measure --------------------------------------------------------------------------------------
mkdir -p "$work"
results=$work/results.tsv
[ "$resume" = 1 ] && [ -e "$results" ] || : >"$results"
"$bin" bench --list --json >"$work/ops.json"
ops=$(PYTHONPATH=$root/tools python3 - "$anchors" "$work/ops.json" "$filter" <<'EOF'
import json, re, sys
from perf_table_render import parse_anchors
anchor_ids = list(parse_anchors(sys.argv[1]))
listed = [o['id'] for o in json.load(open(sys.argv[2]))]
missing = [i for i in anchor_ids if i not in listed]
if missing:
    print('perf_table.sh: anchor ops without a benchmark: ' + ' '.join(missing), file=sys.stderr)
seen = []
for i in [i for i in anchor_ids if i in listed] + listed:
    if i not in seen and re.fullmatch(sys.argv[3], i): seen.append(i)
print(' '.join(seen))
EOF
)
for op in $ops; do
  if grep -q "^$op	" "$results"; then continue; fi
  inner=$(python3 -c 'import json,sys; print(next(o["inner"] for o in json.load(open(sys.argv[1])) if o["id"]==sys.argv[2]))' "$work/ops.json" "$op")
  median=$(nice "$bin" bench --filter "^${op}\$" --json |
           python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["median_ns"])')
  # Fewer callgrind iterations for slow ops (callgrind runs ~50x slower than native); none at all
  # above SP_PERF_MAX_CALLGRIND_MS (default 100 ms per op: the DKG and keystore ops), written "—".
  n1=2 n2=6
  if python3 -c "import sys; sys.exit(0 if $median > 2e6 else 1)"; then n1=1 n2=3; fi
  if python3 -c "import sys; sys.exit(0 if $median > 2e7 else 1)"; then n1=1 n2=2; fi
  if python3 -c "import sys; sys.exit(0 if $median > ${SP_PERF_MAX_CALLGRIND_MS:-100} * 1e6 else 1)"; then
    instr=nan
  else
    per_call=$(nice "$instr_tool" "$bin" "$op" "$n1" "$n2" | awk '{print $2}')
    instr=$(python3 -c "print($per_call / $inner)")
  fi
  printf '%s\t%s\t%s\n' "$op" "$instr" "$median" | tee -a "$results"
done

# ---- write the table ------------------------------------------------------------------------------
python3 "$root/tools/perf_table_render.py" --anchors "$anchors" --results "$results" \
  --ops "$work/ops.json" --binary "$bin" --command "$cmdline" >"$out"
echo "perf_table.sh: wrote $out"
