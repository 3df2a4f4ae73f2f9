#!/usr/bin/env bash
# Throughput anchor (not a ctest test): acklab-cli against librdkafka's own rdkafka_performance, each with its
# own embedded 3-broker cluster, 1,000,000 x 100 B, one partition, acks=1, linger.ms=5,
# queue.buffering.max.messages=1000000, unthrottled, runs alternating. acklab-cli captures every message's
# latency (histogram + per-interval timeline) and tags each message with its run id and sequence number;
# rdkafka_performance runs with -l (its own latency measurement). Prints each run and the median ratio.
# Target: ratio >= 1.0.   Usage: tests/bench/throughput.sh [ROUNDS] (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
perf_bin=${RDKAFKA_PERFORMANCE:-/tmp/acklab-bench/rdkafka_performance}
if [ ! -x "$perf_bin" ]; then
  mkdir -p "$(dirname "$perf_bin")"
  bash tests/bench/build-rdkafka-performance.sh "$perf_bin" >/dev/null
fi
scripts/build.sh release --target acklab-cli >/dev/null
cli=build/release/app/acklab-cli
n=1000000

run_ref() {
  "$perf_bin" -P -t bench -p 0 -s 100 -c $n -a 1 -X test.mock.num.brokers=3 -X linger.ms=5 \
    -X queue.buffering.max.messages=1000000 -l -u 2>/dev/null |
    awk -F'|' '/^\|/ && $2 !~ /elapsed/ {rate=$7} END {gsub(/ /, "", rate); print rate}'
}
run_acklab() {
  "$cli" run --embedded 3 --partitions 1 --messages $n --size 100 --rate 0 --profile analytics \
    -X acks=1 -X linger.ms=5 -X queue.buffering.max.messages=1000000 --quiet --json |
    python3 -c 'import json,sys; r=json.load(sys.stdin); m=r["messages"]; assert m["delivered"]==m["sent"]==1000000, m; print(int(r["throughput"]["msgs_per_s"]), r["latency_ms"]["p99"], r["latency_ms"]["count"])'
}

ref=(); ack=()
for i in $(seq 1 "$rounds"); do
  r=$(run_ref); ref+=("$r")
  read -r a p99 captured < <(run_acklab); ack+=("$a")
  printf 'round %d  rdkafka_performance %8s msgs/s   acklab-cli %8s msgs/s (p99 %s ms, %s latencies captured)\n' \
    "$i" "$r" "$a" "$p99" "$captured"
done
python3 - "${ref[*]}" "${ack[*]}" <<'PY'
import statistics, sys
ref = [float(x) for x in sys.argv[1].split()]
ack = [float(x) for x in sys.argv[2].split()]
mr, ma = statistics.median(ref), statistics.median(ack)
print(f"median  rdkafka_performance {mr:,.0f} msgs/s   acklab-cli {ma:,.0f} msgs/s")
print(f"ratio acklab-cli / rdkafka_performance = {ma / mr:.2f}  (target >= 1.0)")
PY
