#!/usr/bin/env bash
# What the live end-to-end tracker costs the producer (not a ctest test): the same unthrottled run with and
# without --e2e, alternating, on the embedded cluster (one per run, 3 brokers, 1 partition, 100 B, acks=1,
# linger.ms=5). Prints each pair and the median throughput ratio tracked / untracked (1.0 = free).
#   tests/bench/e2e_overhead.sh [ROUNDS] [MESSAGES]     (defaults 3, 1,000,000)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}; n=${2:-1000000}
cli=${ACKLAB_CLI:-build/release/app/acklab-cli}
[ -x "$cli" ] || scripts/build.sh release --target acklab-cli >/dev/null
run() {
  "$cli" run --embedded 3 --partitions 1 --messages "$n" --size 100 --rate 0 --profile analytics \
    -X acks=1 -X linger.ms=5 -X queue.buffering.max.messages=1000000 --quiet --json "$@" |
    python3 -c 'import json,sys; r=json.load(sys.stdin); e=r.get("e2e"); print(int(r["throughput"]["msgs_per_s"]), e["seen"] if e else "-", e["latency_ms"]["p99"] if e else "-")'
}
plain=(); tracked=()
for i in $(seq 1 "$rounds"); do
  read -r p _ _ < <(run); plain+=("$p")
  read -r t seen p99 < <(run --e2e --e2e-grace 500ms); tracked+=("$t")
  printf 'round %d  untracked %9s msgs/s   tracked %9s msgs/s (e2e seen %s, e2e p99 %s ms)\n' "$i" "$p" "$t" "$seen" "$p99"
done
python3 - "${plain[*]}" "${tracked[*]}" <<'PY'
import statistics, sys
p = [float(x) for x in sys.argv[1].split()]; t = [float(x) for x in sys.argv[2].split()]
print("median untracked %.0f msgs/s, tracked %.0f msgs/s: ratio %.3f" % (statistics.median(p), statistics.median(t), statistics.median(t) / statistics.median(p)))
PY
