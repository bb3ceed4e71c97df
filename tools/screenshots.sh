#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Retakes the README's pictures (docs/img) from a built tree (_build):
#   - the app's windows, written by the UI tests themselves
#     (RA_TEST_SCREENSHOTS=docs/img: thematic, meeting, layout editor,
#     water balance, terrain and pipeline profile over the illustrative DEM
#     of tools/illustrative-dem.py), in English and the main window once
#     in Chinese;
#   - the thematic maps the plan tests render (zhangye-2023/2030.png);
#   - the default print figure, from `reclaim-atlas-cli export`;
#   - the sketch, driven with xdotool (a maintainer's tool, not a test
#     dependency: apt install xdotool x11-apps imagemagick).
# Usage: bash tools/screenshots.sh [BUILDDIR]
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/_build}
img=$here/docs/img
mkdir -p "$img"

export RA_DATADIR=$here/data
export RA_TEST_DATA=$here/tests/data
export RA_TEST_BUILDDIR=$build/tests
export GSETTINGS_SCHEMA_DIR=$build/data
export GSETTINGS_BACKEND=memory
export NO_AT_BRIDGE=1 GTK_A11Y=none
export RA_TEST_SCREENSHOTS=$img

ui () {   # ui TEST-BINARY [LANG [TESTPATH]]
  local lang=${2:-C.UTF-8}
  local only=()
  [ -n "${3:-}" ] && only=(-p "$3")
  LC_ALL=$lang LANGUAGE=${lang%%.*} RA_LOCALEDIR=$build/po \
    dbus-run-session -- xvfb-run -a -s '-screen 0 1400x900x24' env GDK_BACKEND=x11 \
    "$build/tests/ui/$1" "${only[@]}" > /dev/null
}

echo "app windows (English)"
ui test-thematic C.UTF-8 /ui/thematic/screenshots
ui test-meeting
ui test-layout-editor
ui test-balance C.UTF-8 /ui/balance/screenshots

echo "terrain and profile (illustrative DEM)"
dem_dir=$(mktemp -d)
python3 "$here/tools/illustrative-dem.py" "$dem_dir/zhangye-illustrative-dem.asc"
gdal_translate -q -a_srs EPSG:4490 -ot Float32 -co COMPRESS=DEFLATE -co TILED=YES \
  -mo "ATTRIBUTION=Illustrative terrain (synthetic, not real)" \
  "$dem_dir/zhangye-illustrative-dem.asc" "$dem_dir/zhangye-illustrative-dem.tif"
RA_TEST_DEM=$dem_dir/zhangye-illustrative-dem.tif ui test-terrain C.UTF-8 /ui/terrain/screenshots
rm -rf "$dem_dir"

echo "app window (zh_CN)"
tmp=$(mktemp -d)
RA_TEST_SCREENSHOTS=$tmp ui test-thematic zh_CN.UTF-8 /ui/thematic/screenshots
cp "$tmp/app-2030.png" "$img/app-2030-zh.png"
rm -rf "$tmp"

echo "thematic maps"
meson test -C "$build" --suite plan thematic > /dev/null
cp "$build/tests/plan-output/zhangye-2023.png" "$build/tests/plan-output/zhangye-2030.png" "$img/"

echo "print figure"
tmp=$(mktemp -d)
"$build/src/cli/reclaim-atlas-cli" sample zhangye "$tmp/zy.sqlite" > /dev/null
LC_ALL=C.UTF-8 "$build/src/cli/reclaim-atlas-cli" export "$tmp/zy.sqlite" --year 2030 \
  --dpi 150 --out "$img/export-default.png"

if command -v xdotool > /dev/null && command -v xwd > /dev/null && command -v convert > /dev/null; then
  echo "sketch"
  cat > "$tmp/sketch.sh" <<EOF
set -e
cd "$here"
LC_ALL=C.UTF-8 "$build/src/app/reclaim-atlas" "$tmp/zy.sqlite" &
pid=\$!
sleep 8
# The line tool (L), three clicks across Ganzhou; the live length shows.
xdotool mousemove 700 420 click 1; sleep 0.5
xdotool key l; sleep 0.5
xdotool mousemove 640 330 click 1; sleep 0.3
xdotool mousemove 720 300 click 1; sleep 0.3
xdotool mousemove 800 360; sleep 1.5
xwd -root -silent | convert xwd:- -bordercolor black -border 1 -trim +repage "$img/app-sketch.png"
kill \$pid
EOF
  GDK_BACKEND=x11 dbus-run-session -- xvfb-run -a -s '-screen 0 1400x900x24' bash "$tmp/sketch.sh" > /dev/null 2>&1 \
    || echo "sketch screenshot failed (kept the old one)"
else
  echo "sketch: xdotool, xwd or convert missing; kept the old picture"
fi
rm -rf "$tmp"
ls -l "$img"
