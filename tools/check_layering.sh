#!/usr/bin/env bash
# check_layering.sh: a module may include only modules at or below its own layer (DESIGN.md).
# Usage: tools/check_layering.sh [repo-root]. Exit 1 and a list of offending includes on violation.
set -euo pipefail
root=${1:-$(dirname "$0")/..}
cd "$root"
declare -A rank=([util]=0 [crypto]=1 [threshold]=2 [eth]=3 [consensus]=4 [duty]=5 [net]=5 [beacon]=5
                 [pool]=6 [sim]=7 [node]=7 [cli]=8)
bad=0
for m in "${!rank[@]}"; do
  for dir in "include/stakepool/$m" "src/$m"; do
    [ -d "$dir" ] || continue
    while IFS=: read -r file _ inc; do
      dep=$(sed -E 's|.*"stakepool/([a-z]+)/.*|\1|' <<<"$inc")
      [ -n "${rank[$dep]+x}" ] || continue
      if (( rank[$dep] > rank[$m] )); then
        echo "layering: $file ($m) includes stakepool/$dep (a higher layer)"
        bad=1
      fi
    done < <(grep -rnE '#include "stakepool/[a-z]+/' "$dir" || true)
  done
done
exit $bad
