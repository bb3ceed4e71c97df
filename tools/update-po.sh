#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates po/POTFILES from the sources that mark strings, the template,
# and merges it into every language in po/LINGUAS.  Translate what
# `msgattrib --untranslated po/zh_CN.po` then lists.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  printf '%s\n' data/cn.reclaimatlas.ReclaimAtlas.desktop.in \
    data/cn.reclaimatlas.ReclaimAtlas.metainfo.xml.in \
    data/cn.reclaimatlas.ReclaimAtlas.gschema.xml
  { grep -rlE '\b(N?_|C_|NC_)\s*\(\s*"' src --include='*.c' || true
    grep -rl 'translatable="yes"' ui --include='*.ui' || true; } | sort -u
} > po/POTFILES
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --add-comments --package-name=reclaim-atlas \
  -f po/POTFILES -o po/reclaim-atlas.pot
for lang in $(cat po/LINGUAS); do
  if [ -s "po/$lang.po" ]; then
    msgmerge --quiet --update --no-fuzzy-matching --backup=none "po/$lang.po" po/reclaim-atlas.pot
  else
    msginit --no-translator --locale="$lang.UTF-8" -i po/reclaim-atlas.pot -o "po/$lang.po"
  fi
  msgfmt --statistics -o /dev/null "po/$lang.po"
done
