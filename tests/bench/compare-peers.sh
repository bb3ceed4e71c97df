#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# compare-peers.sh [CLI]: `reclaim-atlas-cli render` against MapServer (AGG)
# and QGIS in the same run, on the peer data sets of ../shared/bench
# (make-datasets.sh -> /tmp/bench/data), 1920x1080 PNG, the same extent
# (extent.py) and the same style as the peers.  Our render runs twice per
# repetition: with two threads (`--threads 2`) and with one (`--threads 1`).
# Every process runs under `/usr/bin/time -f '%e %U %S %M %R'`: wall, user,
# sys, max RSS and minor page faults; the table shows the median of REPS
# runs of each figure, interleaved (ours x2, MapServer, QGIS, ours x2, ...)
# so that load from other processes hits all alike, and the ratio of ours to
# MapServer AGG for each figure against the targets of issue 20:
#   CPU (user + sys) <= 0.5x, wall <= 0.5x (one thread and two),
#   max RSS <= 1.5x, minor page faults <= 2x.
# It prints the machine (CPU model, cores, kernel, transparent huge pages)
# and the sha256 of each data set's files first.
#
# Knobs (env): REPS (3), CASES ("DATASET:SRS ..."), PEERS ("mapserver-agg qgis",
# empty: ours only), BENCH (/tmp/bench), SHARED_BENCH (../shared/bench),
# THREADS ("2 1": our runs).
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
THREADS=${THREADS:-2 1}
CASES=${CASES:-"china_counties.gpkg:EPSG:4326 china_counties.gpkg:EPSG:3857 china_counties.gpkg:EPSG:4544
china_counties.shp:EPSG:4326 lines.gpkg:EPSG:4326 points.gpkg:EPSG:4326"}
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$BENCH/xdg

[ -x "$CLI" ] || { echo "compare-peers: no CLI at $CLI (build it or pass its path)" >&2; exit 1; }
[ -d "$DATA" ] || { echo "compare-peers: no data in $DATA: run $SHARED_BENCH/make-datasets.sh" >&2; exit 77; }
[ -x /usr/bin/time ] || { echo "compare-peers: needs /usr/bin/time (Debian package time)" >&2; exit 77; }
mkdir -p "$OUT" "$BENCH/ms" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
printf 'CONFIG\n  ENV\n  END\nEND\n' > "$BENCH/ms/mapserver.conf"
RAW=$OUT/compare.tsv
printf 'dataset\tsrs\twho\trep\twall_s\trc\tuser_s\tsys_s\tcpu_s\trss_kb\tminflt\n' > "$RAW"

# The machine and the data, so that runs elsewhere can be compared.
{
  echo "machine: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(nproc) cores ($(grep -c ^processor /proc/cpuinfo) online CPUs)"
  echo "kernel: $(uname -srm)"
  echo "transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)" \
       "(defrag: $(cat /sys/kernel/mm/transparent_hugepage/defrag 2>/dev/null || echo unknown))"
  echo "memory: $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)," \
       "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "CLI: $CLI"
  echo "peers: $(map2img -v 2>/dev/null | head -1 | cut -c1-60)"
  echo "data (sha256):"
  for c in $CASES; do echo "${c%%:*}"; done | sort -u | while read -r ds; do
    # a shapefile is its .shp and the files beside it; anything else one file
    for f in "$DATA/$ds" "$DATA/${ds%.*}".{shx,dbf,prj,cpg,qix}; do
      [ -f "$f" ] || continue
      [ "${ds##*.}" = shp ] || [ "$f" = "$DATA/$ds" ] || continue
      echo "  $(sha256sum "$f" | cut -c1-16)…  $(stat -c %s "$f") B  $(basename "$f")"
    done
  done
} | tee "$OUT/machine.txt"

# style_args FILE -> the peers' style as CLI options
style_args() {
  case $(ogrinfo -ro -so -q "$1" 2>/dev/null | sed -n '1s/.*(\(.*\))/\1/p') in
    *Polygon*) STYLE=(--style-fill '#f2e6c8' --style-stroke '#505050' --style-width 1);;
    *Line*)    STYLE=(--style-stroke '#1f5fbf' --style-width 1);;
    *)         STYLE=(--style-fill '#d03020' --style-stroke none --marker-size 4);;
  esac
}

# run_one WHO IN SRS PNG TE... -> sets FIG (wall user sys cpu rss_kb minflt) and RC
run_one() {
  local who=$1 in=$2 srs=$3 png=$4; shift 4; local te=("$@") stem cmd
  stem=$(basename "${in%.*}")_${in##*.}_${srs#EPSG:}
  case $who in
    reclaim-atlas-*t)
      local n=${who#reclaim-atlas-}; n=${n%t}
      cmd=("$CLI" render "$in" --out "$png" --size 1920x1080 --crs "$srs"
           --bbox "${te[0]},${te[1]},${te[2]},${te[3]}" --margin 0 --no-labels --threads "$n" "${STYLE[@]}");;
    mapserver-agg)
      "$SHARED_BENCH/mapserver_map.sh" "$in" "$srs" > "$BENCH/ms/$stem.map"
      cmd=(map2img -conf "$BENCH/ms/mapserver.conf" -m "$BENCH/ms/$stem.map" -i agg
           -e "${te[@]}" -s 1920 1080 -o "$png");;
    qgis)
      cmd=(/usr/bin/python3 "$SHARED_BENCH/qgis_render.py" "$in" "$png" "$srs" "${te[@]}");;
  esac
  rm -f "$png"
  /usr/bin/time -f '%e %U %S %M %R' -o "$OUT/time.txt" "${cmd[@]}" > "$OUT/last.log" 2>&1
  RC=$?
  [ $RC -eq 0 ] && [ ! -s "$png" ] && RC=99
  FIG=$(awk 'NF == 5 { printf "%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d", $1, $2, $3, $2 + $3, $4, $5 }' "$OUT/time.txt" | tail -1)
  [ -n "$FIG" ] || FIG=$(printf '\t\t\t\t\t')
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

OURS=""
for n in $THREADS; do OURS="$OURS reclaim-atlas-${n}t"; done
for c in $CASES; do
  ds=${c%%:*}; srs=${c#*:}; in=$DATA/$ds
  te=($(/usr/bin/python3 "$SHARED_BENCH/extent.py" "$in" "$srs"))
  style_args "$in"
  for rep in $(seq "$REPS"); do
    for who in $OURS $PEERS; do
      png=$OUT/$(basename "${ds%.*}")_${ds##*.}_${srs#EPSG:}_$who.png
      run_one "$who" "$in" "$srs" "$png" "${te[@]}"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$ds" "$srs" "$who" "$rep" "$(cut -f1 <<<"$FIG")" "$RC" "$(cut -f2- <<<"$FIG")" >> "$RAW"
      [ "$RC" -ne 0 ] && echo "compare-peers: $who failed on $ds $srs (rc $RC): $(tail -1 "$OUT/last.log")" >&2
    done
  done
done

# table: medians, and ours / MapServer for each figure (targets of issue 20)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
ok() { awk -v r="$1" -v t="$2" 'BEGIN { if (r == "-") print "-"; else print (r <= t) ? "yes" : "**no**" }'; }
printf '\n| data (1920x1080, full extent) | srs | who | wall s | user s | sys s | user+sys s | max RSS MB | minor faults |\n'
printf '|---|---|---|---:|---:|---:|---:|---:|---:|\n'
for c in $CASES; do
  ds=${c%%:*}; srs=${c#*:}
  for who in $OURS $PEERS; do
    med() { awk -F'\t' -v d="$ds" -v s="$srs" -v w="$who" -v c="$1" '$1 == d && $2 == s && $3 == w && $6 == 0 { print $c }' "$RAW" | median; }
    rss=$(med 10); [ -n "$rss" ] && rss=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$ds" "${srs#EPSG:}" "$who" \
      "$(med 5)" "$(med 7)" "$(med 8)" "$(med 9)" "${rss:--}" "$(med 11)"
  done
done
if [[ " $PEERS " == *" mapserver-agg "* ]]; then
  printf '\nOurs / MapServer AGG (medians); targets: CPU <= 0.5, wall <= 0.5, max RSS <= 1.5, minor faults <= 2\n\n'
  printf '| data | srs | threads | wall | user | sys | user+sys | max RSS | minor faults | all met |\n'
  printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n'
  for c in $CASES; do
    ds=${c%%:*}; srs=${c#*:}
    medw() { awk -F'\t' -v d="$ds" -v s="$srs" -v w="$1" -v c="$2" '$1 == d && $2 == s && $3 == w && $6 == 0 { print $c }' "$RAW" | median; }
    for who in $OURS; do
      n=${who#reclaim-atlas-}; n=${n%t}
      rw=$(ratio "$(medw "$who" 5)" "$(medw mapserver-agg 5)")
      ru=$(ratio "$(medw "$who" 7)" "$(medw mapserver-agg 7)")
      rs=$(ratio "$(medw "$who" 8)" "$(medw mapserver-agg 8)")
      rc=$(ratio "$(medw "$who" 9)" "$(medw mapserver-agg 9)")
      rm_=$(ratio "$(medw "$who" 10)" "$(medw mapserver-agg 10)")
      rf=$(ratio "$(medw "$who" 11)" "$(medw mapserver-agg 11)")
      met=yes
      for pair in "$rw 0.5" "$rc 0.5" "$rm_ 1.5" "$rf 2"; do
        [ "$(ok $pair)" = yes ] || met="**no**"
      done
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$ds" "${srs#EPSG:}" "$n" \
        "$rw" "$ru" "$rs" "$rc" "$rm_" "$rf" "$met"
    done
  done
fi
printf '\n%s runs each, medians; load average at the end: %s; raw runs: %s; images: %s; machine: %s\n' \
  "$REPS" "$(cut -d' ' -f1-3 /proc/loadavg)" "$RAW" "$OUT" "$OUT/machine.txt"
exit 0
