#!/usr/bin/env bash
# clang-tidy over core/ and app/ with the check set of .clang-tidy (docs/clang-tidy.md), from the compile commands of
# a build folder (default build/ci; configured here when missing). Fails on any finding.
#   scripts/tidy.sh [BUILD_DIR] [FILE_REGEX]      e.g. scripts/tidy.sh build/ci 'core/dlq/'
# ACKLAB_TIDY_JOBS sets the parallelism (default: the number of cores).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
filter=${2:-}
tidy=$(command -v clang-tidy-14 || true)
runner=$(command -v run-clang-tidy-14 || true)
if [ -z "$tidy" ] || [ -z "$runner" ]; then
  echo "tidy.sh: clang-tidy-14 not found (scripts/setup.sh installs it)" >&2
  exit 2
fi
if [ ! -f "$build/compile_commands.json" ]; then
  cmake --preset "$(basename "$build")" >/dev/null
fi
# Sources of core/ and app/ (headers are checked through them: HeaderFilterRegex in .clang-tidy).
mapfile -t files < <(find core app -name '*.cpp' | sort | grep -E "${filter:-.}" | sed "s|^|$PWD/|")
if [ "${#files[@]}" -eq 0 ]; then
  echo "tidy.sh: no source matches '$filter'" >&2
  exit 2
fi
start=$(date +%s)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The compile commands are GCC's: clang does not know some of its warning flags, and -Wpedantic makes librdkafka's
# RD_KAFKA_V_* macros (GNU statement expressions) errors under clang; neither is a clang-tidy finding.
status=0
"$runner" -clang-tidy-binary "$tidy" -p "$build" -j "${ACKLAB_TIDY_JOBS:-$(nproc)}" -quiet \
  -extra-arg=-Wno-unknown-warning-option -extra-arg=-Wno-gnu-statement-expression \
  "${files[@]}" >"$log" 2>&1 || status=$?
findings=$(grep -cE '(warning|error): ' "$log" || true)
if [ "$status" != 0 ] || [ "$findings" != 0 ]; then
  grep -E -A3 '(warning|error): ' "$log" || tail -n 50 "$log"
  echo "tidy.sh: $findings finding(s) in ${#files[@]} files ($(( $(date +%s) - start )) s)" >&2
  exit 1
fi
echo "tidy.sh: ${#files[@]} files clean ($(( $(date +%s) - start )) s)"
