#!/usr/bin/env bash
# Benchmark: HR tracking of one board with N starters (issue 11, "cost that grows with
# data"). One private MariaDB, one samen-server (--services=induction); the data goes in
# by SQL: N starters (default 1,500) spread over 10 schools of board `hrb-board`, each
# with a mix of held, no-show, cancelled (late and in time) and confirmed coaching
# sessions of this and last year, lesson visits and an intervision meeting; a tenth of
# them have no entries at all; as many starters again at another board, so that the
# board's queries must find theirs among others. Then, one after the other, for
# `seconds` each with `concurrency` calls in flight (bench/hr_tracking/hr_tracking_load.cc,
# one HR token of the board): the first page of ListStarterTracking (500 rows),
# :summarize and :export, and prints requests/s, p50 and p99 of each, the number of
# access_records written, and EXPLAIN of the tracking query.
# A benchmark, not a test: it asserts nothing about speed.
#
#   bench/hr_tracking.sh [seconds=10] [concurrency=4] [starters=1500]
#
# SERVERS="old new" runs each samen-server binary in turn against the same data in the
# same run (each migrates the schema first, so an older binary runs before its
# migrations land): before/after figures that compare like with like on a shared
# machine. Default: the build's samen-server. KEEP=1 leaves the MariaDB
# running (its env file is printed) to run EXPLAIN or the queries by hand. Needs a build with
# samen-server and hr_tracking_load (SAMEN_BUILD_DIR picks the build directory).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
D=${1:-10}
C=${2:-4}
N=${3:-1500}
build=${SAMEN_BUILD_DIR:-build}
read -r -a servers <<<"${SERVERS:-$build/bin/samen-server}"
server=${servers[0]}
load="$build/bin/hr_tracking_load"
# shellcheck source=bench/lib/private_stack.sh
. "$root/bench/lib/private_stack.sh"
bench_scratch hrtracking
for bin in "${servers[@]}" "$load"; do
  [ -x "$bin" ] || { echo "missing $bin: build it first" >&2; exit 1; }
done

bench_mariadb
export SAMEN_JWT_HS256_SECRET=bench-secret-0123456789abcdef0123456789abcdef
"$server" migrate --services=induction 2>"$work/migrate.log"

echo "== loading $N starters of hrb-board (and $N of another board)"
sql samen_induction <<SQL
SET SESSION max_recursive_iterations = 100000;
INSERT INTO programmes (id, display_name, owner, duration_years, at_risk_after_weeks,
                        create_time, update_time)
VALUES ('hrb-programme', 'Bench', 'organisations/hrb-board', 2, 6, NOW(6), NOW(6));
INSERT INTO programme_years (programme_id, starter_kind, year, coaching_sessions,
                             lesson_visits, learning_arrangements, training_items)
SELECT 'hrb-programme', k, y, 10, 3, '', '' FROM
  (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) ks,
  (SELECT 1 AS y UNION ALL SELECT 2) ys;
INSERT INTO starters (id, display_name, school_id, board_id, programme_id, kind,
                      start_date, current_year, status, create_time, update_time)
WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2 * $N)
SELECT CONCAT('hrb-s-', LPAD(i, 6, '0')), CONCAT('Starter ', i),
       CONCAT(IF(i <= $N, 'hrb-school-', 'other-school-'), i % 10),
       IF(i <= $N, 'hrb-board', 'other-board'), 'hrb-programme', 1 + i % 2,
       IF(i % 3 = 0, '2025-08-01', '2026-08-01'), 1 + (i % 3 = 0), 1, NOW(6), NOW(6)
FROM n;
-- Per starter (except every tenth) 12 entries: j 1-9 coaching sessions, 10-11 lesson
-- visits, 12 an intervision meeting; states and years vary with i and j.
INSERT INTO calendar_entries (id, kind, coach_id, starter_id, start_time, end_time, state,
                              programme_year, late_cancellation, ical_uid, create_time,
                              update_time)
WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2 * $N),
     m (j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM m WHERE j < 12)
SELECT CONCAT('hrb-e-', i, '-', j), IF(j <= 9, 1, IF(j <= 11, 2, 3)), 'hrb-coach',
       IF(j = 12, NULL, CONCAT('hrb-s-', LPAD(i, 6, '0'))),
       TIMESTAMP('2026-09-01') + INTERVAL (i % 50 + j * 9) DAY,
       TIMESTAMP('2026-09-01') + INTERVAL (i % 50 + j * 9) DAY + INTERVAL 1 HOUR,
       ELT(1 + (i + j) % 5, 1, 2, 3, 4, 3), 1 + (j % 4 = 0), (i + j) % 7 = 0,
       CONCAT('hrb-e-', i, '-', j, '@bench'), NOW(6), NOW(6)
FROM n, m WHERE i % 10 <> 0;
INSERT INTO entry_participants (entry_id, person_id, role)
SELECT id, CONCAT('hrb-s-', LPAD(SUBSTRING_INDEX(SUBSTRING_INDEX(id, '-', 3), '-', -1), 6, '0')), 2
FROM calendar_entries WHERE id LIKE 'hrb-e-%';
INSERT INTO entry_participants (entry_id, person_id, role)
SELECT id, 'hrb-coach', 1 FROM calendar_entries WHERE id LIKE 'hrb-e-%';
ANALYZE TABLE starters, calendar_entries, entry_participants;
SQL
sql -N samen_induction -e "SELECT CONCAT(COUNT(*), ' starters, ') FROM starters;
  SELECT CONCAT(COUNT(*), ' calendar entries') FROM calendar_entries"

for server in "${servers[@]}"; do
  "$server" migrate --services=induction 2>>"$work/migrate.log"
  grpc="127.0.0.1:$(free_port)"
  "$server" --services=induction --listen="$grpc" --pool_size=16 --log_level=warning \
    2>"$work/server.log" &
  pids+=($!)
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/${grpc%:*}/${grpc#*:}") 2>/dev/null && break
    sleep 0.1
  done
  token=$("$server" mint-token --subject=hrb-hr --grants=hr@organisations/hrb-board 2>/dev/null)
  echo "== $server: ${D}s each, $C in flight, parent organisations/hrb-board"
  printf '%-10s %s\n' method result
  for m in list summarize export; do
    before=$(sql -N samen_induction -e "SELECT COUNT(*) FROM access_records")
    line=$("$load" --target="$grpc" --token="$token" --parent=organisations/hrb-board \
      --method="$m" --concurrency="$C" --seconds="$D")
    after=$(sql -N samen_induction -e "SELECT COUNT(*) FROM access_records")
    printf '%-10s %s access_records +%s\n' "$m" "$line" "$((after - before))"
  done
  [ "$server" = "${servers[-1]}" ] || { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; }
done

echo "== EXPLAIN of the tracking query (the SELECT in the general log of one list call)"
sql samen_induction -e "SET GLOBAL general_log_file = '$work/general.log'; SET GLOBAL general_log = 1" \
  2>/dev/null || true
"$load" --target="$grpc" --token="$token" --parent=organisations/hrb-board --method=list \
  --concurrency=1 --seconds=0 >/dev/null
sql samen_induction -e "SET GLOBAL general_log = 0" 2>/dev/null || true
query=$(grep -o '\(WITH\|SELECT\) .*starters s WHERE s.id > .*' "$work/general.log" 2>/dev/null | grep -v '?' | tail -1 || true)
if [ -n "$query" ]; then
  sql samen_induction -e "EXPLAIN $query"
else
  echo "(no general log: EXPLAIN skipped)"
fi
