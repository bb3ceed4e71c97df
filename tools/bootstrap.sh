#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One entry point for a fresh Debian 12 machine (run as root):
#   bash tools/bootstrap.sh run    install what is missing, build, start the app on the Zhangye sample
#   bash tools/bootstrap.sh test   install what is missing, build, run the whole test suite
#                                  (UI tests under Xvfb, each with its own D-Bus session bus)
# Without a display, "run" still installs and builds, then says what to do
# instead and exits with status 3.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
builddir=${RA_BUILDDIR:-_build}

# Everything the build, the app and the tests need on a minimal Debian 12
# (debootstrap --variant=minbase bookworm); tools/clean-root-check.sh checks
# that this list is complete.  Installed with --no-install-recommends, so
# whatever is only recommended must be listed here.
packages=(
  # build tools; lld links reclaim-atlas-cli's GDAL-free render program
  # (src/cli/meson.build: it drops what only dead code references)
  meson ninja-build pkg-config gcc lld
  # libraries (headers and pkg-config files)
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libgdal-dev libproj-dev libgeos-dev
  libspatialite-dev libsqlite3-dev
  # the offline-copy test edits a pulled file with the sqlite3 shell (tests/pg)
  sqlite3
  libcairo2-dev libpango1.0-dev
  # the PNG writer's deflate (zlib, row by row)
  zlib1g-dev
  # the one-shot render reads shapefile geometry with shapelib (optional in
  # meson: without it OGR reads them)
  libshp-dev
  libuchardet-dev
  # the allocation proposal's linear program (ra-balance)
  libglpk-dev
  # the PostgreSQL + PostGIS backend of the store (issue 19; optional in
  # meson, so a build without libpq still works) and the server its tests
  # run: tests/pg/pg-cluster.sh makes a throwaway cluster with initdb in a
  # temporary folder; the system cluster the package may create is never
  # used
  libpq-dev postgresql-15 postgresql-15-postgis-3
  # translations, desktop file, AppStream metainfo (build and data tests)
  gettext desktop-file-utils appstream
  # what the app needs at run time: Chinese fonts; the SVG loader for its
  # icons (app icon, layer kinds; without librsvg2-common GTK silently shows
  # image-missing); the accessibility bus GTK 4 asks the session bus for
  # (without at-spi2-core GTK warns, which is fatal in tests)
  fonts-noto-cjk librsvg2-common at-spi2-core
  # the Chinese UI needs a zh_CN locale (gettext ignores LANGUAGE under C):
  # the locale sources, compiled by ensure_locale below
  locales
  # command-line tools the tests call: ogrinfo, geod, spatialite, pdffonts and
  # pdftotext, rsvg-convert, python3 (corpus scripts, JSON checks)
  gdal-bin proj-bin spatialite-bin poppler-utils librsvg2-bin python3
  # UI tests without a display: a virtual X server (xvfb-run needs xauth)
  # and a private D-Bus session bus per test (dbus-run-session)
  xvfb xauth dbus-daemon dbus-bin
  # EPANET 2.2 checks the hydraulics in the tests and the benchmark: the npm
  # package epanet-js (tests/epanet), installed by npm, run by node
  # (ensure_epanet below)
  nodejs npm
)

install_missing () {
  local missing=()
  for p in "${packages[@]}"; do
    # a node and npm from elsewhere (NodeSource's nodejs, which holds npm and
    # conflicts with Debian's) will do
    case "$p" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# The zh_CN.UTF-8 locale the Chinese UI (and its tests) run under.
ensure_locale () {
  if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
    echo "Compiling the zh_CN.UTF-8 locale"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
  fi
}

# The npm package epanet-js the hydraulics tests run EPANET with, installed
# from tests/epanet/package-lock.json (again when the lock file changes).
# Without it (no network) those comparisons are skipped and say so.
ensure_epanet () {
  local stamp=tests/epanet/node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ tests/epanet/package-lock.json -nt "$stamp" ]; then
    echo "Installing EPANET (epanet-js) for the tests: npm ci in tests/epanet"
    (cd tests/epanet && npm ci --no-audit --no-fund) \
      || echo "warning: npm ci failed in tests/epanet: the EPANET comparisons will be skipped" >&2
  fi
}

build () {
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" --prefix=/usr/local
  fi
  ninja -C "$builddir"
}

case "${1:-}" in
  run)
    install_missing
    ensure_locale
    build
    shift
    # GTK needs a display; without one, say what to do instead of GTK's own error.
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      cat >&2 <<EOF

Reclaim Atlas is built ($here/$builddir/src/app/reclaim-atlas), but there is no display to
show its window on (neither DISPLAY nor WAYLAND_DISPLAY is set). Instead:
  - run the same command from a terminal in a desktop session:
      bash tools/bootstrap.sh run
  - or try it headless, in a virtual X server (nothing to see, but it starts):
      xvfb-run -a bash tools/bootstrap.sh run
  - or use the command-line tool, which needs no display, e.g.
      $here/$builddir/src/cli/reclaim-atlas-cli sample zhangye /tmp/zhangye.sqlite
      $here/$builddir/src/cli/reclaim-atlas-cli export /tmp/zhangye.sqlite --out /tmp/zhangye.pdf
EOF
      exit 3
    fi
    # Run uninstalled: the schema is compiled into the build tree, data/ is found from the source tree.
    export GSETTINGS_SCHEMA_DIR="$here/$builddir/data"
    export RA_DATADIR="$here/data"
    export RA_LOCALEDIR="$here/$builddir/po"
    app=("$builddir/src/app/reclaim-atlas" "$@")
    # A desktop session has a D-Bus session bus; a bare X server (xvfb-run, ssh -X)
    # may not, and GTK warns without one: then give the app a private bus.
    if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && ! [ -S "${XDG_RUNTIME_DIR:-/nonexistent}/bus" ]; then
      exec dbus-run-session -- "${app[@]}"
    fi
    exec "${app[@]}"
    ;;
  test)
    install_missing
    ensure_locale
    ensure_epanet
    build
    meson test -C "$builddir" --print-errorlogs --num-processes 2 "${@:2}"
    ;;
  *)
    echo "usage: bash tools/bootstrap.sh run|test" >&2
    exit 2
    ;;
esac
