#!/usr/bin/env bash
# setup.sh: installs the Debian packages stakepool needs, only those missing (idempotent).
# Sourced by quickstart.sh and test.sh.
set -euo pipefail

SP_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libssl-dev libsqlite3-dev libcli11-dev nlohmann-json3-dev libyaml-cpp-dev libutf8proc-dev
  libasio-dev libcpp-httplib-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libsnappy-dev
  libgtest-dev librapidcheck-dev libbenchmark-dev valgrind
  clang-19 libclang-rt-19-dev libfuzzer-19-dev
)

sp_missing_packages() {
  local missing=()
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  echo "${missing[@]:-}"
}

sp_install() {
  local missing
  missing=$(sp_missing_packages "$@")
  if [ -n "$missing" ]; then
    echo "setup: installing: $missing"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
  fi
}

sp_install "${SP_PACKAGES[@]}"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.ccache}"
# Hash paths relative to the checkout, so clones in different directories share cache entries.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR=1
