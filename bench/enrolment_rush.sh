#!/usr/bin/env bash
# Benchmark: an enrolment rush. 1,000 people enrol for one activity with 30 places at
# the same moment, spread over two samen-server processes on one private MariaDB; then
# 10 participants cancel at once. Prints enrolments/s and p50/p95/p99, and checks in
# SQL afterwards that the database kept its promises:
#   - exactly 30 enrolled, the rest waitlisted, arrival numbers 1..N without gaps;
#   - the places went to arrivals 1..30 and the waitlist is in arrival order
#     (the order in which the servers accepted the requests, under the row lock);
#   - replaying the event log, never more than 30 held a place at any moment;
#   - the cancellations promoted the head of the waitlist, first in first out.
# A benchmark, not a test: it asserts nothing about speed, but exits 1 when a check fails.
#
#   bench/enrolment_rush.sh [clients=1000] [capacity=30] [cancellations=10]
#
# Needs a build with the client: cmake --build build --target samen-server enrolment_rush
# (BUILD_DIR=build-x to use another build tree).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
clients=${1:-1000}
capacity=${2:-30}
cancellations=${3:-10}
build=${BUILD_DIR:-build}
work=$(mktemp -d /tmp/samen-rush.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$root/scripts/local-mariadb" destroy "$work/mariadb" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

for bin in "$build/bin/samen-server" "$build/bin/enrolment_rush"; do
  [ -x "$bin" ] || { echo "missing $bin: cmake --build $build --target samen-server enrolment_rush" >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

./scripts/local-mariadb start "$work/mariadb" >/dev/null
set -a; . "$work/mariadb/env"; set +a
export SAMEN_JWT_HS256_SECRET=bench-secret-0123456789abcdef0123456789abcdef
sql() { mariadb --no-defaults -h127.0.0.1 -P"$SAMEN_MYSQL_PORT" -u"$SAMEN_MYSQL_USER" -p"$SAMEN_MYSQL_PASSWORD" -N -B samen_professionalisation -e "$1" | tr '\t' ' '; }

services=partners,professionalisation
"$build/bin/samen-server" migrate --services=$services 2>"$work/migrate.log"
mariadb --no-defaults -h127.0.0.1 -P"$SAMEN_MYSQL_PORT" -u"$SAMEN_MYSQL_USER" -p"$SAMEN_MYSQL_PASSWORD" \
  samen_partners <db/demo/partners.sql
targets=()
for i in 0 1; do
  port=$(free_port)
  # Every request of the rush is queued at once: a queue of 4096 instead of 256.
  "$build/bin/samen-server" --services=$services --listen="127.0.0.1:$port" --pool_size=16 \
    --max_queue=4096 --log_level=warning 2>"$work/server-$i.log" &
  pids+=($!)
  wait_port "$port" || { echo "samen-server $i did not start" >&2; tail -5 "$work/server-$i.log" >&2; exit 1; }
  targets+=("127.0.0.1:$port")
done

echo "== enrolment rush: $clients people, $capacity places, 2 samen-server processes"
status=0
"$build/bin/enrolment_rush" --targets="$(IFS=,; echo "${targets[*]}")" --clients="$clients" \
  --capacity="$capacity" --cancel="$cancellations" --activity=rush --out="$work/results.tsv" || status=1

echo "== checks in SQL"
check() {  # check <description> <expected> <query>
  local got
  got=$(sql "$3")
  if [ "$got" = "$2" ]; then
    printf 'ok    %s (%s)\n' "$1" "$got"
  else
    printf 'FAIL  %s: expected %s, got %s\n' "$1" "$2" "$got"
    status=1
  fi
}
waitlisted=$((clients > capacity ? clients - capacity : 0))
promoted=$((cancellations < waitlisted ? cancellations : waitlisted))
enrolled=$((clients < capacity ? clients : capacity))
check "enrolments, each with its own arrival number 1..N" "$clients $clients 1 $clients" \
  "SELECT COUNT(*), COUNT(DISTINCT arrival), MIN(arrival), MAX(arrival) FROM enrolments WHERE activity_id = 'rush'"
check "places taken (counter and rows agree)" "$enrolled $enrolled" \
  "SELECT enrolled_count, (SELECT COUNT(*) FROM enrolments WHERE activity_id = 'rush' AND state = 3) FROM activities WHERE id = 'rush'"
check "waitlisted after the cancellations" "$((waitlisted - promoted))" \
  "SELECT COUNT(*) FROM enrolments WHERE activity_id = 'rush' AND state = 2"
check "the places went to the first $capacity arrivals (rush only)" "0" \
  "SELECT COUNT(*) FROM enrolments WHERE activity_id = 'rush' AND state IN (3, 4) AND NOT promoted AND arrival > $capacity"
check "promoted: exactly the head of the waitlist, in arrival order" "$promoted" \
  "SELECT COUNT(*) FROM enrolments WHERE activity_id = 'rush' AND promoted AND arrival BETWEEN $((capacity + 1)) AND $((capacity + promoted))"
check "nobody else promoted" "$promoted" \
  "SELECT COUNT(*) FROM enrolments WHERE activity_id = 'rush' AND promoted"
# The event log in commit order: arrivals of ENROLLED/WAITLISTED events increase with
# the sequence (accepted order = arrival order), and a running count of places never
# exceeds the capacity.
check "events in the order of arrival" "0" \
  "SELECT COUNT(*) FROM (SELECT e.arrival, LAG(e.arrival) OVER (ORDER BY v.seq) AS previous
     FROM enrolment_events v JOIN enrolments e ON e.activity_id = v.activity_id AND e.person_id = v.person_id
     WHERE v.activity_id = 'rush' AND v.kind IN (2, 3)) x WHERE x.arrival < x.previous"
check "most places held at any moment (event log replayed)" "$enrolled" \
  "SELECT MAX(held) FROM (SELECT SUM(CASE WHEN state = 3 AND previous_state <> 3 THEN 1
     WHEN previous_state = 3 AND state <> 3 THEN -1 ELSE 0 END) OVER (ORDER BY seq) AS held
     FROM enrolment_events WHERE activity_id = 'rush') x"
check "most places held according to the counters in the log" "$enrolled" \
  "SELECT MAX(enrolled_count) FROM enrolment_events WHERE activity_id = 'rush'"
check "waitlist positions follow arrival" "0" \
  "SELECT COUNT(*) FROM (SELECT arrival, ROW_NUMBER() OVER (ORDER BY arrival) AS position FROM enrolments
     WHERE activity_id = 'rush' AND state = 2) w JOIN (SELECT MIN(arrival) AS first FROM enrolments
     WHERE activity_id = 'rush' AND state = 2) f WHERE w.arrival - f.first + 1 <> w.position"
# The answers the clients got agree with the database.
mismatch=0
while IFS=$'\t' read -r person _ state arrival _ _; do
  echo "$person $state $arrival"
done <"$work/results.tsv" | LC_ALL=C sort >"$work/answers.txt"
sql "SELECT person_id, arrival FROM enrolments WHERE activity_id = 'rush' ORDER BY person_id" \
  | awk '{print $1, $2}' >"$work/db.txt"
if ! diff <(awk '{print $1, $3}' "$work/answers.txt") "$work/db.txt" >/dev/null; then
  echo "FAIL  the arrival numbers the clients were told differ from the database"; status=1
else
  echo "ok    every client was told the arrival number the database holds"
fi
per_replica=$(awk -F'\t' '{n[$2]++} END {for (r in n) printf "replica %s: %d  ", r, n[r]}' "$work/results.tsv")
echo "requests per $per_replica"
[ "$status" = 0 ] && echo "PASS" || echo "FAILED"
exit "$status"
