#!/usr/bin/env bash
# Benchmark: e-mail notifications (issue 14): N bookings -> 2N messages delivered to a
# local SMTP server, with the rate and the time until the last one.
#
#   bench/notifications.sh [bookings=1000] [replicas=1]
#
# One private MariaDB (scripts/local-mariadb, migrated, db/demo/partners.sql loaded), an
# SMTP server on a free port and `replicas` samen-server processes
# (--services=partners,induction, one HS256 secret file, --smtp_url at that server with
# --smtp_tls=none, --mail_workers threads each; the workers read the directory through
# the Partners gRPC API with a `service` token minted with that secret). The SMTP server
# is bench/notifications/smtp_sink.py (SINK=sink, the default: no parsing, logging or
# fsync) or the test catcher tests/support/smtp_catcher.py (SINK=catcher, Debian's
# python3-aiosmtpd: every command logged, every message parsed and written with fsync),
# which alone accepts fewer messages a second than the servers send.
# notifications_load (bench/notifications/) sets up coaches with availability and
# starters through the APIs (bench/lib/booking_setup.h, every person with an address),
# then makes N uncontended CreateBooking calls as fast as $C workers go, round robin
# over the replicas; every booking enqueues a confirmation with an iCalendar invitation
# to the starter and one to the coach. Sessions are booked 8 days ahead or later, so
# the reminders (due 7 days before) stay in the outbox.
# The script waits until 2N messages arrived (or none for $STALL s) and prints:
# bookings/s and p50/p99 of the API; messages delivered and messages/s; the time from
# the first booking until the last message; p50/p99 of the delay from a booking's answer
# to its messages' arrival (matched by the invitation's UID); per SMTP connection the
# mean time of one SMTP transaction and of what the mail thread does between two
# (bench/notifications/delivery.py); the outbox and its delivery log by state; and how
# fast the catcher and the sink each alone accept one of those messages over as many
# connections as the servers' mail threads (bench/notifications/smtp_blast.py), so it
# shows which side limits. A benchmark, not a test: it fails only when messages are
# missing or sent twice.
#
# Needs `samen-server notifications_load` built (SAMEN_BUILD_DIR picks the build
# directory) and python3-aiosmtpd (installed with apt-get when missing).
# Environment: SINK (sink or catcher), MAIL_WORKERS (2: --mail_workers), C (16: bookings
# in flight), STALL (60), SERVER_ARGS (more samen-server flags), PERF=1 (perf record -g
# on the first replica while mail is delivered; the report's top lines printed at the
# end), BACKLOG=1 (book with --mail_workers=0, then restart the replicas with the mail
# threads: the delivery of the backlog alone, with MariaDB's statements and transactions
# per message and the CPU of the replicas and of mysqld), KEEP=1 (leave the MariaDB
# running).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
N=${1:-1000}
R=${2:-1}
MAIL_WORKERS=${MAIL_WORKERS:-2}
C=${C:-16}
STALL=${STALL:-60}
SINK=${SINK:-sink}
[ "$SINK" = sink ] || [ "$SINK" = catcher ] || { echo "SINK is sink or catcher" >&2; exit 2; }
build=${SAMEN_BUILD_DIR:-build}
# shellcheck source=bench/lib/private_stack.sh
. "$root/bench/lib/private_stack.sh"
bench_scratch notifications

for bin in samen-server notifications_load; do
  [ -x "$build/bin/$bin" ] || { echo "missing $build/bin/$bin: build it first" >&2; exit 1; }
done
if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
  echo "bench/notifications.sh: installing python3-aiosmtpd" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-aiosmtpd >/dev/null
fi

# start_smtp KIND DIR: the catcher (tests/support/smtp_catcher.py) or the sink
# (bench/notifications/smtp_sink.py) on a free port; sets smtp_port, appends to pids.
start_smtp() {
  local script=tests/support/smtp_catcher.py
  [ "$1" = sink ] && script=bench/notifications/smtp_sink.py
  mkdir -p "$2"
  "$script" --port 0 --dir "$2" >"$2.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    smtp_port=$(awk '/^listening/ {print $2}' "$2.out")
    [ -n "$smtp_port" ] && return 0
    sleep 0.1
  done
  echo "the SMTP $1 did not start" >&2; cat "$2.out" >&2; exit 1
}
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
accepted() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["accepted"])' "$1/stats.json" 2>/dev/null || echo 0; }

# --- MariaDB, the catcher, the servers ---
bench_mariadb
secret=bench-secret-0123456789abcdef0123456789abcdef
printf '%s' "$secret" >"$work/jwt-secret"
export SAMEN_JWT_HS256_SECRET=$secret  # notifications_load mints its tokens with it
"$build/bin/samen-server" migrate --services=partners,induction 2>"$work/migrate.log"
sql samen_partners <db/demo/partners.sql
start_smtp "$SINK" "$work/caught"
ports=()
for _ in $(seq 1 "$R"); do ports+=("$(free_port)"); done
target=$(IFS=,; echo "ipv4:${ports[*]/#/127.0.0.1:}")
# start_servers WORKERS: the replicas with --mail_workers=WORKERS; sets server_pids.
start_servers() {
  server_pids=()
  for r in $(seq 1 "$R"); do
    # shellcheck disable=SC2086  # SERVER_ARGS is a list of flags
    "$build/bin/samen-server" --services=partners,induction --listen="127.0.0.1:${ports[r-1]}" \
      --pool_size=16 --log_level=warning --jwt_hs256_secret_file="$work/jwt-secret" \
      --smtp_url="smtp://127.0.0.1:$smtp_port" --smtp_tls=none --smtp_timeout=10s \
      --mail_from="Samen <noreply@samen.test>" --app_url=http://localhost:8080 \
      --mail_workers="$1" ${SERVER_ARGS:-} 2>>"$work/server-$r.log" &
    pids+=($!); server_pids+=($!)
  done
  for p in "${ports[@]}"; do
    wait_port "$p" || { echo "samen-server :$p did not start" >&2; tail -5 "$work"/server-*.log >&2; exit 1; }
  done
}
counters="'Com_stmt_execute','Questions','Com_begin','Com_commit','Com_rollback','Innodb_data_fsyncs'"
cpu_ticks() {  # utime + stime of the replicas and of mysqld, in clock ticks
  local t=0 m
  for p in "${server_pids[@]}"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done
  m=$(awk '{print $14 + $15}' "/proc/$(cat "$work/mariadb/mariadb.pid")/stat")
  echo "$t $m"
}
status() {  # MariaDB's counters of $counters, on one line
  sql -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN ($counters)" | sort | awk '{printf "%s=%s ", $1, $2} END {print ""}'
}
# BACKLOG=1: book with no mail threads, then restart the replicas with them, so the
# delivery of the whole backlog is measured alone.
if [ -n "${BACKLOG:-}" ]; then start_servers 0; else start_servers "$MAIL_WORKERS"; fi

# --- the bookings, then wait for the mail ---
perf_pid=""
start_perf() {
  if [ -n "${PERF:-}" ]; then
    perf record -F 499 -g -p "${server_pids[0]}" -o "$work/perf.data" >"$work/perf.log" 2>&1 &
    perf_pid=$!
  fi
}
[ -n "${BACKLOG:-}" ] || start_perf
echo "== $N bookings: notifications_load, $C in flight, $R replica(s), --mail_workers=$MAIL_WORKERS"
"$build/bin/notifications_load" --target="$target" --bookings="$N" --concurrency="$C" \
  --starters_per_coach=$(( (N / C + 99) / 100 + 1 )) --out="$work/bookings.txt" \
  2>"$work/load.err" | tee "$work/load.txt" | sed 's/^/   /'
sed 's/^/   /' "$work/load.err"
want=$(( $(wc -l <"$work/bookings.txt") * 2 ))
if [ -n "${BACKLOG:-}" ]; then
  echo "== restarting the replicas with --mail_workers=$MAIL_WORKERS"
  for p in "${server_pids[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
  status0=$(status)
  start_servers "$MAIL_WORKERS"
  read -r cpu0 db0 < <(cpu_ticks); t0=$(date +%s.%N)
  start_perf
fi
echo "== waiting for $want messages (giving up after ${STALL}s without one)"
last=-1; since=$SECONDS
while :; do
  got=$(accepted "$work/caught")
  [ "$got" -ge "$want" ] && break
  if [ "$got" != "$last" ]; then last=$got; since=$SECONDS; fi
  [ $((SECONDS - since)) -ge "$STALL" ] && { echo "   stalled at $got of $want" >&2; break; }
  sleep 0.2
done
sleep 1  # a late duplicate would show
if [ -n "$perf_pid" ]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; fi
status1=$(status)
[ -z "${BACKLOG:-}" ] || { read -r cpu1 db1 < <(cpu_ticks); t1=$(date +%s.%N); }
/usr/bin/python3 bench/notifications/delivery.py "$work/bookings.txt" "$work/caught" >"$work/delivery.txt"
d() { awk -v k="$1" '$1==k {print $2}' "$work/delivery.txt"; }

# --- the outbox and its delivery log ---
states="CASE state WHEN 1 THEN 'pending' WHEN 2 THEN 'sent' WHEN 3 THEN 'failed' WHEN 4 THEN 'skipped' WHEN 5 THEN 'withdrawn' END"
sql -N samen_induction -e "SELECT kind, $states, COUNT(*) FROM notification_outbox GROUP BY kind, state ORDER BY kind, state" >"$work/outbox.txt"
sql -N samen_induction -e "SELECT CASE outcome WHEN 1 THEN 'sent' WHEN 2 THEN 'retry' WHEN 3 THEN 'failed' WHEN 4 THEN 'skipped' WHEN 5 THEN 'interrupted' END, COUNT(*), ROUND(AVG(duration_ms),1), MAX(duration_ms) FROM notification_attempts GROUP BY outcome" >"$work/attempts.txt"

# --- each SMTP server alone, with one of the messages caught ---
blast=$(( want < 1000 ? want : 1000 ))
conns=$(( MAIL_WORKERS * R ))
if [ "$SINK" = sink ]; then
  cp "$work/caught/first.eml" "$work/message.eml"
else
  python3 -c 'import json,sys; open(sys.argv[2],"w",encoding="utf-8").write(json.load(open(sys.argv[1]))["raw"])' \
    "$work/caught/000001.json" "$work/message.eml"
fi
declare -A alone
for kind in catcher sink; do
  start_smtp "$kind" "$work/alone-$kind"
  alone[$kind]=$(/usr/bin/python3 bench/notifications/smtp_blast.py --port "$smtp_port" \
    --message "$work/message.eml" --count "$blast" --connections "$conns" | awk '{print $6}')
done

# --- the figures ---
read -r rate p50 p99 calls errors < <(awk '{print $2, $4, $6, $8, $10}' "$work/load.txt")
f() { awk "BEGIN {printf \"$1\", $2}"; }
span=$(f %.2f "$(d last_message) - $(d first_booking)")
flow=$(f %.2f "$(d last_message) - $(d first_message)")
printf '\n%s, %s cores, load average at the start %s, at the end %s\n' \
  "$(date -u +%FT%TZ)" "$(nproc)" "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s replica(s) x --mail_workers=%s (%s SMTP connections) to the %s, %s bookings in flight\n' "$R" "$MAIL_WORKERS" "$conns" "$SINK" "$C"
printf '  %-46s %s\n' \
  "bookings (CreateBooking over gRPC):" "$calls made, $errors failed, $(f %.1f "$rate")/s, p50 $p50 ms, p99 $p99 ms" \
  "bookings took (first call to last answer):" "$(f %.2f "$(d last_booking) - $(d first_booking)") s" \
  "messages delivered:" "$(d messages) of $want ($(d bookings_complete) bookings with both, $(d duplicates) duplicates, $(d unmatched) unmatched)" \
  "first booking -> last message:" "$span s" \
  "messages/s (first booking -> last message):" "$(f %.1f "$(d messages) / $span")" \
  "messages/s (first message -> last message):" "$(f %.1f "$(d messages) / $flow")" \
  "delay booking answer -> message arrival:" "p50 $(f %.0f "$(d delay_p50)") ms, p99 $(f %.0f "$(d delay_p99)") ms, max $(f %.0f "$(d delay_max)") ms" \
  "per mail thread: SMTP MAIL..250 / between:" "$(f %.1f "$(d smtp_ms)") ms / $(f %.1f "$(d between_ms)") ms (mean over $(d connections) connections)" \
  "alone, $conns conns (smtp_blast.py): catcher" "${alone[catcher]}/s, sink ${alone[sink]}/s ($blast messages of $(wc -c <"$work/message.eml") bytes)"
if [ -n "${BACKLOG:-}" ]; then
  printf '  %-46s %s\n' "MariaDB per message (delivery alone):" \
    "$(awk -v a="$status0" -v b="$status1" -v n="$want" 'BEGIN {split(a, x, " "); split(b, y, " ");
      for (i in x) {split(x[i], p, "="); split(y[i], q, "="); printf "%s %.1f  ", p[1], (q[2] - p[2]) / n}}')" \
    "CPU while delivering (cores):" "samen-server $(f %.2f "($cpu1 - $cpu0) / $(getconf CLK_TCK) / ($t1 - $t0)"), mysqld $(f %.2f "($db1 - $db0) / $(getconf CLK_TCK) / ($t1 - $t0)") (over $(f %.1f "$t1 - $t0") s, from the restart to the last message + 1 s)"
fi
echo "  outbox (kind, state, rows):"
sed 's/^/    /' "$work/outbox.txt"
echo "  delivery log (outcome, attempts, mean ms, max ms):"
sed 's/^/    /' "$work/attempts.txt"
if [ -n "$perf_pid" ]; then
  echo "  perf (replica 1, while mail was delivered), by shared object and by symbol, self:"
  perf report -i "$work/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | sed -n '1,12s/^/    /p' || true
  perf report -i "$work/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | sed -n '1,25s/^/    /p' || true
  cp "$work/perf.data" "/tmp/notifications-perf.data" && echo "  (perf.data kept as /tmp/notifications-perf.data)"
fi
if [ "$(d messages)" -lt "$want" ] || [ "$(d duplicates)" != 0 ]; then
  echo "MISSING OR DUPLICATE MESSAGES" >&2; exit 1
fi
