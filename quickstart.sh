#!/usr/bin/env bash
# quickstart.sh: install what is missing, build the release preset, run the main job with defaults.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target stakepool
# The main job: a whole pool network under a virtual clock; report.{json,html} and timing.json in ./out.
exec ./build/release/apps/stakepool/stakepool simulate --out ./out "$@"
