#!/usr/bin/env bash
# Transactional throughput: AckLab's producer core (acklab-cli run --local --txn-duration D) against Kafka's own
# ProducerPerformance (kafka-producer-perf-test --transactional-id ... --transaction-duration-ms D) on the running
# local cluster: the same transaction duration, the same producer settings, alternating runs, a fresh RF3 topic per
# run, deleted after it. Not a ctest test: it needs the cluster up (acklab-cli cluster up) and takes a few minutes.
#
#   tests/bench/txn_perf.sh [--runs N] [--warmup N] [--messages N] [--size BYTES] [--partitions P]
#                           [--txn-duration-ms D] [--cli PATH]
#
# Settings on both: acks=all enable.idempotence=true linger.ms=5 batch.size=16384 compression.type=none, records of
# --size bytes, unthrottled, a transactional.id of its own per run, a commit every --txn-duration-ms (default 100).
# Reads acklab's --json report (throughput.msgs_per_s, latency_ms.p99, transactions.committed) and
# ProducerPerformance's final line. Prints each run, the medians, the throughput ratio and the p99 of both side by
# side (target >= 1.5x the throughput at an equal or lower p99). Exit status 0 whatever the figures; 2 on bad
# input; 3 when the cluster is not running.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=3
WARMUP=1
SETTLE=3
MESSAGES=500000
SIZE=100
PARTITIONS=3
DURATION=100
CLI=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --messages) MESSAGES=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --partitions) PARTITIONS=$2; shift 2 ;;
    --txn-duration-ms) DURATION=$2; shift 2 ;;
    --cli) CLI=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "txn_perf.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$RUNS" "$PARTITIONS" "$MESSAGES" "$DURATION"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "txn_perf.sh: --runs, --partitions, --messages and --txn-duration-ms take a positive integer" >&2; exit 2; }
done
[[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "txn_perf.sh: --warmup takes a count" >&2; exit 2; }
NAME=txn_perf.sh
# shellcheck source=tests/bench/kafka_bench_common.sh
source "$ROOT/tests/bench/kafka_bench_common.sh"

acklab_run() {  # topic -> "msgs_per_s p99_ms delivered transactions"
  local topic=$1 x=()
  for p in "${PROPS[@]}"; do x+=(-X "$p"); done
  "$CLI" run --local --topic "$topic" --partitions "$PARTITIONS" --messages "$MESSAGES" --size "$SIZE" --rate 0 \
    -X "transactional.id=$topic" "${x[@]}" --txn-duration "${DURATION}ms" --quiet --json >"$WORK/acklab.json"
  jq -r '"\(.throughput.msgs_per_s) \(.latency_ms.p99) \(.messages.delivered) \(.transactions.committed)"' "$WORK/acklab.json"
}

kafka_run() {  # topic -> "msgs_per_s p99_ms delivered transactions"
  local topic=$1
  java_tool org.apache.kafka.tools.ProducerPerformance --topic "$topic" --num-records "$MESSAGES" \
    --record-size "$SIZE" --throughput -1 --transactional-id "$topic" --transaction-duration-ms "$DURATION" \
    --producer-props bootstrap.servers="$BOOTSTRAP" "${PROPS[@]}" >"$WORK/pp.txt"
  local last
  last=$(grep "records sent" "$WORK/pp.txt" | tail -1)
  [[ -n "$last" ]] || { echo "txn_perf.sh: no final line from ProducerPerformance:" >&2; cat "$WORK/pp.txt" >&2; return 1; }
  # It commits every --transaction-duration-ms; it does not print how many: "-".
  sed -E 's/^([0-9]+) records sent, ([0-9.]+) records\/sec.* ([0-9.]+) ms 99th.*/\2 \3 \1 -/' <<<"$last"
}

topic_cmd() { java_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" "$@"; }

echo "cluster $BOOTSTRAP; $MESSAGES records of $SIZE bytes per run, a commit every $DURATION ms; $RUNS runs each, alternating; $PARTITIONS partition(s), RF 3"
echo "settings: ${PROPS[*]}"
printf '%-4s %-20s %12s %10s %10s %8s\n' run tool msgs/s p99_ms delivered commits
: >"$WORK/acklab.txt"
: >"$WORK/kafka.txt"
stamp=$(date +%s)
one() {  # round tool-name runner results-file
  local round=$1 name=$2 runner=$3 out=$4 topic="txnbench-$2-$stamp-$1" tput p99 ok commits
  topic_cmd --create --topic "$topic" --partitions "$PARTITIONS" --replication-factor 3 >/dev/null
  sleep "$SETTLE"
  read -r tput p99 ok commits < <($runner "$topic")
  printf '%-4s %-20s %12.0f %10.2f %10s %8s\n' "$round" "$name" "$tput" "$p99" "$ok" "$commits"
  [[ "$round" == w* ]] || echo "$tput $p99" >>"$out"
  topic_cmd --delete --topic "$topic" >/dev/null 2>&1 || true
}
for ((i = 1 - WARMUP; i <= RUNS; i++)); do
  round=$i
  ((i >= 1)) || round="w$((i + WARMUP))"
  one "$round" acklab-cli acklab_run "$WORK/acklab.txt"
  one "$round" ProducerPerformance kafka_run "$WORK/kafka.txt"
done

a_tput=$(cut -d' ' -f1 "$WORK/acklab.txt" | median)
a_p99=$(cut -d' ' -f2 "$WORK/acklab.txt" | median)
k_tput=$(cut -d' ' -f1 "$WORK/kafka.txt" | median)
k_p99=$(cut -d' ' -f2 "$WORK/kafka.txt" | median)
echo
printf 'median acklab-cli          %12.0f msgs/s  p99 %9.2f ms\n' "$a_tput" "$a_p99"
printf 'median ProducerPerformance %12.0f msgs/s  p99 %9.2f ms\n' "$k_tput" "$k_p99"
awk -v at="$a_tput" -v kt="$k_tput" -v ap="$a_p99" -v kp="$k_p99" 'BEGIN {
  tr = (kt > 0) ? at / kt : 0;
  printf "transactional throughput ratio acklab/ProducerPerformance: %.2fx (target >= 1.5x)\n", tr;
  printf "p99 side by side: acklab %.2f ms, ProducerPerformance %.2f ms (target: acklab <= ProducerPerformance)\n", ap, kp;
  printf "target %s\n", (tr >= 1.5 && ap <= kp) ? "MET" : "NOT MET";
}'
