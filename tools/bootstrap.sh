#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One entry point for a fresh Debian 12 machine (run as root):
#   bash tools/bootstrap.sh run    install what is missing, build, start the app on the Zhangye sample
#   bash tools/bootstrap.sh test   install what is missing, build, run the whole test suite
#                                  (UI tests under Xvfb)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
builddir=${RA_BUILDDIR:-_build}

packages=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libgdal-dev gdal-bin libproj-dev proj-bin libgeos-dev
  libspatialite-dev spatialite-bin libsqlite3-dev
  libuchardet-dev
  libcairo2-dev libpango1.0-dev
  gettext desktop-file-utils appstream
  fonts-noto-cjk
  xvfb xauth poppler-utils librsvg2-bin
)

install_missing () {
  local missing=()
  for p in "${packages[@]}"; do
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

build () {
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" --prefix=/usr/local
  fi
  ninja -C "$builddir"
}

case "${1:-}" in
  run)
    install_missing
    build
    shift
    # Run uninstalled: the schema is compiled into the build tree, data/ is found from the source tree.
    export GSETTINGS_SCHEMA_DIR="$here/$builddir/data"
    export RA_DATADIR="$here/data"
    export RA_LOCALEDIR="$here/$builddir/po"
    exec "$builddir/src/app/reclaim-atlas" "$@"
    ;;
  test)
    install_missing
    build
    meson test -C "$builddir" --print-errorlogs --num-processes 2 "${@:2}"
    ;;
  *)
    echo "usage: bash tools/bootstrap.sh run|test" >&2
    exit 2
    ;;
esac
