# Shared set-up of the benchmarks that run against the local cluster (kafka_perf.sh, txn_perf.sh); sourced after
# their argument parsing. Needs NAME (for messages), ROOT and CLI ("" = the first build's acklab-cli). Sets CLI,
# LIBS, JAVA, WORK (a scratch folder, removed on exit), BOOTSTRAP and PROPS (the producer settings both sides
# use); defines java_tool (Kafka's tools with quiet logging) and median. Exit status 2 on what is missing, 3 when
# the cluster is not fully running.
bench_fail() { echo "$NAME: $*" >&2; exit 2; }
if [[ -z "$CLI" ]]; then
  for candidate in "$ROOT"/build/*/app/acklab-cli "$ROOT"/build/app/acklab-cli; do
    [[ -x "$candidate" ]] && { CLI=$candidate; break; }
  done
fi
[[ -x "$CLI" ]] || bench_fail "acklab-cli not found (build it, or pass --cli PATH)"
command -v jq >/dev/null || bench_fail "jq is needed to read acklab's JSON report"

KAFKA_HOME=${ACKLAB_KAFKA_HOME:-$HOME/.cache/acklab/kafka-4.1.1}
LIBS=${ACKLAB_KAFKA_LIBS:-$KAFKA_HOME/libs}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
[[ -f "$LIBS/.acklab-fetched" ]] || bench_fail "Kafka jars not in $LIBS (scripts/fetch-kafka.sh)"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Quiet tools: log4j2 WARN to stderr only.
printf 'status = error\nappender.console.type = Console\nappender.console.name = STDERR\nappender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\nappender.console.layout.pattern = %%m%%n\nrootLogger.level = warn\nrootLogger.appenderRef.console.ref = STDERR\n' >"$WORK/log4j2.properties"

# `cluster status` exits 0 only when every node runs.
if ! status=$("$CLI" cluster status 2>&1); then
  echo "$NAME: the local cluster is not fully running (acklab-cli cluster up):" >&2
  echo "$status" >&2
  exit 3
fi
BOOTSTRAP=$(sed -n 's/^bootstrap=//p' <<<"$status" | head -1)

java_tool() { "$JAVA" -Xmx512m -Dlog4j2.configurationFile="$WORK/log4j2.properties" -cp "$LIBS/*" "$@"; }
PROPS=(acks=all enable.idempotence=true linger.ms=5 batch.size=16384 compression.type=none)
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2] + a[NR/2+1]) / 2}'; }
