#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Translations stay complete: every file with translatable strings is in
# po/POTFILES, and po/zh_CN.po translates every message of a fresh template.
set -euo pipefail
src=$1
cd "$src"
status=0

# 1. Every source or UI file that marks strings is listed.
while IFS= read -r f; do
  if ! grep -qxF "$f" po/POTFILES; then
    echo "not in po/POTFILES: $f"
    status=1
  fi
done < <( { grep -rlE '\b(N?_|C_|NC_)\s*\(\s*"' src --include='*.c' || true;
            grep -rl 'translatable="yes"' ui --include='*.ui' || true; } | sort -u)

# 2. A fresh template from POTFILES, merged into zh_CN.po, has nothing untranslated or fuzzy.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --add-comments \
  -f po/POTFILES -o "$tmp/reclaim-atlas.pot" 2>"$tmp/xgettext.err" || { cat "$tmp/xgettext.err"; exit 1; }
msgmerge --quiet --no-fuzzy-matching -o "$tmp/zh_CN.po" po/zh_CN.po "$tmp/reclaim-atlas.pot"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/zh_CN.po" 2>&1)
echo "zh_CN: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    msgattrib --untranslated --no-obsolete "$tmp/zh_CN.po" | grep '^msgid' | head -40
    status=1 ;;
esac
exit $status
