#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The renderer never reaches up (issue 15): no file of src/core/render but
# the legend includes the legend's header, and none includes a layout
# header.  The legend and layouts use the renderer, not the other way round.
set -euo pipefail
cd "$1/src/core/render"
status=0
for f in *.c *.h; do
  case "$f" in ra-legend.c|ra-legend.h) continue ;; esac
  if grep -n '#include "ra-legend.h"' "$f"; then
    echo "$f: the renderer includes the legend"
    status=1
  fi
done
if grep -nE '#include "ra-(layout|export)[^"]*\.h"' -- *.c *.h; then
  echo "src/core/render includes a layout header"
  status=1
fi
exit $status
