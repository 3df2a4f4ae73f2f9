#!/usr/bin/env bash
# AckLab's producer core (acklab-cli run --local) against Kafka's own ProducerPerformance on the running local
# cluster, same producer settings on both, alternating runs, a fresh RF3 topic per run: 3 partitions by default, one
# led by each node (--partitions 1 measures a single partition: librdkafka's idempotent producer keeps one request
# in flight per partition, the Java client five per connection; see docs/real-kafka.md).
# Not a ctest test: it needs the cluster up (acklab-cli cluster up) and takes a few minutes. The brokers slow down
# as a cluster ages under benchmarks and tests; compare figures from a freshly started cluster.
#
#   tests/bench/kafka_perf.sh [--runs N] [--warmup N] [--messages N] [--size BYTES] [--partitions P] [--cli PATH]
#                             [--rdkafka-perf PATH]
#
# --warmup rounds (default 1) run both tools once first and are not counted: the brokers' JIT warms up on
# whichever tool runs first. Each tool's topic is made by TopicCommand and left 3 s to settle before its run (the
# same start for all), and deleted after it so the cluster's state does not grow.
# --rdkafka-perf adds librdkafka's own rdkafka_performance (tests/bench/build-rdkafka-performance.sh builds it) as
# a third column: the same librdkafka, without AckLab, to tell AckLab's overhead from librdkafka's.
#
# Settings on both: acks=all enable.idempotence=true linger.ms=5 batch.size=16384 compression.type=none,
# records of --size bytes, unthrottled (acklab --rate 0, ProducerPerformance --throughput -1).
# Reads acklab's --json report (throughput.msgs_per_s, latency_ms.p99) and ProducerPerformance's final line
# ("N records sent, X records/sec (...), ... ms avg latency, ... ms 99th, ..."). Prints each run, the medians,
# and the ratios acklab/ProducerPerformance (throughput) and acklab/ProducerPerformance (p99); the target is
# >= 1.5x the throughput at an equal or lower p99. Exit status 0 whatever the figures; 2 on bad input; 3 when
# the cluster is not running.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=3
WARMUP=1
SETTLE=3
RDPERF=""
MESSAGES=1000000
SIZE=100
PARTITIONS=3
CLI=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rdkafka-perf) RDPERF=$2; shift 2 ;;
    --messages) MESSAGES=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --partitions) PARTITIONS=$2; shift 2 ;;
    --cli) CLI=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "kafka_perf.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -z "$RDPERF" || -x "$RDPERF" ]] || { echo "kafka_perf.sh: --rdkafka-perf $RDPERF is not an executable" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ && "$WARMUP" =~ ^[0-9]+$ && "$PARTITIONS" =~ ^[1-9][0-9]*$ ]] ||
  { echo "kafka_perf.sh: --runs and --partitions take a positive integer, --warmup a count" >&2; exit 2; }
NAME=kafka_perf.sh
# shellcheck source=tests/bench/kafka_bench_common.sh
source "$ROOT/tests/bench/kafka_bench_common.sh"

TIMEFORMAT='%U %S'
cpu_seconds() { tail -1 "$WORK/time.txt" | awk '{printf "%.1f", $1 + $2}'; }  # user + system CPU of the client process

acklab_run() {  # topic -> "msgs_per_s p99_ms delivered failed"
  local topic=$1 x=()
  for p in "${PROPS[@]}"; do x+=(-X "$p"); done
  { time "$CLI" run --local --topic "$topic" --partitions "$PARTITIONS" --messages "$MESSAGES" --size "$SIZE" --rate 0 \
    "${x[@]}" --quiet --json >"$WORK/acklab.json"; } 2>"$WORK/time.txt"
  jq -r '"\(.throughput.msgs_per_s) \(.latency_ms.p99) \(.messages.delivered) \(.messages.failed)"' "$WORK/acklab.json"
}

create_topic() {
  java_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --topic "$1" \
    --partitions "$PARTITIONS" --replication-factor 3 >/dev/null
}
delete_topic() {
  java_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --delete --topic "$1" >/dev/null 2>&1 || true
}

kafka_run() {  # topic -> "msgs_per_s p99_ms delivered failed"
  local topic=$1
  { time java_tool org.apache.kafka.tools.ProducerPerformance --topic "$topic" --num-records "$MESSAGES" \
    --record-size "$SIZE" --throughput -1 --producer-props bootstrap.servers="$BOOTSTRAP" "${PROPS[@]}" \
    >"$WORK/pp.txt"; } 2>"$WORK/time.txt"
  # "1000000 records sent, 123.4 records/sec (0.01 MB/sec), 5.1 ms avg latency, 90.0 ms max latency,
  #  3 ms 50th, 9 ms 95th, 15 ms 99th, 40 ms 99.9th."
  local last
  last=$(grep "records sent" "$WORK/pp.txt" | tail -1)
  [[ -n "$last" ]] || { echo "kafka_perf.sh: no final line from ProducerPerformance:" >&2; cat "$WORK/pp.txt" >&2; return 1; }
  sed -E 's/^([0-9]+) records sent, ([0-9.]+) records\/sec.* ([0-9.]+) ms 99th.*/\2 \3 \1 0/' <<<"$last"
}

rdperf_run() {  # topic -> "msgs_per_s p99_ms delivered failed"
  local topic=$1 x=()
  for p in "${PROPS[@]}"; do x+=(-X "$p"); done
  { time "$RDPERF" -P -t "$topic" -b "$BOOTSTRAP" -s "$SIZE" -c "$MESSAGES" "${x[@]}" -l -A "$WORK/lat.txt" \
    >"$WORK/rd.txt" 2>&1; } 2>"$WORK/time.txt"
  # "% 1000000 messages produced (...), 1000000 delivered (offset ..., 0 failed) in 9000ms: 111111 msgs/s ..."
  local last
  last=$(grep "messages produced" "$WORK/rd.txt" | tail -1)
  [[ -n "$last" ]] || { echo "kafka_perf.sh: no summary from rdkafka_performance:" >&2; tail -5 "$WORK/rd.txt" >&2; return 1; }
  local p99
  p99=$(awk '{print $1 / 1000}' "$WORK/lat.txt" | sort -g | awk '{a[NR]=$1} END {print (NR ? a[int(NR * 0.99 + 0.5)] : 0)}')
  sed -E "s/.* ([0-9]+) delivered \\(offset [0-9-]+, ([0-9]+) failed\\) in [0-9]+ms: ([0-9]+) msgs\\/s.*/\\3 $p99 \\1 \\2/" <<<"$last"
}

echo "cluster $BOOTSTRAP; $MESSAGES records of $SIZE bytes per run, $RUNS runs each, alternating; topics of $PARTITIONS partition(s), RF 3"
echo "settings: ${PROPS[*]}"
printf '%-4s %-20s %14s %10s %10s %8s %12s\n' run tool msgs/s p99_ms delivered failed client_cpu_s
: >"$WORK/acklab.txt"
: >"$WORK/kafka.txt"
: >"$WORK/rdperf.txt"
stamp=$(date +%s)
one() {  # round label tool-name runner results-file
  local round=$1 name=$2 runner=$3 out=$4 topic="bench-$2-$stamp-$1" tput p99 ok failed
  # Every tool gets the same start: its topic made by Kafka's TopicCommand, then a few quiet seconds for the new
  # partitions' followers to start fetching and the previous topic's deletion to settle.
  create_topic "$topic"
  sleep "$SETTLE"
  read -r tput p99 ok failed < <($runner "$topic")
  printf '%-4s %-20s %14.0f %10.2f %10s %8s %12s\n' "$round" "$name" "$tput" "$p99" "$ok" "$failed" "$(cpu_seconds)"
  [[ "$round" == w* ]] || echo "$tput $p99" >>"$out"
  delete_topic "$topic"
}
for ((i = 1 - WARMUP; i <= RUNS; i++)); do
  round=$i
  ((i >= 1)) || round="w$((i + WARMUP))"
  one "$round" acklab-cli acklab_run "$WORK/acklab.txt"
  one "$round" ProducerPerformance kafka_run "$WORK/kafka.txt"
  [[ -z "$RDPERF" ]] || one "$round" rdkafka_performance rdperf_run "$WORK/rdperf.txt"
done

a_tput=$(cut -d' ' -f1 "$WORK/acklab.txt" | median)
a_p99=$(cut -d' ' -f2 "$WORK/acklab.txt" | median)
k_tput=$(cut -d' ' -f1 "$WORK/kafka.txt" | median)
k_p99=$(cut -d' ' -f2 "$WORK/kafka.txt" | median)
echo
printf 'median acklab-cli          %14.0f msgs/s  p99 %8.2f ms\n' "$a_tput" "$a_p99"
printf 'median ProducerPerformance %14.0f msgs/s  p99 %8.2f ms\n' "$k_tput" "$k_p99"
if [[ -n "$RDPERF" ]]; then
  printf 'median rdkafka_performance %14.0f msgs/s  p99 %8.2f ms\n' "$(cut -d' ' -f1 "$WORK/rdperf.txt" | median)" \
    "$(cut -d' ' -f2 "$WORK/rdperf.txt" | median)"
fi
awk -v at="$a_tput" -v kt="$k_tput" -v ap="$a_p99" -v kp="$k_p99" 'BEGIN {
  tr = (kt > 0) ? at / kt : 0; pr = (kp > 0) ? ap / kp : 0;
  printf "throughput ratio acklab/ProducerPerformance: %.2fx (target >= 1.5x)\n", tr;
  printf "p99 ratio acklab/ProducerPerformance:        %.2fx (target <= 1.0x)\n", pr;
  printf "target %s\n", (tr >= 1.5 && ap <= kp) ? "MET" : "NOT MET";
}'
