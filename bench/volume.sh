#!/usr/bin/env bash
# Benchmark: cost that grows with data (issue 11). One private MariaDB
# (scripts/local-mariadb), migrated (--services=all) and loaded with the demo data
# (db/demo/*.sql), one samen-server --services=all and one samen-gateway. It measures
# sequential requests through the gateway (curl, time_total; $N timed after $W warm-up
# each) on the demo data, then loads the issue's volume (bench/volume/generate.py: 10,000
# starters, 100,000 bookings of the demo coaches, 3,000 activities, 10,000 published
# vacancies; every foreign key and constraint respected), runs ANALYZE TABLE, measures
# the same requests again and prints one table: p50 demo, p50 volume, their ratio and the
# goal (1.5x for paged reads and single writes; whole-scope reports have none), with
# rows over their goal flagged.
# A benchmark, not a test: it asserts nothing about speed.
#
#   bench/volume.sh [--bin DIR] [--requests N] [--warmup W] [--keep-sql DIR]
#
# --bin: where samen-server and samen-gateway are (default $SAMEN_BUILD_DIR/bin, else
# build/bin). VOLUME_ARGS passes options to generate.py (smaller sizes for a trial run).
# Needs python3, curl and MariaDB (scripts/deps). About 5 minutes, most of it
# loading the volume (~140 MB of SQL).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${SAMEN_BUILD_DIR:-build}/bin
N=50
W=5
keep_sql=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --requests) N=$2; shift 2 ;;
    --warmup) W=$2; shift 2 ;;
    --keep-sql) keep_sql=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench/volume.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for b in samen-server samen-gateway; do
  [ -x "$bin/$b" ] || { echo "missing $bin/$b: build it first or pass --bin DIR" >&2; exit 1; }
done
# shellcheck source=bench/lib/private_stack.sh
. "$root/bench/lib/private_stack.sh"
bench_scratch volume

echo "== private MariaDB, migrate (--services=all), demo data"
bench_mariadb
prefix=volume_
head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/jwt-secret"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/webhook-secret-key"
export SAMEN_JWT_HS256_SECRET_FILE="$work/jwt-secret"
export SAMEN_WEBHOOK_SECRET_KEY_FILE="$work/webhook-secret-key"
"$bin/samen-server" migrate --services=all --mysql_database_prefix="$prefix" 2>"$work/migrate.log" ||
  { tail -20 "$work/migrate.log" >&2; exit 1; }
for demo in db/demo/*.sql; do
  # shellcheck disable=SC2094  # the file is only read
  sql "$prefix$(basename "$demo" .sql)" <"$demo"
done

echo "== generating the volume (bench/volume/generate.py)"
gen=${keep_sql:-$work/sql}
# shellcheck disable=SC2086  # VOLUME_ARGS: generate.py options, e.g. "--starters 1000"
python3 bench/volume/generate.py "$gen" ${VOLUME_ARGS:-}
# The bench starters CreateBooking books for (coach-ilse's, at Almere College Kampen):
# in both phases, so the demo reads are the demo's.
sql "${prefix}partners" <"$gen/bench-partners.sql"
sql "${prefix}induction" <"$gen/bench-induction.sql"

grpc_port=$(free_port); http_port=$(free_port)
"$bin/samen-server" --services=all --listen="127.0.0.1:$grpc_port" --mysql_database_prefix="$prefix" \
  --log_level=warning 2>"$work/server.log" &
pids+=($!)
"$bin/samen-gateway" --listen="127.0.0.1:$http_port" --backend="127.0.0.1:$grpc_port" \
  --rate_limit_rps=0 --anonymous_rate_limit_rps=0 --log_level=warning >/dev/null 2>"$work/gateway.log" &
pids+=($!)
url="http://127.0.0.1:$http_port"
for _ in $(seq 1 300); do curl -fs -o /dev/null "$url/readyz" && break; sleep 0.1; done
curl -fs -o /dev/null "$url/readyz" || { echo "samen-gateway not ready" >&2; tail -5 "$work/gateway.log" "$work/server.log" >&2; exit 1; }

mint() { "$bin/samen-server" mint-token --subject="$1" --display_name="$2" --grants="$3" --ttl=2h 2>/dev/null; }
# The tokens are used by name (measure_get's ${!token}).
# shellcheck disable=SC2034
STARTER=$(mint starter-noor "Noor Jansen (demo)" "starter@organisations/almere-college-dronten")
COACH=$(mint coach-ilse "Ilse Smit (demo)" "coach@organisations/almere-college-dronten")
# shellcheck disable=SC2034
HR=$(mint hr-almere "Ruben Dekker (demo)" "hr@organisations/almere-college-dronten")
# shellcheck disable=SC2034
COORDINATOR=$(mint coord-osof "Femke de Vries (demo)" "coordinator@partnerships/osof,school_educator@organisations/svol-lyceum")
# shellcheck disable=SC2034
SITE=$(mint vacaturesite-flevoland "Vacaturesite Flevoland (bench)" "integration")

# key | token | path | goal ("1.5" or "-" for whole-scope reports) | label
ops=(
  "open_slots|STARTER|/v1/starters/starter-noor/openSlots|1.5|ListOpenSlots (starter-noor)"
  "activities|STARTER|/v1/activities|1.5|activity search, no filter"
  "activities_aud|STARTER|/v1/activities?audience=STARTERS&only_with_free_places=true|1.5|activity search, audience=STARTERS"
  "people|HR|/v1/people?organisation=organisations/almere-college-dronten|1.5|people of almere-college-dronten"
  "tracking|HR|/v1/organisations/-/starterTracking|1.5|HR starterTracking list"
  "tracking_sum|HR|/v1/organisations/-/starterTracking:summarize|-|HR starterTracking:summarize"
  "tracking_csv|HR|/v1/organisations/-/starterTracking:export|-|HR starterTracking:export (CSV)"
  "vacancies|-|/v1/organisations/-/vacancies|1.5|public vacancy list (anonymous)"
  "sync|SITE|/v1/vacancies:sync|1.5|vacancies:sync full sync, first page"
  "partnerships|COORDINATOR|/v1/partnerships|1.5|partnerships list (coordinator; no volume)"
)
declare -A p50 p95 bytes errs

stats() {  # file of seconds -> "p50_ms p95_ms"
  python3 - "$1" <<'PY'
import sys
v = sorted(float(x) * 1000 for x in open(sys.argv[1]) if x.strip())
def pct(p):
    if not v: return float("nan")
    k = (len(v) - 1) * p
    lo = int(k); hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)
print("%.2f %.2f" % (pct(0.5), pct(0.95)))
PY
}

measure_get() {  # phase key token path
  local phase=$1 key=$2 token=$3 path=$4 auth=() out="$work/$1-$2"
  [ "$token" != "-" ] && auth=(-H "Authorization: Bearer ${!token}")
  : >"$out.times"; : >"$out.codes"
  for i in $(seq 1 $((W + N))); do
    line=$(curl -sS -o "$out.body" -w '%{http_code} %{time_total} %{size_download}' "${auth[@]}" "$url$path")
    if [ "$i" -gt "$W" ]; then
      echo "${line#* }" | cut -d' ' -f1 >>"$out.times"
      echo "${line%% *}" >>"$out.codes"
    fi
  done
  read -r p50["$phase/$key"] p95["$phase/$key"] < <(stats "$out.times")
  errs["$phase/$key"]=$(grep -vc '^2' "$out.codes" || true)
  bytes["$phase/$key"]=$(wc -c <"$out.body")
  if [ "${errs[$phase/$key]}" != 0 ]; then
    echo "   $key: ${errs[$phase/$key]} non-2xx, last body: $(head -c 300 "$out.body")" >&2
  fi
}

bench_starter=0
measure_booking() {  # phase: CreateBooking by coach-ilse for a bench starter each, the
  # first open slot (ListOpenSlots, untimed, before each booking)
  # (up to the booking horizon, 42 days: the default 14 days hold only ~25 of Ilse's slots)
  local phase=$1 out="$work/$1-booking" slots_until
  slots_until=$(date -u -d '+41 days' +%F)
  : >"$out.times"; : >"$out.codes"
  for i in $(seq 1 $((W + N))); do
    local sid
    sid=$(printf 'bench-starter-%03d' "$bench_starter"); bench_starter=$((bench_starter + 1))
    local slot
    slot=$(curl -fsS -H "Authorization: Bearer $COACH" "$url/v1/starters/$sid/openSlots?end_date=$slots_until" |
      python3 -c 'import json,sys; s=json.load(sys.stdin).get("slots",[]); print(s[0]["startTime"] if s else "")')
    if [ -z "$slot" ]; then echo "   booking: no open slot for $sid" >&2; echo 999 >>"$out.codes"; continue; fi
    line=$(curl -sS -o "$out.body" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $COACH" \
      -H 'Content-Type: application/json' -X POST \
      -d "{\"coach\":\"people/coach-ilse\",\"startTime\":\"$slot\"}" "$url/v1/starters/$sid/bookings")
    if [ "$i" -gt "$W" ]; then
      echo "${line#* }" >>"$out.times"
      echo "${line%% *}" >>"$out.codes"
    fi
    case "$line" in 2*) ;; *) echo "   booking $sid $slot: $(head -c 300 "$out.body")" >&2 ;; esac
  done
  read -r p50["$phase/booking"] p95["$phase/booking"] < <(stats "$out.times")
  errs["$phase/booking"]=$(grep -vc '^2' "$out.codes" || true)
  bytes["$phase/booking"]=$(wc -c <"$out.body")
}

run_phase() {  # phase
  echo "== $1: $N sequential requests per row after $W warm-up"
  for op in "${ops[@]}"; do
    IFS='|' read -r key token path _ _ <<<"$op"
    measure_get "$1" "$key" "$token" "$path"
    printf '   %-14s p50 %8s ms  p95 %8s ms  %7s bytes\n' "$key" "${p50[$1/$key]}" "${p95[$1/$key]}" "${bytes[$1/$key]}"
  done
  measure_booking "$1"
  printf '   %-14s p50 %8s ms  p95 %8s ms\n' booking "${p50[$1/booking]}" "${p95[$1/booking]}"
}

run_phase demo
# The demo phase's bench bookings go (their participants and time claims cascade), so
# the volume phase books the same slots again for the same starters.
sql "${prefix}induction" -e "DELETE FROM calendar_entries WHERE starter_id LIKE 'bench-starter-%'"
bench_starter=0

echo "== loading the volume"
t0=$(date +%s)
for db in partners induction professionalisation vacancies; do
  s=$(date +%s)
  sql "$prefix$db" <"$gen/$db.sql"
  echo "   $prefix$db: $(($(date +%s) - s)) s"
done
sql -N -e "
  SELECT CONCAT('   ', 'people ', (SELECT COUNT(*) FROM ${prefix}partners.people),
    ', starters ', (SELECT COUNT(*) FROM ${prefix}induction.starters),
    ', calendar_entries ', (SELECT COUNT(*) FROM ${prefix}induction.calendar_entries),
    ', time_claims ', (SELECT COUNT(*) FROM ${prefix}induction.time_claims),
    ', activities ', (SELECT COUNT(*) FROM ${prefix}professionalisation.activities),
    ', vacancies ', (SELECT COUNT(*) FROM ${prefix}vacancies.vacancies),
    ', vacancy_changes ', (SELECT COUNT(*) FROM ${prefix}vacancies.vacancy_changes))"
for db in partners induction professionalisation vacancies; do
  tables=$(sql -N "$prefix$db" -e "SELECT GROUP_CONCAT(table_name) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'")
  sql "$prefix$db" -e "ANALYZE TABLE $tables" >/dev/null
done
echo "   loaded and analysed in $(($(date +%s) - t0)) s"

run_phase volume

# --- the table ---
printf '\n%s, %s cores, %s requests per row after %s warm-up; load average at the start %s, at the end %s\n' \
  "$(date -u +%FT%TZ)" "$(nproc)" "$N" "$W" "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-42s %9s %10s %9s %10s %6s  %s\n' "operation" "p50 demo" "p50 volume" "ratio" "p95 volume" "goal" ""
row() {  # key goal label
  local key=$1 goal=$2 label=$3 ratio flag=""
  ratio=$(awk -v a="${p50[volume/$key]}" -v b="${p50[demo/$key]}" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "n/a"}')
  if [ "$goal" != "-" ] && awk -v r="$ratio" -v g="$goal" 'BEGIN {exit !(r > g)}'; then flag="OVER GOAL"; fi
  local e=$(( ${errs[demo/$key]:-0} + ${errs[volume/$key]:-0} ))
  [ "$e" -gt 0 ] && flag="$flag ($e non-2xx)"
  printf '%-42s %9s %10s %8sx %10s %6s  %s\n' "$label" "${p50[demo/$key]}" "${p50[volume/$key]}" "$ratio" \
    "${p95[volume/$key]}" "$([ "$goal" = - ] && echo '-' || echo "${goal}x")" "$flag"
}
for op in "${ops[@]}"; do
  IFS='|' read -r key _ _ goal label <<<"$op"
  row "$key" "$goal" "$label"
done
row booking 1.5 "CreateBooking (coach-ilse, POST)"
echo "(ms; goal: p50 volume / p50 demo at most 1.5x for paged reads and single writes; '-': whole-scope report, grows with the data)"
