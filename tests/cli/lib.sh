# lib.sh: helpers for the end-to-end CLI test scripts (sourced, not run). Provides a scratch folder
# $dir (removed on exit) and counters $pass / $total; `summary` prints "N passed, M failed" and
# exits non-zero on any failure.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0
total=0
check() {  # check NAME COMMAND...: the command must succeed
  total=$((total + 1))
  if "${@:2}" >"$dir/out" 2>&1; then pass=$((pass + 1)); else echo "FAIL $1"; cat "$dir/out"; fi
}
refuse() {  # refuse NAME PATTERN COMMAND...: the command must fail with PATTERN in its output
  total=$((total + 1))
  if "${@:3}" >"$dir/out" 2>&1; then
    echo "FAIL $1: succeeded"
  elif grep -q -- "$2" "$dir/out"; then
    pass=$((pass + 1))
  else
    echo "FAIL $1: wrong error"; cat "$dir/out"
  fi
}
