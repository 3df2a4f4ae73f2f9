#!/usr/bin/env bash
# Renders resources/icons/acklab.svg to the PNG sizes desktops and the window use (16..256 px), into
# resources/icons/hicolor/<N>x<N>/apps/. The PNGs are committed, so building AckLab needs no SVG renderer;
# run this after editing the SVG. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
command -v rsvg-convert >/dev/null || { echo "render-icons: rsvg-convert not found: apt-get install librsvg2-bin" >&2; exit 2; }
for n in 16 32 48 64 128 256; do
  mkdir -p "hicolor/${n}x${n}/apps"
  rsvg-convert -w "$n" -h "$n" acklab.svg -o "hicolor/${n}x${n}/apps/dev.acklab.AckLab.png"
done
echo "render-icons: $(ls hicolor/*/apps/*.png | wc -l) PNGs in resources/icons/hicolor"
