#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Does the README work on a brand-new Debian 12?  Builds a minimal bookworm
# root (debootstrap --variant=minbase), puts a git clone of this repository's
# HEAD in it and runs the README's two commands inside it, as a user would:
#
#   1. bash tools/bootstrap.sh test       must pass (meson: no failures, no timeouts)
#   2. bash tools/bootstrap.sh run        without a display: must say what to do
#                                          instead and exit non-zero
#   3. timeout 30 xvfb-run -a bash tools/bootstrap.sh run
#                                          must still be running after 30 s (exit
#                                          124: the app started), no CRITICAL on stderr
#   4. gdk-pixbuf's SVG loader is there    (GTK shows image-missing for the app's
#                                          SVG icons without it, silently)
#
# Run as root:  bash tools/clean-root-check.sh [--fresh] [--keep] [--workdir DIR] [--mirror URL]
#   --fresh        debootstrap anew and drop the cached .deb files (default: reuse
#                  WORKDIR/bookworm-minbase.tar.gz and WORKDIR/apt-archives)
#   --keep         leave WORKDIR/root in place afterwards (for a look inside;
#                  it is always unmounted)
#   --workdir DIR  default /var/tmp/reclaim-atlas-clean-root
#   --mirror URL   default: the Debian mirror in /etc/apt/sources.list.d
#                  (else http://deb.debian.org/debian)
#
# Only what is committed is checked (a clone of HEAD, never the host's build
# directories).  Every run starts from the untouched minbase tarball, so the
# packages bootstrap.sh installs are installed again each time (from the
# cached .deb files when present).  Logs: WORKDIR/logs/.  Exit status 0 when
# every step passed.
set -euo pipefail

suite=bookworm
workdir=/var/tmp/reclaim-atlas-clean-root
fresh=0
keep=0
mirror=""

usage () { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --fresh) fresh=1 ;;
    --keep) keep=1 ;;
    --workdir) workdir=${2:?}; shift ;;
    --mirror) mirror=${2:?}; shift ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
  shift
done

[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap, chroot and mount need it)" >&2; exit 2; }
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
head=$(git -C "$repo" rev-parse HEAD)
export DEBIAN_FRONTEND=noninteractive

mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
root=$workdir/root
tarball=$workdir/$suite-minbase.tar.gz
archives=$workdir/apt-archives
logs=$workdir/logs
mkdir -p "$logs"

# ---- reporting --------------------------------------------------------------
results=()
overall=0
now () { date +%s; }
fmt_time () { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
record () {   # record NAME PASS|FAIL SECONDS DETAIL
  results+=("$(printf '%-4s  %-52s %8s  %s' "$2" "$1" "$(fmt_time "$3")" "$4")")
  [ "$2" = PASS ] || overall=1
  echo "==> $2: $1 ($(fmt_time "$3")) $4"
}
summary () {
  echo
  echo "==== clean-root check of $(git -C "$repo" log -1 --format='%h %s' "$head" | cut -c1-70)"
  printf '%s\n' "${results[@]}"
  echo "total $(fmt_time $(( $(now) - t_start )))"
  if [ "$overall" -eq 0 ]; then echo "PASS"; else echo "FAIL (logs in $logs)"; fi
}

# ---- mounts, and their removal on any exit ---------------------------------
mounts_under_root () {   # mount points at or below $root, deepest first
  awk -v r="$root" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}
kill_root_processes () {  # processes started inside the chroot (their root is $root)
  local pids=() p
  for p in /proc/[0-9]*; do
    if [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ]; then pids+=("${p#/proc/}"); fi
  done
  [ ${#pids[@]} -eq 0 ] && return 0
  echo "stopping ${#pids[@]} process(es) left in the chroot: ${pids[*]}"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  sleep 2
  kill -KILL "${pids[@]}" 2>/dev/null || true
}
# Long commands run in the background and are waited for, so that a signal
# to this script runs the traps at once (not after the command ends).
bg_pid=""
background () { "$@" & bg_pid=$!; local rc=0; wait "$bg_pid" || rc=$?; bg_pid=""; return $rc; }
cleanup () {
  local status=$?
  set +e
  if [ -n "$bg_pid" ] && kill -0 "$bg_pid" 2>/dev/null; then
    kill -TERM "$bg_pid" 2>/dev/null; wait "$bg_pid" 2>/dev/null
  fi
  if [ -d "$root" ]; then
    kill_root_processes
    local m
    for m in $(mounts_under_root); do
      umount "$m" 2>/dev/null || umount -l "$m" || echo "could not unmount $m" >&2
    done
    if [ -n "$(mounts_under_root)" ]; then
      echo "still mounted under $root:" >&2; mounts_under_root >&2
      status=1
    elif [ "$keep" -eq 0 ]; then
      rm -rf --one-file-system "$root"
    fi
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

do_mount () {  # do_mount TARGET ARGS...
  local target=$1; shift
  mkdir -p "$target"
  mount "$@" "$target"
}

remove_root () {
  [ -e "$root" ] || return 0
  if [ -n "$(mounts_under_root)" ]; then
    echo "refusing to delete $root: something is still mounted under it:" >&2
    mounts_under_root >&2
    exit 1
  fi
  rm -rf --one-file-system "$root"
}

# In the chroot: a clean environment (nothing from the host's), its own PATH.
in_root () {
  chroot "$root" /usr/bin/env -i \
    HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive \
    /bin/bash -c "$1"
}

# ---- 0. the host's tools and mirror -----------------------------------------
t_start=$(now)
if ! command -v debootstrap >/dev/null; then
  apt-get update -qq && apt-get install -y -qq debootstrap
fi

host_uri () {  # host_uri SUITE-REGEX: the first URI of the host's deb822 stanza for that suite
  awk -v want="$1" '
    BEGIN { RS = ""; FS = "\n" }
    {
      uris = ""; suites = ""
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^URIs:/)   { uris = $i;   sub(/^URIs:[ \t]*/, "", uris) }
        if ($i ~ /^Suites:/) { suites = $i; sub(/^Suites:[ \t]*/, "", suites) }
      }
      if (suites ~ want && uris != "") { split(uris, u, /[ \t]+/); print u[1]; exit }
    }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
}
if [ -z "$mirror" ]; then
  mirror=$(host_uri "(^| )$suite( |$)")
  [ -n "$mirror" ] || mirror=$(awk -v s="$suite" '$1 == "deb" && $3 == s { print $2; exit }' \
                                 /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
fi
security=$(host_uri "(^| )$suite-security( |$)")
[ -n "$security" ] || security=${mirror%/debian}/debian-security
echo "repository $repo at $(git -C "$repo" log -1 --format='%h %s' | cut -c1-70)"
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  echo "note: uncommitted changes in $repo are NOT checked (the root gets a clone of HEAD)"
fi
echo "mirror $mirror (security: $security), work folder $workdir"

# ---- 1. a minimal bookworm root ----------------------------------------------
if [ -e "$root" ] && [ -n "$(mounts_under_root)" ]; then
  echo "something is mounted under $root (an interrupted run?); unmounting" >&2
  for m in $(mounts_under_root); do umount "$m" || umount -l "$m"; done
fi
remove_root
t=$(now)
if [ "$fresh" -eq 1 ] || [ ! -s "$tarball" ]; then
  rm -f "$tarball"
  rm -rf "$archives"
  echo "debootstrap --variant=minbase $suite (log: $logs/debootstrap.log)"
  if background debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$logs/debootstrap.log" 2>&1; then
    tar -C "$root" -czf "$tarball.part" . && mv "$tarball.part" "$tarball"
    record "debootstrap --variant=minbase $suite" PASS $(( $(now) - t )) "(cached as $tarball)"
  else
    tail -20 "$logs/debootstrap.log"
    record "debootstrap --variant=minbase $suite" FAIL $(( $(now) - t )) ""
    summary; exit 1
  fi
else
  mkdir -p "$root"
  tar -C "$root" -xzf "$tarball"
  record "minbase root from the cached tarball" PASS $(( $(now) - t )) "($tarball)"
fi

# The chroot's own apt sources (the host's Debian mirror, with updates and
# security as on any installed Debian 12), name resolution, and no daemons
# started by package scripts.
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

# X servers listen on abstract sockets, which the chroot shares with the host
# (same network namespace): a host Xvfb on :99 would make the chroot's
# `xvfb-run -a` (which only looks at lock files in its own /tmp) fail.  Lock
# files for :99-:199 send the chroot's servers to :200 and up.
for n in $(seq 99 199); do printf '%10d\n' 1 >"$root/tmp/.X$n-lock"; done

do_mount "$root/proc" -t proc proc
do_mount "$root/sys" -t sysfs sysfs
do_mount "$root/dev" --bind /dev
do_mount "$root/dev/pts" --bind /dev/pts
do_mount "$root/dev/shm" -t tmpfs -o mode=1777,nosuid,nodev shm
# Downloaded .deb files are kept between runs (filled by the chroot's apt only).
mkdir -p "$archives/partial"
do_mount "$root/var/cache/apt/archives" --bind "$archives"

# ---- 2. the repository: a clone of HEAD --------------------------------------
t=$(now)
src=/root/reclaim-atlas
git clone --quiet --no-hardlinks "$repo" "$root$src"
git -C "$root$src" checkout --quiet --detach "$head"
git -C "$root$src" remote remove origin
record "git clone of HEAD ($(git -C "$repo" rev-parse --short HEAD)) into $src" PASS $(( $(now) - t )) ""

# ---- 3. bash tools/bootstrap.sh test -----------------------------------------
# Each log line gets the epoch second it arrived, to split the step into
# installing packages, building and testing.
stamp () { local l; while IFS= read -r l; do printf '%(%s)T %s\n' -1 "$l"; done; }
t=$(now)
log=$logs/bootstrap-test.log
echo "bash tools/bootstrap.sh test (log: $log)"
stamped () { in_root "$1" 2>&1 | stamp >"$2"; return "${PIPESTATUS[0]}"; }
rc=0
background stamped "cd $src && bash tools/bootstrap.sh test" "$log" || rc=$?
t_end=$(now)
field () { awk -v k="$1" '$2 == k":" { print $3 }' "$log" | tail -1; }
ok=$(field Ok); fail=$(field Fail); tmo=$(field Timeout); skip=$(field Skipped)
# Phases: packages until meson setup starts, build until ninja's last [n/n]
# line, then the tests.
t_setup=$(awk '/ The Meson build system/ { print $1; exit }' "$log")
t_built=$(awk '$2 ~ /^\[[0-9]+\/[0-9]+\]$/ { last = $1 } END { print last }' "$log")
phases=""
if [ -n "$t_setup" ] && [ -n "$t_built" ]; then
  phases="; packages $(fmt_time $((t_setup - t))), build $(fmt_time $((t_built - t_setup))), tests $(fmt_time $((t_end - t_built)))"
fi
detail="exit $rc; ok ${ok:-?}, fail ${fail:-?}, timeout ${tmo:-?}, skipped ${skip:-?}$phases"
# Every test that did not pass, once.
cut -d' ' -f2- "$log" | grep -E '^ *[0-9]+/[0-9]+ reclaim-atlas:' | grep -vE ' (OK|SKIP) ' | awk '!seen[$0]++' || true
if [ "$rc" -eq 0 ] && [ "${fail:-x}" = 0 ] && [ "${tmo:-x}" = 0 ] && [ "${ok:-0}" -gt 0 ]; then
  record "bash tools/bootstrap.sh test" PASS $((t_end - t)) "($detail)"
else
  [ -n "$ok" ] || { echo "---- last lines of $log"; tail -40 "$log" | cut -d' ' -f2-; }
  record "bash tools/bootstrap.sh test" FAIL $((t_end - t)) "($detail)"
fi
cp -f "$root$src/_build/meson-logs/testlog.txt" "$logs/testlog.txt" 2>/dev/null || true

# ---- 4. bash tools/bootstrap.sh run, without a display -----------------------
t=$(now)
out=$logs/run-nodisplay.out; err=$logs/run-nodisplay.err
echo "bash tools/bootstrap.sh run, no display (log: $err)"
rc=0
background in_root "cd $src && bash tools/bootstrap.sh run" >"$out" 2>"$err" || rc=$?
if [ "$rc" -ne 0 ] && grep -q 'neither DISPLAY nor WAYLAND_DISPLAY' "$err" \
   && ! grep -qE 'Gtk-|cannot open display|CRITICAL' "$err"; then
  record "bootstrap.sh run without a display: says what to do" PASS $(( $(now) - t )) "(exit $rc)"
  sed -n '/no display/,$p' "$err" | sed 's/^/    | /'
else
  echo "---- $err"; tail -30 "$err"
  record "bootstrap.sh run without a display: says what to do" FAIL $(( $(now) - t )) "(exit $rc)"
fi

# ---- 5. timeout 30 xvfb-run -a bash tools/bootstrap.sh run -------------------
t=$(now)
out=$logs/run-xvfb.out; err=$logs/run-xvfb.err
echo "timeout 30 xvfb-run -a bash tools/bootstrap.sh run (log: $err)"
rc=0
background in_root "cd $src && timeout 30 xvfb-run -a bash tools/bootstrap.sh run" >"$out" 2>"$err" || rc=$?
criticals=$(grep -c 'CRITICAL' "$err" || true)
warnings=$(grep -cE 'WARNING|Warning' "$err" || true)   # reported, not failed
if [ "$rc" -eq 124 ] && [ "$criticals" -eq 0 ]; then
  record "xvfb-run bootstrap.sh run: app still up after 30 s" PASS $(( $(now) - t )) \
    "(exit 124; stderr: 0 CRITICAL, $warnings WARNING)"
else
  echo "---- $err"; tail -30 "$err"
  record "xvfb-run bootstrap.sh run: app still up after 30 s" FAIL $(( $(now) - t )) \
    "(exit $rc; stderr: $criticals CRITICAL, $warnings WARNING)"
fi
if [ "$warnings" -gt 0 ]; then grep -E 'WARNING|Warning' "$err" | sort | uniq -c | head -10; fi

# ---- 6. what GTK does without complaining ------------------------------------
# Without gdk-pixbuf's SVG loader GTK shows image-missing for the app's icons
# (all SVG) and says nothing, so no test notices: look for the loader.
t=$(now)
if in_root 'grep -qs "image/svg+xml" /usr/lib/*/gdk-pixbuf-2.0/2.10.0/loaders.cache'; then
  record "SVG icon loader installed (the app's icons are SVG)" PASS $(( $(now) - t )) ""
else
  record "SVG icon loader installed (the app's icons are SVG)" FAIL $(( $(now) - t )) "(install librsvg2-common)"
fi

summary
exit $overall
