#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs each libFuzzer harness for SECONDS (default 600), one at a time, at
# low priority, from the committed seeds; findings land in
# BUILDDIR/fuzz-artifacts/NAME/ (copy them to tests/fuzz/regressions/NAME/).
#   CC=clang meson setup _build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
#   ninja -C _build-fuzz
#   bash tests/fuzz/run-fuzzers.sh _build-fuzz 600 [NAME...]
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
builddir=$(cd "${1:-_build-fuzz}" && pwd)
seconds=${2:-600}
shift 2 || true
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(attr-decode ogr-geometry csv-import project-open style layout gpkg-blob)
export RA_DATADIR="$here/data" LC_ALL=C.UTF-8
# Leaks are the asan test setup's job; here they would stop a run early.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for name in "${names[@]}"; do
  work="$builddir/fuzz-work/$name"
  artifacts="$builddir/fuzz-artifacts/$name"
  mkdir -p "$work" "$artifacts"
  cp -n "$here/tests/fuzz/seeds/$name/"* "$work/" 2>/dev/null || true
  max_len=65536
  [ "$name" = project-open ] && max_len=200000
  echo "== fuzz-$name for $seconds s"
  start=$(date +%s)
  nice -n 10 "$builddir/tests/fuzz/fuzz-$name" "$work" "$here/tests/fuzz/regressions/$name" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=$max_len \
    -artifact_prefix="$artifacts/" -print_final_stats=1 2>"$builddir/fuzz-$name.log"
  rc=$?
  echo "fuzz-$name: exit $rc after $(( $(date +%s) - start )) s; $(grep -aE '^stat::number_of_executed_units' "$builddir/fuzz-$name.log" | awk '{print $2}') runs; artifacts: $(ls "$artifacts" | wc -l)"
done
