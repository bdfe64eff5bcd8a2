#!/usr/bin/env bash
# Benchmark: booking contention. Two samen-server processes share one private MariaDB;
# N concurrent clients (default 200), each a starter of the same coach, all try to book
# the same S slots (default 20) at once, through both replicas. Exactly S must succeed,
# every other answer must be ALREADY_EXISTS/ABORTED (HTTP 409), and a query afterwards
# must find no overlapping bookings of a coach or a starter. Prints booking requests/s,
# p50/p99 latency and the checks. A benchmark, not a test: it asserts correctness, not speed.
#
#   bench/booking_contention.sh [clients=200] [slots=20]
#
# Needs a build with the bench client (scripts/build; BUILD_DIR to use another tree).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${BUILD_DIR:-build}
clients=${1:-200}
slots=${2:-20}
work=$(mktemp -d /tmp/samen-contention.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$root/scripts/local-mariadb" destroy "$work/mariadb" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

client="$build/bin/booking_contention_client"
[ -x "$client" ] || client="$build/bench/booking_contention/booking_contention_client"
for bin in "$build/bin/samen-server" "$client"; do
  [ -x "$bin" ] || { echo "missing $bin: build it first (scripts/build)" >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
./scripts/local-mariadb start "$work/mariadb" >/dev/null
set -a; . "$work/mariadb/env"; set +a
export SAMEN_JWT_HS256_SECRET=bench-secret-0123456789abcdef0123456789abcdef
sql() { mariadb --no-defaults -h127.0.0.1 -P"$SAMEN_MYSQL_PORT" -u"$SAMEN_MYSQL_USER" -p"$SAMEN_MYSQL_PASSWORD" "$@"; }

"$build/bin/samen-server" migrate --services=partners,induction 2>"$work/migrate.log"
sql samen_partners <db/demo/partners.sql
targets=()
for i in 0 1; do
  port=$(free_port)
  "$build/bin/samen-server" --services=partners,induction --listen="127.0.0.1:$port" \
    --pool_size=16 --max_queue=1024 --log_level=warning 2>"$work/server-$i.log" &
  pids+=($!)
  targets+=("127.0.0.1:$port")
done
for t in "${targets[@]}"; do
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/${t%:*}/${t#*:}") 2>/dev/null && break
    sleep 0.1
  done
done

echo "== $clients clients booking the same $slots slots through 2 samen-server replicas"
status=0
"$client" --targets="$(IFS=,; echo "${targets[*]}")" \
  --clients="$clients" --slots="$slots" || status=$?

echo "== checks in the database"
confirmed=$(sql -N samen_induction -e "SELECT COUNT(*) FROM calendar_entries WHERE kind = 1 AND state = 1")
coach_overlaps=$(sql -N samen_induction -e "
  SELECT COUNT(*) FROM calendar_entries a JOIN calendar_entries b
    ON a.coach_id = b.coach_id AND a.id < b.id
   AND a.state IN (1, 3, 4) AND b.state IN (1, 3, 4)
   AND a.start_time < b.end_time AND b.start_time < a.end_time")
starter_overlaps=$(sql -N samen_induction -e "
  SELECT COUNT(*) FROM calendar_entries a JOIN calendar_entries b
    ON a.starter_id = b.starter_id AND a.id < b.id
   AND a.state IN (1, 3, 4) AND b.state IN (1, 3, 4)
   AND a.start_time < b.end_time AND b.start_time < a.end_time")
echo "confirmed bookings: $confirmed (expected $slots)"
echo "overlapping bookings of one coach: $coach_overlaps, of one starter: $starter_overlaps (expected 0)"
if [ "$confirmed" != "$slots" ] || [ "$coach_overlaps" != 0 ] || [ "$starter_overlaps" != 0 ]; then
  status=1
fi
[ "$status" = 0 ] && echo "OK" || echo "FAILED"
exit "$status"
