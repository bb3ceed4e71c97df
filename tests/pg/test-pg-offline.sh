#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Working offline (issue 19) on the throwaway cluster pg-cluster.sh makes:
# pull a county's part of the Zhangye sample into a file, edit on both
# sides, push back; conflicts listed with all three values and neither side
# overwritten; --resolve theirs / mine; rows added and deleted in the file;
# a second push finds nothing; a file from another server is refused.  TAP.
#   test-pg-offline.sh CLI
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
check () { local what="$1"; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
new_db () {
  psql -qAt -d ra_test -c "CREATE DATABASE $1" >/dev/null || return 1
  echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=$PGUSER"
}
sq () { sqlite3 c.sqlite "$@"; }
pq () { psql -qAt -d zhangye -c "$1"; }

if ! command -v sqlite3 >/dev/null; then
  echo "1..0 # SKIP the sqlite3 shell is not installed (apt-get install sqlite3)"
  exit 0
fi
echo "1..23"

"$cli" sample zhangye z.sqlite >/dev/null || { echo "Bail out! sample failed"; exit 1; }
db="$(new_db zhangye)"
"$cli" push z.sqlite "$db" >/dev/null || { echo "Bail out! push failed"; exit 1; }
county=620722

"$cli" pull "$db" c.sqlite --county $county >out 2>err
check "pull --county makes the file" test $? = 0 -a -f c.sqlite

same=1
for t in projects plants water_users built_up_areas; do
  a="$(sq "SELECT count(*) FROM $t WHERE adcode = '$county'")"
  b="$(pq "SELECT count(*) FROM $t WHERE adcode = '$county'")"
  o="$(sq "SELECT count(*) FROM $t WHERE adcode <> '$county'")"
  [ "$a" = "$b" ] && [ "$o" = 0 ] || { same=0; echo "# $t: file $a, server $b, other counties $o"; }
done
a="$(sq "SELECT count(*) FROM user_demand")"
b="$(pq "SELECT count(*) FROM user_demand d JOIN water_users u ON u.id = d.user_id WHERE u.adcode = '$county'")"
[ "$a" = "$b" ] || { same=0; echo "# user_demand: file $a, server $b"; }
check "the file holds exactly the county's rows (and their child rows)" test $same = 1
check "every county's boundary comes along as context" \
  test "$(sq 'SELECT count(*) FROM counties')" = "$(pq 'SELECT count(*) FROM counties')"
check "the file remembers the server (no password), the county and a base" \
  test "$(sq "SELECT value FROM sync_origin WHERE key = 'counties'")" = $county \
    -a "$(sq 'SELECT count(*) FROM sync_base')" -gt 0
"$cli" check c.sqlite >/dev/null 2>&1
check "check runs on the county's file" test $? -le 1

"$cli" push c.sqlite "$db" >out 2>err
check "a push without edits: nothing to push" test $? = 0 -a -n "$(grep 'nothing to push' out)"

# Edits on both sides, different rows.
p1="$(sq "SELECT min(id) FROM projects")"
p2="$(sq "SELECT max(id) FROM projects")"
other="$(pq "SELECT min(id) FROM projects WHERE adcode <> '$county'")"
sq "UPDATE projects SET owner = 'file owner' WHERE id = $p1"
pq "UPDATE projects SET notes = 'server note' WHERE id = $other" >/dev/null
pq "UPDATE projects SET scope = 'server scope' WHERE id = $p2" >/dev/null
"$cli" push c.sqlite "$db" >out 2>err
st=$?
check "edits on different rows: both sides' edits on the server" \
  test $st = 0 -a "$(pq "SELECT owner FROM projects WHERE id = $p1")" = "file owner" \
    -a "$(pq "SELECT notes FROM projects WHERE id = $other")" = "server note"
check "the server's edit of the county's row is brought into the file" \
  test "$(sq "SELECT scope FROM projects WHERE id = $p2")" = "server scope"

# The same field on both sides.
sq "UPDATE projects SET notes = 'file says' WHERE id = $p1"
pq "UPDATE projects SET notes = 'server says' WHERE id = $p1" >/dev/null
"$cli" push --json c.sqlite "$db" >out.json 2>err
st=$?
if [ $st = 3 ] && grep -q "\"row_id\":$p1" out.json && grep -q '"field":"notes"' out.json &&
   grep -q '"file":"file says"' out.json && grep -q '"server":"server says"' out.json &&
   grep -q '"base":' out.json; then
  ok "a conflict is listed with base, file and server values; exit status 3"
else
  not_ok "a conflict is listed with base, file and server values; exit status 3" "status $st" "$(cat out.json err)"
fi
check "neither side is overwritten by a conflict" \
  test "$(pq "SELECT notes FROM projects WHERE id = $p1")" = "server says" \
    -a "$(sq "SELECT notes FROM projects WHERE id = $p1")" = "file says"
check "the conflict is written into the file" \
  test "$(sq "SELECT count(*) FROM sync_conflicts WHERE row_id = $p1 AND field = 'notes'")" = 1

"$cli" push --keep-theirs projects:$p1 c.sqlite "$db" >out 2>err
check "--keep-theirs: the file takes the server's value" \
  test $? = 0 -a "$(sq "SELECT notes FROM projects WHERE id = $p1")" = "server says"
sq "UPDATE projects SET notes = 'file again' WHERE id = $p1"
pq "UPDATE projects SET notes = 'server again' WHERE id = $p1" >/dev/null
"$cli" push --resolve mine c.sqlite "$db" >out 2>err
check "--resolve mine: the server takes the file's value" \
  test $? = 0 -a "$(pq "SELECT notes FROM projects WHERE id = $p1")" = "file again"

# Rows added and deleted in the file.
u="$(sq "SELECT min(id) FROM water_users")"
gone="$(sq "SELECT min(id) FROM user_demand")"
before="$(pq "SELECT count(*) FROM user_demand")"
sq "INSERT INTO user_demand (user_id, year, volume) VALUES ($u, 2099, 12.5)"
sq "DELETE FROM user_demand WHERE id = $gone"
"$cli" push c.sqlite "$db" >out 2>err
st=$?
check "a row added in the file is added on the server, a deleted one deleted" \
  test $st = 0 -a "$(pq "SELECT count(*) FROM user_demand WHERE year = 2099 AND user_id = $u")" = 1 \
    -a "$(pq "SELECT count(*) FROM user_demand WHERE id = $gone")" = 0 \
    -a "$(pq "SELECT count(*) FROM user_demand")" = "$before"
"$cli" push c.sqlite "$db" >out 2>err
check "a second push with no edits does nothing" \
  test $? = 0 -a -n "$(grep 'nothing to push' out)"

# A pipeline drawn in the file and an allocation routed through it: the
# pipeline gets a server id, and the route names that id, not the file's.
cat > pipe.geojson <<'JSON'
{"type":"FeatureCollection","features":[{"type":"Feature",
 "properties":{"name":"offline pipe","dn_mm":300},
 "geometry":{"type":"LineString","coordinates":[[100.40,38.90],[100.45,38.93]]}}]}
JSON
"$cli" import c.sqlite pipe.geojson --into pipelines >/dev/null 2>&1
fp="$(sq "SELECT id FROM pipelines WHERE name = 'offline pipe'")"
pq "INSERT INTO pipelines (name, dn_mm) SELECT 'server pipe ' || i, 200 FROM generate_series (1, 3) AS i" >/dev/null
a="$(sq "SELECT min(id) FROM allocations")"
if [ -z "$a" ]; then
  pl="$(sq "SELECT min(id) FROM plants")"
  sq "INSERT INTO allocations (user_id, plant_id, year, volume, origin) VALUES ($u, $pl, 2099, 1.0, 'hand')"
  a="$(sq "SELECT min(id) FROM allocations")"
fi
sq "UPDATE allocations SET via_pipeline_ids = '$fp' WHERE id = $a"
"$cli" push c.sqlite "$db" >out 2>err
st=$?
sp="$(pq "SELECT id FROM pipelines WHERE name = 'offline pipe'")"
sa="$(pq "SELECT via_pipeline_ids FROM allocations WHERE id = $a")"
if [ -n "$fp" ] && [ $st = 0 ] && [ -n "$sp" ] && [ "$sp" != "$fp" ] && [ "$sa" = "$sp" ] &&
   [ "$(sq "SELECT via_pipeline_ids FROM allocations WHERE id = $a")" = "$sp" ]; then
  ok "a route through a pipeline added in the file names the pipeline's server id"
else
  not_ok "a route through a pipeline added in the file names the pipeline's server id" \
    "file pipeline '$fp', server pipeline '$sp', server route '$sa', status $st" "$(cat out err)"
fi

# A water user deleted on the server while the file edited one of its
# demand rows and added another: the server's delete would take both with
# it, so the user is a conflict too, and the file keeps all three; keeping
# mine brings them back on the server.
wu="$(sq "SELECT max(user_id) FROM user_demand")"
wd="$(sq "SELECT min(id) FROM user_demand WHERE user_id = $wu")"
sq "UPDATE user_demand SET volume = 77.5 WHERE id = $wd"
sq "INSERT INTO user_demand (user_id, year, volume) VALUES ($wu, 2098, 8.25)"
pq "DELETE FROM water_users WHERE id = $wu" >/dev/null
"$cli" push c.sqlite "$db" >out 2>err
st=$?
check "a user deleted on the server, its demand edited and added in the file: conflicts, the file keeps them" \
  test $st = 3 -a "$(sq "SELECT count(*) FROM water_users WHERE id = $wu")" = 1 \
    -a "$(sq "SELECT volume FROM user_demand WHERE id = $wd")" = 77.5 \
    -a "$(sq "SELECT count(*) FROM user_demand WHERE user_id = $wu AND year = 2098")" = 1 \
    -a "$(pq "SELECT count(*) FROM water_users WHERE id = $wu")" = 0 \
    -a -n "$(grep -i 'water_users' out err)"
"$cli" push c.sqlite "$db" --resolve mine >out 2>err
st=$?
check "--resolve mine: the user, the edited and the added demand are back on the server" \
  test $st = 0 -a "$(pq "SELECT count(*) FROM water_users WHERE id = $wu")" = 1 \
    -a "$(pq "SELECT volume FROM user_demand WHERE id = $wd")" = 77.5 \
    -a "$(pq "SELECT count(*) FROM user_demand WHERE user_id = $wu AND year = 2098")" = 1

# A connection dropped in the middle of a push: nothing changes.
w="$(sq "SELECT min(id) FROM water_users")"
sq "UPDATE projects SET owner = 'dropped edit' WHERE id = $p1"
sq "UPDATE water_users SET notes = 'dropped edit' WHERE id = $w"
# Another session holds the water user's row: the push waits there, after
# it has written the project, and its connection is cut.
psql -qAt -d zhangye -c "BEGIN" -c "SELECT 1 FROM water_users WHERE id = $w FOR UPDATE" \
  -c "SELECT pg_sleep (60)" -c "COMMIT" >/dev/null 2>&1 &
locker=$!
sleep 1
"$cli" push c.sqlite "$db" >out 2>err &
pusher=$!
victim=""
for i in $(seq 1 100); do
  victim="$(pq "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = 'zhangye' LIMIT 1")"
  [ -n "$victim" ] && break
  sleep 0.1
done
[ -n "$victim" ] && pq "SELECT pg_terminate_backend ($victim)" >/dev/null
wait $pusher
st=$?
pq "SELECT pg_terminate_backend (pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep (60)%' AND pid <> pg_backend_pid ()" >/dev/null
wait $locker
if [ -n "$victim" ] && [ $st != 0 ] &&
   [ "$(pq "SELECT owner FROM projects WHERE id = $p1")" != "dropped edit" ] &&
   [ "$(sq "SELECT owner FROM projects WHERE id = $p1")" = "dropped edit" ]; then
  ok "a connection dropped mid-push changes nothing on the server and leaves the file's edits"
else
  not_ok "a connection dropped mid-push changes nothing on the server and leaves the file's edits" \
    "victim '$victim' status $st" "$(cat out err)"
fi

# The city's tables in a county's copy: an edit there is not pushed (a
# county editor may not make it on the server), it is named and it stays
# in the file.
sq "UPDATE pipe_unit_costs SET cost_wan_per_km = 61.5 WHERE id = 1"
"$cli" push c.sqlite "$db" >out 2>err
st=$?
check "a county's copy: an edit of a city's table is named, not pushed, kept in the file" \
  test $st = 0 -a -n "$(grep 'pipe_unit_costs' err)" -a -n "$(grep 'not pushed' err)" \
    -a "$(pq "SELECT cost_wan_per_km FROM pipe_unit_costs WHERE id = 1")" = 60 \
    -a "$(sq "SELECT cost_wan_per_km FROM pipe_unit_costs WHERE id = 1")" = 61.5

# A whole copy (a city planner's): its edits of the city's tables are
# pushed, the server's come into the file, both sides of one field clash.
"$cli" pull "$db" w.sqlite >/dev/null 2>&1
sqlite3 w.sqlite "UPDATE pipe_unit_costs SET cost_wan_per_km = 62.5 WHERE id = 2"
sqlite3 w.sqlite "UPDATE counties SET name_en = 'file name' WHERE id = 1"
pq "UPDATE counties SET seat_lon = seat_lon + 0.5 WHERE id = 2" >/dev/null
pq "UPDATE counties SET name_en = 'server name' WHERE id = 1" >/dev/null
"$cli" push w.sqlite "$db" >out 2>err
st=$?
check "a whole copy: its edit of a city's table is pushed, the server's comes into the file" \
  test "$(pq "SELECT cost_wan_per_km FROM pipe_unit_costs WHERE id = 2")" = 62.5 \
    -a "$(sqlite3 w.sqlite "SELECT seat_lon FROM counties WHERE id = 2")" = \
       "$(pq "SELECT seat_lon FROM counties WHERE id = 2")"
check "a whole copy: the same field of a county edited on both sides is a conflict" \
  test $st = 3 -a -n "$(grep 'counties:1' out)" \
    -a "$(pq "SELECT name_en FROM counties WHERE id = 1")" = "server name" \
    -a "$(sqlite3 w.sqlite "SELECT name_en FROM counties WHERE id = 1")" = "file name"

# A file from another server project.
db2="$(new_db other)"
"$cli" push z.sqlite "$db2" >/dev/null
"$cli" push c.sqlite "$db2" >out 2>err
check "a file pulled from another server project is refused, saying so" \
  test $? = 1 -a -n "$(grep 'pulled from another server project' err)"
exit $failed
