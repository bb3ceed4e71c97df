#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A throwaway PostgreSQL 15 + PostGIS cluster for the tests (issue 19).
#
#   pg-cluster.sh run CMD [ARGS...]   start a cluster, run CMD with PGHOST,
#                                     PGPORT, PGUSER, PGDATABASE and RA_PG_URI
#                                     set, remove the cluster (also on failure
#                                     or a signal); CMD's exit status
#                                     (without a server here: a TAP plan
#                                     "1..0 # SKIP reason", status 0)
#   pg-cluster.sh check               exit 77 with the reason on stdout when
#                                     no cluster can be made here
#
# CMD also gets RA_PG_DATA (the data directory) and RA_PG_START (a script
# that starts the cluster again after a test killed it).
#
# The cluster lives in a fresh temporary directory, is owned by an
# unprivileged user when run as root (initdb refuses root: "nobody"), listens
# only on a Unix socket in that directory, never on TCP, and trusts local
# connections (but those of the role ra_password, which needs "right-secret").
# RA_PG_URI names the database ra_test, with PostGIS.  No system cluster is touched or needed.
set -u

pg_bindir="${RA_PG_BINDIR:-}"
if [ -z "$pg_bindir" ]; then
  for v in 15 16 17 14 13; do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
      pg_bindir="/usr/lib/postgresql/$v/bin"
      break
    fi
  done
fi

skip_reason() {
  if [ -n "${RA_PG_SKIP:-}" ]; then
    echo "$RA_PG_SKIP"
    return 0
  fi
  if [ -z "$pg_bindir" ] || [ ! -x "$pg_bindir/initdb" ] || [ ! -x "$pg_bindir/pg_ctl" ]; then
    echo "PostgreSQL server binaries not found (apt-get install postgresql-15)"
    return 0
  fi
  local share
  share="$("$pg_bindir/pg_config" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)"
  if ! ls "$share"/extension/postgis.control >/dev/null 2>&1 &&
     ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then
    echo "PostGIS not installed (apt-get install postgresql-15-postgis-3)"
    return 0
  fi
  if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null; then
    echo "running as root without setpriv to drop to an unprivileged user"
    return 0
  fi
  return 1
}

case "${1:-}" in
  check)
    if reason="$(skip_reason)"; then
      echo "$reason"
      exit 77
    fi
    exit 0 ;;
  run) shift ;;
  *) echo "usage: $0 run CMD [ARGS...] | check" >&2; exit 2 ;;
esac

if reason="$(skip_reason)"; then
  # TAP: a whole program skipped, with the reason meson shows.
  echo "1..0 # SKIP $reason"
  exit 0
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/ra-pg.XXXXXX")" || exit 1
chmod 0755 "$dir"
pid_started=""

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    # nobody's uid/gid: no login, no home, owns only this directory.
    setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env -- \
      env PATH=/usr/bin:/bin LC_ALL=C.UTF-8 "$@"
  else
    "$@"
  fi
}

child=""
cleanup() {
  if [ -n "$child" ]; then
    kill "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  if [ -n "$pid_started" ]; then
    as_owner "$pg_bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop >/dev/null 2>&1
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

mkdir "$dir/data" "$dir/sock" "$dir/log"
if [ "$(id -u)" = 0 ]; then
  chown nobody:nogroup "$dir/data" "$dir/sock" "$dir/log"
fi
owner="$(as_owner id -un)"

if ! as_owner "$pg_bindir/initdb" -D "$dir/data" -U "$owner" -A trust -E UTF8 \
       --locale=C.UTF-8 --no-sync >"$dir/log/initdb.log" 2>&1; then
  echo "initdb failed:" >&2
  cat "$dir/log/initdb.log" >&2
  exit 1
fi

# Local connections are trusted, except for the role ra_password, which
# must give its password (scram), for the tests of a wrong password.
hba="$dir/data/pg_hba.conf"
{ echo "local all ra_password scram-sha-256"; echo "local all all trust"; } >"$hba.new"
chown --reference="$hba" "$hba.new" 2>/dev/null
mv "$hba.new" "$hba"

# A free port: the lowest of a random block whose socket file is absent
# (listen_addresses is empty, so only the socket's name has to be unique; a
# clash with another test's cluster in the same directory cannot happen).
port=$(( 20000 + RANDOM % 20000 ))

pg_opts="-c listen_addresses='' -c unix_socket_directories='$dir/sock' -p $port -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
if ! as_owner "$pg_bindir/pg_ctl" -D "$dir/data" -l "$dir/log/server.log" -w -t 60 \
       -o "$pg_opts" start >/dev/null 2>&1; then
  echo "the test cluster did not start:" >&2
  cat "$dir/log/server.log" >&2
  exit 1
fi
pid_started=1

export PGHOST="$dir/sock" PGPORT="$port" PGUSER="$owner" PGDATABASE=ra_test
unset PGPASSWORD PGSERVICE PGSERVICEFILE PGPASSFILE
if ! as_owner "$pg_bindir/createdb" -h "$PGHOST" -p "$PGPORT" -U "$owner" ra_test >/dev/null 2>&1 ||
   ! as_owner "$pg_bindir/psql" -h "$PGHOST" -p "$PGPORT" -U "$owner" -d ra_test -qAt \
       -c 'CREATE EXTENSION postgis' >"$dir/log/postgis.log" 2>&1; then
  echo "creating the test database with PostGIS failed:" >&2
  cat "$dir/log/postgis.log" "$dir/log/server.log" >&2
  exit 1
fi
as_owner "$pg_bindir/psql" -h "$PGHOST" -p "$PGPORT" -U "$owner" -d ra_test -qAt \
  -c "CREATE ROLE ra_password LOGIN PASSWORD 'right-secret'" >/dev/null 2>&1
export RA_PG_URI="postgresql:///ra_test?host=$dir/sock&port=$port&user=$owner"
export RA_PG_BINDIR="$pg_bindir"
export RA_PG_SUPERUSER="$owner"
# For the crash tests (tests/pg/test-pg-crash.c): the data directory (its
# postmaster.pid names the server to kill) and a script that starts the
# cluster again on it, as its owner, with the same settings.
export RA_PG_DATA="$dir/data"
export RA_PG_START="$dir/start"
{
  echo '#!/bin/bash'
  declare -f as_owner
  printf 'as_owner %q -D %q -l %q -w -t 60 -o %q start >/dev/null\n' \
    "$pg_bindir/pg_ctl" "$dir/data" "$dir/log/server.log" "$pg_opts"
} >"$RA_PG_START"
chmod 0755 "$RA_PG_START"

# The command runs as the caller (root in CI): the socket directory is
# world-accessible and -A trust lets any local user in as $owner.
chmod 0777 "$dir/sock"
# In the background, so that a signal (meson's timeout) runs the traps at
# once: the child is stopped and the cluster removed.
"$@" &
child=$!
wait "$child"
status=$?
child=""
exit $status
