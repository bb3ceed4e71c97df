#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The long SIGKILL run of issue 8 (not part of meson test): 1000 trials in
# all, a third each killing an import, a sketch save or an export at a
# random moment; after every kill integrity_check must be ok and every
# acknowledged edit present (tests/hardening/test-kill.c checks both).
#   bash tests/hardening/kill-trials.sh [BUILDDIR] [TOTAL]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${1:-$here/_build}
total=${2:-1000}
per_kind=$(( (total + 2) / 3 ))
export RA_DATADIR="$here/data" RA_KILL_TRIALS=$per_kind LC_ALL=C.UTF-8
echo "kill trials: $per_kind per kind (import, sketch, export), $((per_kind * 3)) in all"
start=$(date +%s)
nice -n 10 "$builddir/tests/hardening/test-kill" --tap -p /hardening/kill | tee /dev/stderr | grep -E '^# kill-|^(not )?ok'
echo "elapsed: $(( $(date +%s) - start )) s"
