#!/usr/bin/env bash
# quickstart.sh: install what is missing, build the release preset, run the main job with defaults.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target stakepool
exec ./build/release/apps/stakepool/stakepool demo "$@"
