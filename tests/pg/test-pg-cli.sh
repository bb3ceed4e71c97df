#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The CLI on a PostgreSQL project (issue 19), on the throwaway cluster
# pg-cluster.sh makes (RA_PG_URI, PGHOST, PGPORT set): serve-init, push and
# pull; check and table give the file's output byte for byte; ogrinfo sees
# the tables with their geometry types; a wrong password or a server that
# is not there gives a clear message without the password; who may do what
# (serve-init's roles, serve-grant): a county editor's import and plain SQL
# refused outside its county, a viewer writes nothing, a planner edits all.
# TAP.
#   test-pg-cli.sh CLI
set -u
cli="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export LC_ALL=C.UTF-8

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
# Runs a command with its output kept out of the TAP stream.
quiet () { "$@" >>"$tmp/quiet.log" 2>&1; }
check () { local what="$1"; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

# A new database of the test cluster, its URI on stdout.
new_db () {
  psql -qAt -d ra_test -c "CREATE DATABASE $1" >/dev/null || return 1
  echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"
}
# Output with the project's name (file or URI) taken out of the summary.
strip_name () { sed -e "s|^$2: |PROJECT: |" "$1"; }

echo "1..33"

"$cli" sample zhangye z.sqlite >/dev/null || { echo "Bail out! sample failed"; exit 1; }
db="$(new_db zhangye)"

"$cli" check "$db" >out 2>err
check "check on an empty database refuses it and says what makes one" \
  test $? = 1 -a -n "$(grep 'serve-init makes one' err)"

check "serve-init makes the schema (PostGIS created)" quiet "$cli" serve-init "$db"
check "serve-init again is harmless" quiet "$cli" serve-init "$db"
check "push copies the file" quiet "$cli" push z.sqlite "$db"

# A file of the program before schema step 6 (its step 6 changes nothing in
# a file, so the version number alone makes one): pushed as it is, the file
# left untouched.
cp z.sqlite old.sqlite
sqlite3 old.sqlite 'PRAGMA user_version = 5' >/dev/null
olddb="$(new_db zhangye_old)"
"$cli" push old.sqlite "$olddb" >out 2>err
check "push of a file of the program before step 6 copies it and leaves it as it is" \
  test $? = 0 -a "$(sqlite3 old.sqlite 'PRAGMA user_version')" = 5 -a -n "$(grep 'rows copied' out)"

"$cli" push z.sqlite "$db" >out 2>err
check "push into a database holding a project is refused" \
  test $? = 1 -a -n "$(grep 'already holds a project' err)"

"$cli" check z.sqlite >check-file.txt
"$cli" check "$db" >check-db.txt
if cmp -s <(strip_name check-file.txt z.sqlite) <(strip_name check-db.txt "$db"); then
  ok "check on the server gives the file's findings"
else
  not_ok "check on the server gives the file's findings" "$(diff check-file.txt check-db.txt | head -20)"
fi
"$cli" check --json z.sqlite >check-file.json
"$cli" check --json "$db" >check-db.json
if cmp -s <(sed "s|z.sqlite|PROJECT|g" check-file.json) <(sed "s|$db|PROJECT|g" check-db.json); then
  ok "check --json on the server gives the file's findings"
else
  not_ok "check --json on the server gives the file's findings" "$(diff check-file.json check-db.json | head -20)"
fi

same_tables=1
for a in 1 2; do
  "$cli" table z.sqlite --appendix $a --out file-$a.csv &&
    "$cli" table "$db" --appendix $a --out db-$a.csv &&
    cmp -s file-$a.csv db-$a.csv || same_tables=0
done
check "appendix tables 1 and 2 from the server are the file's, byte for byte" test $same_tables = 1

"$cli" info z.sqlite 2>/dev/null | sed -e '/^File: /d' -e '/Driver: /d' >info-file.txt
"$cli" info "$db" 2>/dev/null | sed -e '/^File: /d' -e '/Driver: /d' >info-db.txt
if cmp -s info-file.txt info-db.txt; then
  ok "info on the server describes the file's layers"
else
  not_ok "info on the server describes the file's layers" "$(diff info-file.txt info-db.txt | head -20)"
fi

same_json=1
for cmd in indicators network balance hydraulics ledger; do
  "$cli" $cmd --json z.sqlite >a.json 2>/dev/null
  "$cli" $cmd --json "$db" >b.json 2>/dev/null
  cmp -s <(sed "s|z.sqlite|PROJECT|g" a.json) <(sed "s|$db|PROJECT|g" b.json) ||
    { same_json=0; echo "# $cmd differs"; }
done
check "indicators, network, balance, hydraulics and ledger --json: the file's output" \
  test $same_json = 1
"$cli" export z.sqlite --out file.png >/dev/null 2>&1
"$cli" export "$db" --out db.png >/dev/null 2>&1
check "export draws the server project as the file, pixel for pixel" cmp -s file.png db.png

check "pull copies the server project into a new file" quiet "$cli" pull "$db" back.sqlite
"$cli" check back.sqlite >check-back.txt
same_back=1
cmp -s <(strip_name check-file.txt z.sqlite) <(strip_name check-back.txt back.sqlite) || same_back=0
for a in 1 2; do
  "$cli" table back.sqlite --appendix $a --out back-$a.csv && cmp -s file-$a.csv back-$a.csv ||
    same_back=0
done
check "the pulled file gives the same check and tables" test $same_back = 1
"$cli" pull "$db" back.sqlite >out 2>err
check "pull does not overwrite a file" test $? = 1 -a ! -e back.sqlite.part

ogrinfo -ro -q "PG:host=$PGHOST port=$PGPORT dbname=zhangye user=$PGUSER" >ogr.txt 2>&1
types_ok=1
for line in "counties (Multi Polygon)" "plants (Point)" "projects (Multi Polygon)" \
            "pipelines (Multi Line String)" "footprints (Multi Polygon)" \
            "built_up_areas (Multi Polygon)" "water_users (Point)"; do
  grep -qF ": $line" ogr.txt || types_ok=0
done
check "ogrinfo lists the tables with their geometry types" test $types_ok = 1
srid="$(psql -qAt -d zhangye -c "SELECT string_agg (DISTINCT srid::text, ',') FROM geometry_columns")"
gist="$(psql -qAt -d zhangye -c "SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")"
check "every geometry column is SRID 4490 with a GiST index" test "$srid" = 4490 -a "$gist" = 7

# Wrong password (the cluster's role ra_password needs "right-secret").
"$cli" check "postgresql://ra_password:wrong-secret@/zhangye?host=$PGHOST&port=$PGPORT" \
  >out 2>err
status=$?
if [ $status = 1 ] && grep -q 'password authentication failed' err && ! grep -q 'wrong-secret' err; then
  ok "a wrong password is said so, without the password"
else
  not_ok "a wrong password is said so, without the password" "status $status" "$(cat err)"
fi
# Roles and their rights are a later stage: here, read rights by hand.
psql -qAt -d zhangye -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ra_password" >/dev/null
PGPASSWORD=right-secret "$cli" check \
  "postgresql:///zhangye?host=$PGHOST&port=$PGPORT&user=ra_password" >out 2>err
check "the right password from PGPASSWORD opens it" test $? = 0

# Nothing listens on port 1; the URI's password stays out of the message.
timeout 60 "$cli" check "postgresql://someone:s3cret-pw@127.0.0.1:1/x?password=s3cret-pw" \
  >out 2>err
status=$?
if [ $status = 1 ] && grep -q 'cannot connect to the database server' err && ! grep -q 's3cret' err; then
  ok "an unreachable server is said so, without the password"
else
  not_ok "an unreachable server is said so, without the password" "status $status" "$(cat err)"
fi
# ---- who may do what (roles and row-level security) ----
# serve-init on the project (again: the schema is there) adds the roles.
check "serve-init sets up the roles and row-level security" quiet "$cli" serve-init "$db"
psql -qAt -d ra_test -c "CREATE ROLE ed_cli LOGIN" -c "CREATE ROLE viewer_cli LOGIN" \
  -c "CREATE ROLE planner_cli LOGIN" >/dev/null
check "serve-grant makes a county editor, a viewer and a planner" \
  quiet eval '"$cli" serve-grant "$db" ed_cli --editor 620702 &&
              "$cli" serve-grant "$db" viewer_cli --viewer &&
              "$cli" serve-grant "$db" planner_cli --planner'
"$cli" serve-grant "$db" no_such_login --viewer >out 2>err
check "serve-grant of a role that does not exist says what the administrator runs" \
  test $? = 1 -a -n "$(grep 'CREATE ROLE' err)"
as () { echo "postgresql:///zhangye?host=$PGHOST&port=$PGPORT&user=$1"; }

cat >minle.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "民乐县新厂", "adcode": "620722", "kind": "wwtp"},
  "geometry": {"type": "Point", "coordinates": [100.81, 38.43]}}]}
JSON
sed -e 's/民乐县新厂/甘州区新厂/' -e 's/620722/620702/' minle.geojson >ganzhou.geojson
plants_before="$(psql -qAt -d zhangye -c 'SELECT count(*) FROM plants')"
audit_before="$(psql -qAt -d zhangye -c 'SELECT count(*) FROM audit')"
"$cli" import "$(as ed_cli)" minle.geojson --into plants >out 2>err
status=$?
if [ $status = 1 ] && grep -q 'may edit only rows of 甘州区 (620702)' err &&
   [ "$(psql -qAt -d zhangye -c 'SELECT count(*) FROM plants')" = "$plants_before" ] &&
   [ "$(psql -qAt -d zhangye -c 'SELECT count(*) FROM audit')" = "$audit_before" ]; then
  ok "a county editor's import into another county is refused, saying so, nothing kept"
else
  not_ok "a county editor's import into another county is refused, saying so, nothing kept" \
    "status $status" "$(cat err)"
fi
check "a county editor imports into its own county" \
  quiet "$cli" import "$(as ed_cli)" ganzhou.geojson --into plants
check "the import's audit row is the county editor's" \
  test "$(psql -qAt -d zhangye -c 'SELECT "user" FROM audit ORDER BY id DESC LIMIT 1')" = ed_cli

# Plain SQL as the county editor: the other counties' rows are not there to
# change, a new row of another county is refused.
out="$(psql -At -U ed_cli -d zhangye -c "UPDATE projects SET notes = 'x' WHERE adcode <> '620702'" 2>&1)"
check "psql: a county editor's UPDATE of other counties' rows changes 0 rows" test "$out" = "UPDATE 0"
out="$(psql -At -U ed_cli -d zhangye -c "UPDATE projects SET notes = 'mine' WHERE adcode = '620702'" 2>&1)"
check "psql: its own county's rows change" test "$out" = "UPDATE 4"
out="$(psql -At -U ed_cli -d zhangye -c "DELETE FROM plants WHERE adcode = '620722'" 2>&1)"
check "psql: a county editor's DELETE of another county's plants deletes nothing" test "$out" = "DELETE 0"
psql -qAt -U ed_cli -d zhangye -c "INSERT INTO projects (name, adcode) VALUES ('x', '620722')" >out 2>err
check "psql: a county editor's INSERT into another county raises" \
  grep -q 'violates row-level security policy' err
psql -qAt -U ed_cli -d zhangye -c "UPDATE counties SET name_en = 'x'" >out 2>err
check "psql: the counties are the city planners'" grep -q 'permission denied' err

viewer_ok=1
for sql in "UPDATE projects SET notes = 'v'" "DELETE FROM plants" \
           "INSERT INTO audit (at, \"user\", table_name, action) VALUES ('', 'viewer_cli', 'x', 'x')" \
           "UPDATE meta SET value = 'v'"; do
  psql -qAt -U viewer_cli -d zhangye -c "$sql" >out 2>err
  grep -q 'permission denied' err || { viewer_ok=0; echo "# viewer: $sql: $(cat out err)"; }
done
check "psql: a viewer can write nothing" test $viewer_ok = 1
out="$(psql -At -U planner_cli -d zhangye -c "UPDATE projects SET notes = 'city'" 2>&1)"
check "psql: a city planner changes every county's rows" test "$out" = "UPDATE 18"
exit $failed
