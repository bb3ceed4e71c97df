#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# raster-peers.sh [CLI]: a full-extent render of a 20,000 x 20,000 GeoTIFF
# with overviews plus the Zhangye counties (issue 18), by
# `reclaim-atlas-cli render`, MapServer's map2img and `gdal_translate
# -outsize` (raster only, no vectors: the floor of reading the overview)
# in the same run, interleaved, REPS times each.  Prints wall, CPU and max
# RSS per run (/usr/bin/time) and the medians.
#
# The raster is made here (not committed): the counties rasterized at
# 2000 px, scaled up to 20,000 px (bilinear), tiled, DEFLATE, with
# overviews 2..64.  Knobs (env): BENCH (/tmp/bench-raster), REPS (3),
# SIZE (1200).  Needs gdal-bin, mapserver-bin (skipped when absent), time.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
CLI=${1:-${CLI:-$SRC/_build/src/cli/reclaim-atlas-cli}}
BENCH=${BENCH:-/tmp/bench-raster}
REPS=${REPS:-3}
SIZE=${SIZE:-1200}
COUNTIES=$SRC/data/samples/zhangye/counties.geojson
BIG=$BENCH/big20k.tif

[ -x "$CLI" ] || { echo "raster-peers: no CLI at $CLI" >&2; exit 1; }
mkdir -p "$BENCH"

if [ ! -s "$BIG" ]; then
  echo "making $BIG (once)..." >&2
  gdal_rasterize -q -burn 210 -init 70 -a_nodata 0 -ot Byte -ts 2000 2000 \
    "$COUNTIES" "$BENCH/small.tif" || exit 1
  gdal_translate -q -a_nodata none -outsize 20000 20000 -r bilinear -co TILED=YES \
    -co COMPRESS=DEFLATE -co BIGTIFF=YES "$BENCH/small.tif" "$BENCH/tmp.tif" || exit 1
  gdaladdo -q -r average "$BENCH/tmp.tif" 2 4 8 16 32 64 || exit 1
  mv "$BENCH/tmp.tif" "$BIG"
fi

# The raster's extent: what all three show.
read -r X0 Y0 X1 Y1 < <(gdalinfo -json "$BIG" | python3 -c '
import json, sys
c = json.load(sys.stdin)["cornerCoordinates"]
print(c["lowerLeft"][0], c["lowerLeft"][1], c["upperRight"][0], c["upperRight"][1])')

cat > "$BENCH/raster.map" <<EOF
MAP
  SIZE $SIZE $SIZE
  EXTENT $X0 $Y0 $X1 $Y1
  PROJECTION "init=epsg:4326" END
  IMAGETYPE png
  LAYER
    NAME "dem" TYPE RASTER STATUS ON DATA "$BIG"
    PROJECTION "init=epsg:4326" END
  END
  LAYER
    NAME "counties" TYPE POLYGON STATUS ON
    CONNECTIONTYPE OGR CONNECTION "$COUNTIES"
    PROJECTION "init=epsg:4326" END
    CLASS STYLE OUTLINECOLOR 80 80 80 WIDTH 1 END END
  END
END
EOF
printf 'CONFIG\n  ENV\n  END\nEND\n' > "$BENCH/mapserver.conf"

run() {
  local who=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$BENCH/time.txt" "$@" > "$BENCH/last.log" 2>&1
  local rc=$?
  read -r wall user sys rss < "$BENCH/time.txt"
  printf '%s\t%s\t%.2f\t%.2f\t%d\t%d\n' "$who" "$rep" "$wall" "$(echo "$user + $sys" | bc)" \
    $((rss / 1024)) "$rc" | tee -a "$BENCH/raw.tsv"
}

printf 'who\trep\twall_s\tcpu_s\tmaxrss_mb\trc\n' | tee "$BENCH/raw.tsv"
for rep in $(seq 1 "$REPS"); do
  run reclaim-atlas "$CLI" render "$BIG" "$COUNTIES" --out "$BENCH/ours.png" \
    --size "${SIZE}x${SIZE}" --crs EPSG:4326 --bbox "$X0,$Y0,$X1,$Y1" --margin 0 --no-labels \
    --style-fill none --style-stroke "#505050" --style-width 1
  if command -v map2img > /dev/null; then
    run mapserver map2img -conf "$BENCH/mapserver.conf" -m "$BENCH/raster.map" \
      -o "$BENCH/mapserver.png"
  fi
  run gdal_translate gdal_translate -q -of PNG -outsize "$SIZE" "$SIZE" "$BIG" "$BENCH/gdal.png"
done

echo
echo "medians (wall s, cpu s, max RSS MB):"
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
for who in reclaim-atlas mapserver gdal_translate; do
  grep -q "^$who	" "$BENCH/raw.tsv" || continue
  printf '%-15s %6s %6s %6s\n' "$who" \
    "$(awk -F'\t' -v w="$who" '$1 == w { print $3 }' "$BENCH/raw.tsv" | median)" \
    "$(awk -F'\t' -v w="$who" '$1 == w { print $4 }' "$BENCH/raw.tsv" | median)" \
    "$(awk -F'\t' -v w="$who" '$1 == w { print $5 }' "$BENCH/raw.tsv" | median)"
done
