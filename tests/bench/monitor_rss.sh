#!/usr/bin/env bash
# Memory of a long monitor (not a ctest test): runs `acklab-cli monitor` at a steady rate for a duration, reads
# its resident set size (VmRSS) every STEP seconds, stops it with SIGINT and prints the RSS after the first
# minute (warm: windows, rings and librdkafka buffers allocated), at the end, the growth between them and the
# growth per hour. A flat monitor grows by little more than the producer's 1 s timeline (about 0.5 MB/h).
#
#   tests/bench/monitor_rss.sh                         10 min at 10,000 msgs/s on the embedded cluster
#   tests/bench/monitor_rss.sh --rate 100 --duration 3600          the 1-hour run at 100 msgs/s
#   tests/bench/monitor_rss.sh --local --rate 100 --duration 3600  the same against Local Kafka (cluster up first)
# Options: --rate R (10000), --duration SECONDS (600), --step SECONDS (30), --local | --embedded (default),
#          --cli PATH (default build/release/app/acklab-cli, built when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
rate=10000; duration=600; step=30; cluster=(--embedded 1); cli=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --step) step=$2; shift 2 ;;
    --local) cluster=(--local); shift ;;
    --embedded) cluster=(--embedded 1); shift ;;
    --cli) cli=$2; shift 2 ;;
    *) echo "monitor_rss.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
if [ -z "$cli" ]; then
  cli=build/release/app/acklab-cli
  [ -x "$cli" ] || scripts/build.sh release --target acklab-cli >/dev/null
fi
out=$(mktemp -d)
"$cli" monitor "${cluster[@]}" --rate "$rate" --topic "acklab-rss-$$" --quiet --report "$out/report.json" \
  --dlq-file "$out/dlq.jsonl" >"$out/summary.txt" 2>"$out/stderr.txt" &
pid=$!
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0; }
printf '%8s %10s\n' "t (s)" "RSS (MB)"
warm=0; last=0; t=0
while [ "$t" -lt "$duration" ]; do
  sleep "$step"; t=$((t + step))
  kill -0 "$pid" 2>/dev/null || { echo "monitor exited early:"; cat "$out/stderr.txt"; exit 1; }
  last=$(rss)
  [ "$t" -ge 60 ] && [ "$warm" = 0 ] && warm=$last && warm_t=$t
  printf '%8d %10.1f\n' "$t" "$(echo "$last / 1024" | bc -l)"
done
kill -INT "$pid"
status=0; wait "$pid" || status=$?
cat "$out/summary.txt"
[ "$warm" = 0 ] && { warm=$last; warm_t=$t; }
python3 - "$warm" "$last" "$warm_t" "$t" "$rate" "$status" "$out/report.json" <<'PY'
import json, sys
warm, last, wt, t, rate, status, report = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
r = json.load(open(report))
hours = max(t - wt, 1) / 3600
print("rate %.0f msgs/s for %d s: sent %d, e2e seen %d, lost %d, duplicated %d; exit status %d"
      % (rate, t, r["messages"]["sent"], r["e2e"]["seen"], r["e2e"]["lost"], r["e2e"]["duplicated"], status))
print("RSS after %d s: %.1f MB; at %d s: %.1f MB; growth %.2f MB (%.2f MB per hour)"
      % (wt, warm / 1024, t, last / 1024, (last - warm) / 1024, (last - warm) / 1024 / hours))
PY
rm -rf "$out"
