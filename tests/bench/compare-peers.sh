#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# compare-peers.sh [CLI]: `reclaim-atlas-cli render` against MapServer (AGG)
# and QGIS in the same run, on the peer data sets of ../shared/bench
# (make-datasets.sh -> /tmp/bench/data), 1920x1080 PNG, the same extent
# (extent.py) and the same style as the peers.  Whole-process wall time,
# median of REPS runs, interleaved (ours, MapServer, QGIS, ours, ...) so
# that load from other processes hits all three alike.  Prints a table with
# the ratio to the faster peer and the target of issue 7.
#
# Knobs (env): REPS (3), CASES ("DATASET:SRS ..."), PEERS ("mapserver-agg qgis",
# empty: ours only), BENCH (/tmp/bench), SHARED_BENCH (../shared/bench).
# Needs the packages listed in ../shared/bench/README.md.  Not part of
# `meson test`: run it directly or with `meson test --benchmark compare-peers`.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
CLI=${1:-${CLI:-$SRC/_build-perf/src/cli/reclaim-atlas-cli}}
SHARED_BENCH=${SHARED_BENCH:-$SRC/../shared/bench}
BENCH=${BENCH:-/tmp/bench}
DATA=${DATA:-$BENCH/data}
OUT=${OUT:-$BENCH/compare}
REPS=${REPS:-3}
PEERS=${PEERS-mapserver-agg qgis}
CASES=${CASES:-"china_counties.gpkg:EPSG:4326 china_counties.gpkg:EPSG:3857 china_counties.gpkg:EPSG:4544
china_counties.shp:EPSG:4326 lines.gpkg:EPSG:4326 points.gpkg:EPSG:4326"}
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$BENCH/xdg

[ -x "$CLI" ] || { echo "compare-peers: no CLI at $CLI (build it or pass its path)" >&2; exit 1; }
[ -d "$DATA" ] || { echo "compare-peers: no data in $DATA: run $SHARED_BENCH/make-datasets.sh" >&2; exit 77; }
mkdir -p "$OUT" "$BENCH/ms" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
printf 'CONFIG\n  ENV\n  END\nEND\n' > "$BENCH/ms/mapserver.conf"
RAW=$OUT/compare.tsv
printf 'dataset\tsrs\twho\trep\twall_s\trc\tcpu_s\n' > "$RAW"

# target ratio per case (issue 7)
target() {
  case $1 in
    china_counties.gpkg) echo 0.8;;
    china_counties.shp)  echo 1.0;;
    lines.gpkg)          echo 1.0;;
    points.gpkg)         echo 0.8;;
    *)                   echo 1.0;;
  esac
}

# style_args FILE -> the peers' style as CLI options
style_args() {
  case $(ogrinfo -ro -so -q "$1" 2>/dev/null | sed -n '1s/.*(\(.*\))/\1/p') in
    *Polygon*) STYLE=(--style-fill '#f2e6c8' --style-stroke '#505050' --style-width 1);;
    *Line*)    STYLE=(--style-stroke '#1f5fbf' --style-width 1);;
    *)         STYLE=(--style-fill '#d03020' --style-stroke none --marker-size 4);;
  esac
}

# run_one WHO IN SRS PNG TE... -> sets WALL, CPU (user + system seconds) and RC
run_one() {
  local who=$1 in=$2 srs=$3 png=$4; shift 4; local te=("$@") stem cmd t0 t1
  stem=$(basename "${in%.*}")_${in##*.}_${srs#EPSG:}
  case $who in
    reclaim-atlas)
      cmd=("$CLI" render "$in" --out "$png" --size 1920x1080 --crs "$srs"
           --bbox "${te[0]},${te[1]},${te[2]},${te[3]}" --margin 0 --no-labels "${STYLE[@]}");;
    mapserver-agg)
      "$SHARED_BENCH/mapserver_map.sh" "$in" "$srs" > "$BENCH/ms/$stem.map"
      cmd=(map2img -conf "$BENCH/ms/mapserver.conf" -m "$BENCH/ms/$stem.map" -i agg
           -e "${te[@]}" -s 1920 1080 -o "$png");;
    qgis)
      cmd=(/usr/bin/python3 "$SHARED_BENCH/qgis_render.py" "$in" "$png" "$srs" "${te[@]}");;
  esac
  rm -f "$png"
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S' -o "$OUT/time.txt" "${cmd[@]}" > "$OUT/last.log" 2>&1
  RC=$?
  t1=$EPOCHREALTIME
  [ $RC -eq 0 ] && [ ! -s "$png" ] && RC=99
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  CPU=$(awk 'NF == 2 { printf "%.3f", $1 + $2 }' "$OUT/time.txt")
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for c in $CASES; do
  ds=${c%%:*}; srs=${c#*:}; in=$DATA/$ds
  te=($(/usr/bin/python3 "$SHARED_BENCH/extent.py" "$in" "$srs"))
  style_args "$in"
  for rep in $(seq "$REPS"); do
    for who in reclaim-atlas $PEERS; do
      png=$OUT/$(basename "${ds%.*}")_${ds##*.}_${srs#EPSG:}_$who.png
      run_one "$who" "$in" "$srs" "$png" "${te[@]}"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$ds" "$srs" "$who" "$rep" "$WALL" "$RC" "$CPU" >> "$RAW"
      [ "$RC" -ne 0 ] && echo "compare-peers: $who failed on $ds $srs (rc $RC): $(tail -1 "$OUT/last.log")" >&2
    done
  done
done

# table
printf '\n| data (1920x1080, full extent) | srs | Reclaim Atlas s | MapServer AGG s | QGIS s | ratio to the faster peer | target | met | CPU s (RA / MS / QGIS) |\n'
printf '|---|---|---:|---:|---:|---:|---:|---|---:|\n'
for c in $CASES; do
  ds=${c%%:*}; srs=${c#*:}
  med() { awk -F'\t' -v d="$ds" -v s="$srs" -v w="$1" -v c="${2:-5}" '$1 == d && $2 == s && $3 == w && $6 == 0 { print $c }' "$RAW" | median; }
  ra=$(med reclaim-atlas); ms=$(med mapserver-agg); qg=$(med qgis)
  rac=$(med reclaim-atlas 7); msc=$(med mapserver-agg 7); qgc=$(med qgis 7)
  best=$(printf '%s\n%s\n' "$ms" "$qg" | awk 'NF && ($1 < m || m == "") { m = $1 } END { print m }')
  t=$(target "$ds")
  if [ -n "$best" ] && [ -n "$ra" ]; then
    ratio=$(awk -v a="$ra" -v b="$best" 'BEGIN { printf "%.2f", a / b }')
    met=$(awk -v r="$ratio" -v t="$t" 'BEGIN { print (r <= t) ? "yes" : "no" }')
  else
    ratio='-'; met='-'
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s |\n' "$ds" "${srs#EPSG:}" "${ra:-failed}" "${ms:--}" "${qg:--}" "$ratio" "$t" "$met" "${rac:--}" "${msc:--}" "${qgc:--}"
done
printf '\n%s runs each, whole-process wall time (median; the ratio and target are on it) and user + system CPU time (median); load average at the end: %s; raw runs: %s; images: %s\n' "$REPS" "$(cut -d' ' -f1-3 /proc/loadavg)" "$RAW" "$OUT"
printf 'machine: %s cores, %s\n' "$(nproc)" "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
exit 0
