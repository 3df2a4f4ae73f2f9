#!/usr/bin/env bash
# Installs whatever AckLab needs that this machine lacks, non-interactively; does nothing when all is there.
#   scripts/setup.sh            build + test dependencies (Debian packages)
#   scripts/setup.sh --kafka    also Java 17 + Maven and the Apache Kafka jars (see scripts/fetch-kafka.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
want_kafka=0
for a in "$@"; do
  case "$a" in
    --kafka) want_kafka=1 ;;
    *) echo "setup.sh: unknown option '$a' (known: --kafka)" >&2; exit 2 ;;
  esac
done

pkgs=(cmake ninja-build g++ pkg-config qt6-base-dev librdkafka-dev libqcustomplot-dev libqcustomplot2.1-qt6
      nlohmann-json3-dev libgtest-dev libgmock-dev xvfb xauth jq clang-14 libfuzzer-14-dev
      libclang-rt-14-dev  # clang-14's sanitizer runtimes: only recommended by clang-14, and the fuzz build links them
      libcpp-httplib-dev python3-prometheus-client python3-jsonschema clang-tidy-14
      python3-confluent-kafka  # runs the exported Python producer (tests/core/ExportTest.cpp, docs/export.md)
      dpkg-dev file help2man desktop-file-utils appstream)  # the .deb and its test (tests/package)
# javac (openjdk-17-jdk-headless) compiles the exported Java producer in the kafka tests (docs/export.md).
[ "$want_kafka" = 1 ] && pkgs+=(openjdk-17-jre-headless openjdk-17-jdk-headless maven)

# gofmt checks the exported Go producer (tests/core/ExportTest.cpp); any Go toolchain on PATH will do.
command -v gofmt >/dev/null 2>&1 || pkgs+=(golang-go)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A JDK/Maven installed outside Debian (e.g. a vendor JDK on PATH) is fine too.
if [ "$want_kafka" = 1 ]; then
  filtered=()
  for p in "${missing[@]}"; do
    case "$p" in
      openjdk-17-jre-headless) command -v java >/dev/null 2>&1 || filtered+=("$p") ;;
      openjdk-17-jdk-headless) command -v javac >/dev/null 2>&1 || filtered+=("$p") ;;
      maven) command -v mvn >/dev/null 2>&1 || filtered+=("$p") ;;
      *) filtered+=("$p") ;;
    esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$want_kafka" = 1 ]; then
  "$here/fetch-kafka.sh"
fi
