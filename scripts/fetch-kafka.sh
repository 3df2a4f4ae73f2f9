#!/usr/bin/env bash
# Fetches the Apache Kafka broker + tools jars (kafka/pom.xml) from Maven Central into one folder, once.
#   scripts/fetch-kafka.sh        prints the folder of jars on its last line
# Folder: ${ACKLAB_KAFKA_HOME:-$HOME/.cache/acklab/kafka-<version>}/libs; the log4j2 config is copied to
# the folder above it. A stamp file in libs/ marks a complete fetch: a second run does nothing.
# Needs mvn and network access to Maven Central (scripts/setup.sh --kafka installs Java 17 + Maven).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pom="$here/../kafka/pom.xml"
log4j="$here/../kafka/log4j2.properties"

version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom" | head -n1)
[ -n "$version" ] || { echo "fetch-kafka: no <kafka.version> in $pom" >&2; exit 1; }
home="${ACKLAB_KAFKA_HOME:-$HOME/.cache/acklab/kafka-$version}"
libs="$home/libs"
stamp="$libs/.acklab-fetched"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "kafka $version" ]; then
  echo "fetch-kafka: Kafka $version jars already in $libs (delete $stamp to fetch again)" >&2
  echo "$libs"
  exit 0
fi

command -v mvn >/dev/null 2>&1 || { echo "fetch-kafka: mvn not found: run scripts/setup.sh --kafka" >&2; exit 1; }
command -v java >/dev/null 2>&1 || echo "fetch-kafka: warning: java not found (needed to run Kafka): run scripts/setup.sh --kafka" >&2

echo "fetch-kafka: fetching Apache Kafka $version jars into $libs" >&2
mkdir -p "$libs"
rm -f "$stamp"
# Fetch into a temporary folder so an interrupted run never leaves a half folder that looks complete.
tmp=$(mktemp -d "$home/.libs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mvnlog="$home/fetch-kafka.log"
if ! mvn -B -q -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" \
    >"$mvnlog" 2>&1; then
  cat "$mvnlog" >&2
  echo "fetch-kafka: mvn failed (log: $mvnlog); Maven Central must be reachable" >&2
  exit 1
fi
ls "$tmp"/kafka_2.13-"$version".jar "$tmp"/kafka-tools-"$version".jar >/dev/null \
  || { echo "fetch-kafka: broker or tools jar missing after the fetch" >&2; exit 1; }
rm -f "$libs"/*.jar
mv "$tmp"/*.jar "$libs"/
cp "$log4j" "$home/log4j2.properties"
echo "kafka $version" > "$stamp"
echo "fetch-kafka: $(ls "$libs" | wc -l) jars in $libs" >&2
echo "$libs"
