#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Compares what reclaim-atlas-cli makes of the Zhangye sample with what the
# CLI of another commit makes of it (for a change that must not change
# behaviour, such as the source layout of issue 15):
#   bash tools/compare-outputs.sh [BASE_REF]        (default: origin of the move, see below)
# render (PNG, SVG, PDF), export (PDF, PNG, SVG, atlas, portrait layout,
# 2023 and 2030), table (appendix 1 and 2 as CSV, XLSX, ODS), check --json,
# network --json and info.  PNG, SVG, CSV, JSON and text must be
# byte-identical; PDF pages are compared as pixels (pdftoppm; a PDF carries
# its creation date) and XLSX/ODS as their cells (ogr2ogr to CSV; the
# archives carry dates).  Prints one line per output and exits non-zero
# when any differs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
base_ref=${1:-${RA_COMPARE_BASE:-HEAD}}
work=${RA_COMPARE_DIR:-/tmp/ra-compare}
cur_build=${RA_BUILDDIR:-$here/_build}

rm -rf "$work/out-base" "$work/out-new"
mkdir -p "$work"

# The base: its own worktree and build (kept between runs).
base_src="$work/src"
if [ ! -d "$base_src/.git" ] && [ ! -f "$base_src/.git" ]; then
  git -C "$here" worktree add --detach "$base_src" "$base_ref" >/dev/null
else
  git -C "$base_src" checkout --quiet --detach "$base_ref"
fi
[ -f "$base_src/_build/build.ninja" ] || meson setup "$base_src/_build" "$base_src" >/dev/null
ninja -C "$base_src/_build" src/cli/reclaim-atlas-cli >/dev/null
[ -f "$cur_build/build.ninja" ] || meson setup "$cur_build" "$here" >/dev/null
ninja -C "$cur_build" src/cli/reclaim-atlas-cli >/dev/null

run_all () {   # CLI DATADIR OUT
  local cli=$1 datadir=$2 out=$3
  mkdir -p "$out"
  export RA_DATADIR=$datadir LC_ALL=C.UTF-8 TZ=UTC SOURCE_DATE_EPOCH=1700000000
  "$cli" sample zhangye "$out/p.sqlite" > "$out/sample.txt"
  "$cli" info "$out/p.sqlite" > "$out/info.txt" 2>&1 || true
  for ext in png svg pdf; do
    "$cli" render "$out/p.sqlite" --out "$out/render.$ext" --size 1200x900 2> "$out/render-$ext.err" || true
  done
  "$cli" render "$datadir/samples/zhangye/counties.geojson" "$datadir/samples/gansu/cities.geojson" --out "$out/render-counties.png" --size 800x600 \
    2> "$out/render-counties.err" || true
  for ext in png svg pdf; do
    "$cli" export "$out/p.sqlite" --out "$out/export.$ext" 2> "$out/export-$ext.err" || true
  done
  for y in 2023 2030; do
    "$cli" export "$out/p.sqlite" --year "$y" --out "$out/export-$y.png" 2> "$out/export-$y.err" || true
  done
  "$cli" export "$out/p.sqlite" --atlas --out "$out/atlas.pdf" 2> "$out/atlas.err" || true
  for a in 1 2; do
    for ext in csv xlsx ods; do
      "$cli" table "$out/p.sqlite" --appendix "$a" --out "$out/table$a.$ext" 2> "$out/table$a-$ext.err" || true
    done
  done
  "$cli" check "$out/p.sqlite" --json > "$out/check.json" 2>&1 || true
  "$cli" network "$out/p.sqlite" --json > "$out/network.json" 2>&1 || true
  rm -f "$out"/p.sqlite*
}

run_all "$base_src/_build/src/cli/reclaim-atlas-cli" "$base_src/data" "$work/out-base"
run_all "$cur_build/src/cli/reclaim-atlas-cli" "$here/data" "$work/out-new"

differ=0
same=0
for f in "$work/out-base"/*; do
  name=$(basename "$f")
  g="$work/out-new/$name"
  verdict=same
  if [ ! -e "$g" ]; then
    verdict="missing in the new output"
  else
    case "$name" in
      *.pdf)
        rm -rf "$work/pa" "$work/pb"; mkdir -p "$work/pa" "$work/pb"
        pdftoppm -r 60 -png "$f" "$work/pa/p" && pdftoppm -r 60 -png "$g" "$work/pb/p"
        if ! diff -r -q "$work/pa" "$work/pb" >/dev/null; then verdict="pages differ (pixels)"; fi ;;
      *.xlsx|*.ods)
        rm -rf "$work/ca" "$work/cb"
        ogr2ogr -f CSV "$work/ca" "$f" >/dev/null 2>&1 && ogr2ogr -f CSV "$work/cb" "$g" >/dev/null 2>&1
        if ! diff -r -q "$work/ca" "$work/cb" >/dev/null; then verdict="cells differ"; fi ;;
      *.err|*.txt|*.json)
        # Messages name the work folder of each side.
        if ! cmp -s <(sed -e "s#$work/out-base#OUT#g" -e "s#$base_src/data#DATA#g" "$f") \
                    <(sed -e "s#$work/out-new#OUT#g" -e "s#$here/data#DATA#g" "$g"); then
          verdict="text differs"; fi ;;
      *)
        if ! cmp -s "$f" "$g"; then verdict="bytes differ"; fi ;;
    esac
  fi
  if [ "$verdict" = same ]; then same=$((same + 1)); else differ=$((differ + 1)); fi
  printf '%-24s %s\n' "$name" "$verdict"
done
echo "compared with $(git -C "$base_src" rev-parse --short HEAD): $same same, $differ different"
[ "$differ" -eq 0 ]
