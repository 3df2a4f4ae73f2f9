#!/usr/bin/env bash
# Runs every libFuzzer target of the fuzz preset for a share of a total time, then replays the regression
# inputs. Usage: scripts/fuzz.sh [TOTAL_SECONDS] (default 120). A crash leaves its input in
# build/fuzz/artifacts/<target>/: copy it into tests/fuzz/regression/<target>/ with the fix (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-120}
scripts/build.sh fuzz
list=build/fuzz/fuzzers.txt
n=$(grep -c . "$list")
each=$(( total / n > 1 ? total / n : 1 ))
status=0
while read -r name binary dirs; do
  [ -n "$name" ] || continue
  corpus=build/fuzz/corpus/$name
  artifacts=build/fuzz/artifacts/$name
  mkdir -p "$corpus" "$artifacts"
  echo "== $name: ${each}s"
  # shellcheck disable=SC2086  # the seed folders are a list
  if ! "$binary" -max_total_time="$each" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$artifacts/" "$corpus" $dirs 2>"build/fuzz/$name.log"; then
    echo "$name: CRASH (see build/fuzz/$name.log and $artifacts)"; status=1
  fi
  grep -E "^stat::(number_of_executed_units|new_units_added)|cov: .*ft:" "build/fuzz/$name.log" | tail -3
done < "$list"
ctest --preset fuzz
exit $status
