#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release). Used by run.sh, test.sh and the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
[ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)" "$@"
