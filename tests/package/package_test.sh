#!/usr/bin/env bash
# Builds the .deb, unpacks it with dpkg -x into a temporary root and checks what a user of the package gets:
# its control fields (Depends derived by dpkg-shlibdeps), its files (binaries, data, launcher, icons, metainfo,
# man pages), no path of the build machine inside the binaries, and the installed binaries at work:
# acklab-cli --version / run --embedded / scenario acks-levels, and the window's headless screenshot.
#   package_test.sh BUILD_DIR CPACK SOURCE_DIR VERSION
set -euo pipefail
build=$1 cpack=$2 src=$3 version=$4
work=$(mktemp -d /tmp/acklab-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
unset ACKLAB_DATA_DIR
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
check() {  # check WHAT COMMAND...: the command's output is shown only when it fails
  local what=$1 out
  shift
  if out=$("$@" 2>&1); then echo "ok: $what"; else printf '%s\n' "$out" >&2; fail "$what"; fi
}
for tool in dpkg-deb dpkg-shlibdeps file help2man desktop-file-validate appstreamcli jq; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not found: run scripts/setup.sh" >&2; exit 1; }
done

echo "== cpack -G DEB"
(cd "$build" && "$cpack" -G DEB -B "$work/out") >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
debs=("$work"/out/acklab_"$version"_*.deb)
[ -f "${debs[0]}" ] || { cat "$work/cpack.log"; echo "FAIL: no acklab_${version}_*.deb" >&2; exit 1; }
deb=${debs[0]}
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KB)"

echo "== control fields"
dpkg-deb -f "$deb" Package Version Section Maintainer Depends Suggests
depends=$(dpkg-deb -f "$deb" Depends)
# Derived from the binaries' NEEDED libraries, not typed by hand: each of these is linked by acklab(-cli).
for lib in librdkafka1 libqt6widgets6 libqt6gui6 libqt6core6 libqcustomplot2.1-qt6 libstdc++6 libc6; do
  check "Depends names $lib" grep -q "\b$lib\b" <<<"$depends"
done
check "Package is acklab" test "$(dpkg-deb -f "$deb" Package)" = acklab
check "Version is $version" test "$(dpkg-deb -f "$deb" Version)" = "$version"
check "Section is set" test -n "$(dpkg-deb -f "$deb" Section)"
check "Maintainer is set" test -n "$(dpkg-deb -f "$deb" Maintainer)"

echo "== files"
root=$work/root
dpkg -x "$deb" "$root"
usr=$root/usr
for f in bin/acklab bin/acklab-cli share/acklab/scenario.schema.json share/acklab/presets/critical.json \
         share/acklab/scripts/fetch-kafka.sh share/acklab/kafka/pom.xml \
         share/applications/dev.acklab.AckLab.desktop share/metainfo/dev.acklab.AckLab.metainfo.xml \
         share/icons/hicolor/scalable/apps/dev.acklab.AckLab.svg \
         share/man/man1/acklab.1.gz share/man/man1/acklab-cli.1.gz share/doc/acklab/architecture.md; do
  check "installs $f" test -s "$usr/$f"
done
for n in 16 32 48 64 128 256; do
  check "icon ${n}x${n} is a ${n} x ${n} PNG" grep -q "PNG image data, $n x $n" \
    <<<"$(file "$usr/share/icons/hicolor/${n}x${n}/apps/dev.acklab.AckLab.png")"
done
check "every bundled scenario is installed" \
  test "$(ls "$usr/share/acklab/scenarios" | wc -l)" = "$(ls "$src/resources/scenarios"/*.json | wc -l)"
check "the launcher is valid" desktop-file-validate "$usr/share/applications/dev.acklab.AckLab.desktop"
check "the AppStream metainfo is valid" appstreamcli validate --no-net "$usr/share/metainfo/dev.acklab.AckLab.metainfo.xml"
check "the launcher starts acklab, which is installed" \
  test -x "$usr/bin/$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$usr/share/applications/dev.acklab.AckLab.desktop")"
check "acklab-cli's man page documents scenario" grep -q "scenario" <<<"$(zcat "$usr/share/man/man1/acklab-cli.1.gz")"
check "acklab's man page documents --screenshot" grep -q -- "screenshot" <<<"$(zcat "$usr/share/man/man1/acklab.1.gz")"
for b in acklab acklab-cli; do
  check "$b carries no path of the build machine ($src, $build)" \
    bash -c "! grep -a -q -e '$src' -e '$build' '$usr/bin/$b'"
done

echo "== installed acklab-cli"
cd "$work"
cli=$usr/bin/acklab-cli
"$cli" --version | tee version.txt
check "--version names AckLab $version" grep -q "^acklab-cli $version (git " version.txt
check "--version names librdkafka" grep -q "^librdkafka [0-9]" version.txt
check "the installed data folder is found, not the build tree's" grep -qx "data: $usr/share/acklab" version.txt

rc=0; "$cli" run --embedded 3 --messages 2000 --report run.json --quiet >run.out 2>&1 || rc=$?
check "run --embedded 3 --messages 2000 exits 0 (got $rc)" test "$rc" = 0
if [ -s run.json ]; then
  jq -c '{acklab_version, messages: .messages | {sent, delivered, failed, in_flight_at_end}}' run.json
  check "2000 sent, 2000 delivered, none failed" \
    jq -e '.messages.sent == 2000 and .messages.delivered == 2000 and .messages.failed == 0' run.json
  check "the report carries acklab_version $version" jq -e --arg v "$version" '.acklab_version | startswith($v)' run.json
else
  cat run.out; fail "no run report"
fi

"$cli" scenario --list >list.txt
check "scenario --list shows the installed scenarios" grep -q "^acks-levels " list.txt
rc=0; "$cli" scenario acks-levels --report scenario.json --html scenario.html >scenario.out 2>&1 || rc=$?
check "scenario acks-levels exits 0 (got $rc)" test "$rc" = 0
if [ -s scenario.json ]; then
  jq -c '{acklab_version, all_met, runs: [.runs[] | {profile: .profile.name, sent: .messages.sent, lost: .audit.lost}]}' scenario.json
  check "every expectation of acks-levels is met" jq -e '.all_met == true' scenario.json
  check "acks=0 (metrics) lost messages, acks=all (critical) none" \
    jq -e '[.runs[] | select(.profile.name == "metrics") | .audit.lost][0] > 0 and
           [.runs[] | select(.profile.name == "critical") | .audit.lost][0] == 0' scenario.json
  check "the HTML report's footer names the version" grep -q "Generated by AckLab $version" scenario.html
else
  cat scenario.out; fail "no scenario report"
fi

echo "== installed acklab (the window, offscreen)"
gui=$usr/bin/acklab
"$gui" --version >gui-version.txt
check "acklab --version names AckLab, Qt and QCustomPlot" \
  bash -c "grep -q '^acklab $version ' gui-version.txt && grep -q '^Qt 6' gui-version.txt && grep -q '^QCustomPlot ' gui-version.txt"
rc=0
QT_QPA_PLATFORM=offscreen "$gui" --compare critical,analytics,metrics --messages 3000 --rate 1000 --start \
  --quit-after 6 --screenshot "$work/shot.png" >gui.out 2>&1 || rc=$?
check "the window's headless run exits 0 (got $rc)" test "$rc" = 0
if [ -f shot.png ]; then
  file shot.png
  size=$(stat -c %s shot.png)
  check "the screenshot is a PNG of a real window (${size} bytes)" \
    bash -c "file shot.png | grep -q 'PNG image data' && [ $size -gt 30000 ]"
else
  cat gui.out; fail "no screenshot"
fi

if [ "$fails" -gt 0 ]; then
  echo "$fails check(s) failed" >&2
  exit 1
fi
echo "package: every check passed"
