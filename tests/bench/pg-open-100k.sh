#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# pg-open-100k.sh RA-BENCH-PG CLI: issue 19's performance goals in one run.
#
# Generates a SYNTHETIC project (the Zhangye sample plus 100,000 projects,
# 20,000 water users with demand and 10,000 pipelines, a fixed seed:
# ra-bench-pg generate), pushes it into a throwaway local cluster
# (tests/pg/pg-cluster.sh; `reclaim-atlas-cli push`, then ANALYZE as after
# any bulk load), and measures in the same run, interleaved (file, server,
# QGIS, file, ...) so that load from other processes hits all alike:
#   - the first map from the file and from the server (ra-bench-pg
#     first-map: open, the map's tables, the first frame at 1280x800), each
#     repetition its own process: wall, CPU, max RSS; and when the
#     inventory, read after the first frame as the app does, was filled;
#   - QGIS's PostGIS provider on the same tables (qgis-pg-render.py: the
#     projects, water users and pipelines, one frame of the same size and
#     extent), when python3-qgis is installed;
#   - the edit round trip between two connections (ra-bench-pg round-trip),
#     on the server and, for comparison, on the file.
# Prints the medians and the goals.  Knobs (env): REPS (5), EDITS (200),
# BEFORE (set: also the server in the order before the fourth run,
# RA_BENCH_FILL=before, labelled server-before),
# PROJECTS (100000), USERS (20000), PIPELINES (10000), KEEP (a folder to
# keep the generated file in and reuse it).  Not part of `meson test`: run
# it directly or with `meson test --benchmark pg-open-100k`.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)

if [ "${1:-}" = --inner ]; then
  shift
  BENCH=$1 CLI=$2 FILE=$3 OUT=$4
  PY=${QGIS_PYTHON:-/usr/bin/python3}   # the Debian python that python3-qgis is for
  log() { echo "$@" | tee -a "$OUT/log.txt"; }
  t0=$(date +%s.%N)
  "$CLI" push "$FILE" "$RA_PG_URI" >"$OUT/push.txt" 2>&1 || { cat "$OUT/push.txt"; exit 1; }
  "$RA_PG_BINDIR/psql" -qAt -c 'ANALYZE' >/dev/null || exit 1
  log "pushed to a local server (Unix socket) and analysed in $(echo "$(date +%s.%N) - $t0" | bc) s"
  log "server: $("$RA_PG_BINDIR/postgres" --version), $("$RA_PG_BINDIR/psql" -qAt -c 'SELECT postgis_lib_version ()' | sed 's/^/PostGIS /')"

  qgis=1
  if ! "$PY" -c 'import qgis.core' 2>/dev/null; then
    qgis=0
    log "QGIS: not measured (python3-qgis is not installed: apt-get install python3-qgis qgis-providers)"
  fi
  # One warm-up of each (the page cache, the server's buffers), not counted.
  "$BENCH" first-map "$FILE" --label warm-up >/dev/null || exit 1
  "$BENCH" first-map "$RA_PG_URI" --label warm-up >"$OUT/extent.txt" || exit 1
  read -r _ CRS MINX MINY MAXX MAXY < <(grep '^extent ' "$OUT/extent.txt")
  [ $qgis = 1 ] && "$PY" "$HERE/qgis-pg-render.py" "$OUT/qgis.png" "$CRS" $MINX $MINY $MAXX $MAXY 1280 800 >/dev/null 2>&1
  for rep in $(seq 1 "$REPS"); do
    RA_BENCH_PNG=$OUT/file.png "$BENCH" first-map "$FILE" | grep -v '^extent' | tee -a "$OUT/log.txt" || exit 1
    RA_BENCH_PNG=$OUT/server.png "$BENCH" first-map "$RA_PG_URI" | grep -v '^extent' | tee -a "$OUT/log.txt" || exit 1
    if [ -n "${BEFORE:-}" ]; then
      RA_BENCH_FILL=before "$BENCH" first-map "$RA_PG_URI" --label server-before |
        grep -v '^extent' | tee -a "$OUT/log.txt" || exit 1
    fi
    if [ $qgis = 1 ]; then
      "$PY" "$HERE/qgis-pg-render.py" "$OUT/qgis.png" "$CRS" $MINX $MINY $MAXX $MAXY 1280 800 2>>"$OUT/qgis-stderr.txt" |
        tee -a "$OUT/log.txt"
    fi
  done
  "$BENCH" round-trip "$RA_PG_URI" --edits "$EDITS" | tee -a "$OUT/log.txt" || exit 1
  "$BENCH" round-trip "$FILE" --edits "$EDITS" | tee -a "$OUT/log.txt" || exit 1
  exit 0
fi

BENCH=${1:?usage: pg-open-100k.sh RA-BENCH-PG CLI}
CLI=${2:?usage: pg-open-100k.sh RA-BENCH-PG CLI}
export REPS=${REPS:-5} EDITS=${EDITS:-200}
PROJECTS=${PROJECTS:-100000} USERS=${USERS:-20000} PIPELINES=${PIPELINES:-10000}
reason=$("$SRC/tests/pg/pg-cluster.sh" check) || { echo "pg-open-100k: skipped: $reason"; exit 77; }

OUT=$(mktemp -d "${TMPDIR:-/tmp}/ra-pg-bench.XXXXXX") || exit 1
chmod 0755 "$OUT"
trap 'rm -rf "$OUT"' EXIT
DIR=${KEEP:-$OUT}
FILE=$DIR/synthetic-$PROJECTS-$USERS-$PIPELINES.sqlite
if [ ! -e "$FILE" ]; then
  "$BENCH" generate "$FILE" --projects "$PROJECTS" --users "$USERS" --pipelines "$PIPELINES" || exit 1
fi
# The cluster runs as an unprivileged user when we are root: let it read.
chmod 0644 "$FILE"

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores," \
     "$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $FILE ($(du -m "$FILE" | cut -f1) MB; synthetic: $PROJECTS projects, $USERS water users, $PIPELINES pipelines)"
"$SRC/tests/pg/pg-cluster.sh" run bash "$0" --inner "$BENCH" "$CLI" "$FILE" "$OUT" || exit 1

# Medians of the repetitions and the goals.
awk '
  /^first-map (file|server|server-before|qgis):/ {
    who = $2; sub(":", "", who)
    n[who]++; wall[who, n[who]] = $4; cpu[who, n[who]] = $7; rss[who, n[who]] = $10
    if (match($0, /inventory filled at [0-9.]+/))
      inv[who, n[who]] = substr($0, RSTART + 20, RLENGTH - 20)
  }
  function med(arr, who, k,   i, j, t, v) {
    for (i = 1; i <= k; i++) v[i] = arr[who, i]
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
  }
  /^round-trip / { rt = $2 }
  /round trip \(A saves/ { tmed[rt] = $11; tp95[rt] = $14 }
  END {
    printf "\nmedians of %d repetitions       wall s    cpu s   max RSS MB\n", n["file"]
    split("file server server-before qgis", order, " ")
    for (o = 1; o <= 4; o++) {
      who = order[o]
      if (n[who] > 0) {
        m[who] = med(wall, who, n[who])
        printf "  first map, %-18s %7.3f  %7.3f  %8.0f\n", who, m[who], med(cpu, who, n[who]), med(rss, who, n[who])
        if ((who, 1) in inv)
          printf "    inventory filled, %-10s %7.3f s after opening \n", who, med(inv, who, n[who])
      }
    }
    if (m["file"] > 0)
      printf "goal: server <= file x 1.5: %.3f <= %.3f: %s\n", m["server"], 1.5 * m["file"], m["server"] <= 1.5 * m["file"] ? "met" : "NOT met"
    if (n["qgis"] > 0)
      printf "goal: server faster than QGIS: %.3f < %.3f: %s\n", m["server"], m["qgis"], m["server"] < m["qgis"] ? "met" : "NOT met"
    else
      print "goal: faster than QGIS: not measured (no QGIS)"
    if (tmed["server"] != "")
      printf "goal: edit round trip on the server < 50 ms: median %s ms, p95 %s ms: %s (the file: median %s, p95 %s ms)\n", tmed["server"], tp95["server"], tp95["server"] < 50 ? "met" : "NOT met", tmed["file"], tp95["file"]
  }' "$OUT/log.txt"
