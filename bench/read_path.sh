#!/usr/bin/env bash
# Benchmark: the read path side by side, in ONE run on ONE private MariaDB and ONE
# samen-server (--services=partners,induction,bench), one row after the other:
#   1. sysbench oltp_point_select on that MariaDB ($C threads; scratch database sbtest,
#      4 tables of 10,000 rows, made here);
#   2. GetPartnership direct over gRPC (bench/gateway_cost/grpc_load.cc, $C in flight);
#   3. GET /v1/partnerships/osof through samen-gateway (wrk, $C keep-alive connections);
#   4. the same through the Go peer, grpc-gateway v1.6.4 from Debian
#      (bench/read_path/build_peer.sh builds it into $PEER when missing or stale);
#   5. GET /v1/bench/echo (samen.bench.v1 Echo: no database) through both gateways;
#   6. uncontended CreateBooking over gRPC (bench/read_path/booking_load.cc: a coach and
#      its own starters per call in flight) against sysbench oltp_insert, $C threads;
# then one table with rate, p50, p99 and the ratios, and samen-gateway's memory (VmRSS)
# idle and with 1,000 idle keep-alive connections (bench/gateway_cost.sh's method).
# Every HTTP request carries the same bearer token (a starter's), so the two gateway
# rows differ only by the database work. Both gateways run without rate limits and
# samen-gateway at --log_level=warning (no access-log line per request).
# A benchmark, not a test: it asserts nothing about speed.
#
#   bench/read_path.sh [seconds=10] [concurrency=64] [idle_connections=1000]
#
# Needs a build with samen-server samen-gateway gateway_cost_grpc_load
# read_path_booking_load (SAMEN_BUILD_DIR picks the build directory), wrk and sysbench
# (scripts/deps), and for the peer the Debian packages it installs itself with apt-get.
# Environment: PEER (/tmp/peer), W warm-up seconds per HTTP target (1; 0 = none).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
D=${1:-10}
C=${2:-64}
idle=${3:-1000}
W=${W:-1}
build=${SAMEN_BUILD_DIR:-build}
PEER=${PEER:-/tmp/peer}
# shellcheck source=bench/lib/private_stack.sh
. "$root/bench/lib/private_stack.sh"
bench_scratch readpath

for bin in samen-server samen-gateway gateway_cost_grpc_load read_path_booking_load; do
  [ -x "$build/bin/$bin" ] || { echo "missing $build/bin/$bin: build it first" >&2; exit 1; }
done
if ! command -v wrk >/dev/null || ! command -v sysbench >/dev/null; then ./scripts/deps; fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # the gateway and the idle client hold 1000+ sockets

# --- the Go peer: its Debian packages (as scripts/deps installs), then the build ---
peer_packages=(golang-go golang-grpc-gateway golang-github-grpc-ecosystem-grpc-gateway-dev
               golang-google-grpc-dev golang-goprotobuf-dev protobuf-compiler)
missing=()
for p in "${peer_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench/read_path.sh: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
peer_sources=(bench/read_path/build_peer.sh bench/read_path/peer/main.go
              proto/samen/partners/v1/*.proto proto/samen/bench/v1/*.proto proto/samen/api/*.proto)
stale=0
[ -x "$PEER/bin/peer-gateway" ] || stale=1
for f in "${peer_sources[@]}"; do
  if [ "$stale" = 0 ] && [ "$f" -nt "$PEER/bin/peer-gateway" ]; then stale=1; fi
done
if [ "$stale" = 1 ]; then
  echo "== building the Go peer into $PEER (bench/read_path/build_peer.sh)"
  PEER=$PEER bench/read_path/build_peer.sh >"$work/peer-build.log" 2>&1 ||
    { cat "$work/peer-build.log" >&2; exit 1; }
fi

# --- one private MariaDB, one samen-server, both gateways ---
bench_mariadb
export SAMEN_JWT_HS256_SECRET=bench-secret-0123456789abcdef0123456789abcdef
grpc_port=$(free_port); http_port=$(free_port); peer_port=$(free_port)
grpc="127.0.0.1:$grpc_port"

"$build/bin/samen-server" migrate --services=partners,induction 2>"$work/migrate.log"
sql samen_partners <db/demo/partners.sql
"$build/bin/samen-server" --services=partners,induction,bench --listen="$grpc" --pool_size=16 \
  --log_level=warning 2>"$work/server.log" &
server_pid=$!
pids+=("$server_pid")
# Only the hosted services get a backend, so /readyz waits for exactly those; the bench
# service is exposed only because --backends names it.
"$build/bin/samen-gateway" --listen="127.0.0.1:$http_port" \
  --backends="samen.partners.v1.PartnersService=$grpc,samen.induction.v1.InductionService=$grpc,samen.bench.v1.BenchService=$grpc" \
  --rate_limit_rps=0 --anonymous_rate_limit_rps=0 --log_level=warning 2>"$work/gateway.log" >/dev/null &
gateway_pid=$!
pids+=("$gateway_pid")
"$PEER/bin/peer-gateway" -listen="127.0.0.1:$peer_port" -backend="$grpc" >"$work/peer.log" 2>&1 &
peer_pid=$!
pids+=("$peer_pid")
wait_http() { for _ in $(seq 1 200); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }
wait_http "localhost:$http_port/readyz" || { echo "samen-gateway not ready" >&2; tail -5 "$work/gateway.log" "$work/server.log" >&2; exit 1; }
token=$("$build/bin/samen-server" mint-token --subject=bench --grants=starter@organisations/svol-havo 2>/dev/null)
auth=(-H "Authorization: Bearer $token")
samen_url="http://127.0.0.1:$http_port"
peer_url="http://127.0.0.1:$peer_port"
read_path=/v1/partnerships/osof
echo_path="/v1/bench/echo?message=hallo"
wait_http "$peer_url/v1/bench/echo?message=up" || { echo "peer-gateway did not start" >&2; cat "$work/peer.log" >&2; exit 1; }

# --- both gateways answer the same JSON (content; key order and whitespace ignored) ---
for p in "$read_path" "$echo_path"; do
  curl -fsS "${auth[@]}" "$samen_url$p" >"$work/samen.json" || { echo "samen-gateway: GET $p failed" >&2; exit 1; }
  curl -fsS "${auth[@]}" "$peer_url$p" >"$work/peer.json" || { echo "peer: GET $p failed" >&2; exit 1; }
  python3 - "$work/samen.json" "$work/peer.json" "$p" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
if a != b:
    sys.exit("GET %s: samen-gateway and the peer answer differently:\n%s\n%s" % (sys.argv[3], a, b))
print("GET %s: both gateways answer the same JSON (%d bytes)" % (sys.argv[3], len(open(sys.argv[1]).read())))
PY
done

# --- samen-gateway's memory: idle, then with $idle idle keep-alive connections ---
. bench/lib/gateway_memory.sh
gateway_memory "$gateway_pid" "$http_port" "$idle"

declare -A rate p50 p99 bad label
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; printf "%.3f", v}'; }

# --- where the machine's CPU goes per request: every process of a row, measured around
# the measured run only (the load client's own time from the shell's `times`) ---
mysqld_pid=$(cat "$work/mariadb/mariadb.pid")
tck=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
declare -A cpu_client cpu_gw cpu_server cpu_db gw_of
gw_of[samen_read]=gateway; gw_of[samen_echo]=gateway; gw_of[peer_read]=peer; gw_of[peer_echo]=peer
cpu_begin() { c0_gw=$(ticks "$gateway_pid"); c0_peer=$(ticks "$peer_pid"); c0_srv=$(ticks "$server_pid"); c0_db=$(ticks "$mysqld_pid"); }
cpu_end() {  # key client_seconds: CPU seconds of the row's processes
  local key=$1
  cpu_client[$key]=$2
  case ${gw_of[$key]:-} in
    gateway) cpu_gw[$key]=$(( $(ticks "$gateway_pid") - c0_gw )) ;;
    peer) cpu_gw[$key]=$(( $(ticks "$peer_pid") - c0_peer )) ;;
    *) cpu_gw[$key]=0 ;;
  esac
  cpu_gw[$key]=$(awk -v t="${cpu_gw[$key]}" -v h="$tck" 'BEGIN {print t / h}')
  cpu_server[$key]=$(awk -v t="$(( $(ticks "$server_pid") - c0_srv ))" -v h="$tck" 'BEGIN {print t / h}')
  cpu_db[$key]=$(awk -v t="$(( $(ticks "$mysqld_pid") - c0_db ))" -v h="$tck" 'BEGIN {print t / h}')
}
# Runs a load client and prints nothing of its own; leaves its CPU seconds (user +
# system, from bash's `times`) in $work/client_cpu.
timed_client() { ( "$@"; times >"$work/times.txt" ); awk 'NR == 2 {for (i = 1; i <= 2; i++) {v = $i; sub(/s$/, "", v); split(v, a, "m"); s += a[1] * 60 + a[2]}; print s}' "$work/times.txt" >"$work/client_cpu"; }

# --- sysbench on the same MariaDB ---
sb=(sysbench --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$SAMEN_MYSQL_PORT"
    --mysql-user="$SAMEN_MYSQL_USER" --mysql-password="$SAMEN_MYSQL_PASSWORD"
    --mysql-db=sbtest --tables=4 --table-size=10000)
sql -e "CREATE DATABASE IF NOT EXISTS sbtest"
sysbench_run() {  # key test label
  local key=$1 test=$2
  echo "== $key: sysbench $test, $C threads, ${D}s, sbtest (4 tables of 10,000 rows)"
  cpu_begin
  timed_client "${sb[@]}" "$test" --threads="$C" --time="$D" --percentile=99 --histogram=on run >"$work/$key.txt"
  cpu_end "$key" "$(cat "$work/client_cpu")"
  grep -E "transactions:|queries:|ignored errors:" "$work/$key.txt" | sed 's/^ */   /'
  rate[$key]=$(awk '/transactions:/ {gsub(/\(/,"",$3); print $3}' "$work/$key.txt")
  p99[$key]=$(awk '/99th percentile:/ {printf "%.3f", $3}' "$work/$key.txt")
  # p50 from the latency histogram ("value | bars  count")
  p50[$key]=$(awk '/Latency histogram/ {h=1; next} h && /\|/ {v[n]=$1; c[n]=$NF; t+=$NF; n++} END {s=0; for (i=0;i<n;i++) {s+=c[i]; if (s>=t/2) {printf "%.3f", v[i]; exit}}}' "$work/$key.txt")
  bad[$key]=$(awk '/ignored errors:/ {print $3}' "$work/$key.txt"); bad[$key]=${bad[$key]:-0}
}
"${sb[@]}" oltp_point_select prepare >/dev/null
sysbench_run point_select oltp_point_select

# --- direct gRPC ---
grpc_line() {  # key file: "requests/s X p50_ms Y p99_ms Z calls N errors E"
  rate[$1]=$(awk '{print $2}' "$2"); p50[$1]=$(awk '{printf "%.3f", $4}' "$2")
  p99[$1]=$(awk '{printf "%.3f", $6}' "$2"); bad[$1]=$(awk '{print $10}' "$2")
}
echo "== grpc_read: gateway_cost_grpc_load, $C calls in flight on one channel, ${D}s, GetPartnership"
cpu_begin
timed_client "$build/bin/gateway_cost_grpc_load" --target="$grpc" --token="$token" --name=partnerships/osof \
  --concurrency="$C" --seconds="$D" >"$work/grpc_read.txt"
cpu_end grpc_read "$(cat "$work/client_cpu")"
sed 's/^/   /' "$work/grpc_read.txt"
grpc_line grpc_read "$work/grpc_read.txt"

# --- HTTP through each gateway ---
run_wrk() {  # key url
  local key=$1 target=$2
  if [ "$W" -gt 0 ]; then wrk -t2 -c"$C" -d"${W}s" "${auth[@]}" "$target" >/dev/null; fi
  echo "== $key: wrk -t2 -c$C -d${D}s --latency GET $target"
  cpu_begin
  timed_client wrk -t2 -c"$C" -d"${D}s" --latency "${auth[@]}" "$target" >"$work/$key.txt"
  cpu_end "$key" "$(cat "$work/client_cpu")"
  grep -E "Requests/sec|Non-2xx|Socket errors" "$work/$key.txt" | sed 's/^ */   /' || true
  rate[$key]=$(awk '/Requests\/sec/ {print $2}' "$work/$key.txt")
  p50[$key]=$(awk '$1=="50%" {print $2}' "$work/$key.txt" | to_ms)
  p99[$key]=$(awk '$1=="99%" {print $2}' "$work/$key.txt" | to_ms)
  bad[$key]=$(awk '/Non-2xx/ {print $NF}' "$work/$key.txt"); bad[$key]=${bad[$key]:-0}
}
run_wrk samen_read "$samen_url$read_path"
run_wrk peer_read "$peer_url$read_path"
run_wrk samen_echo "$samen_url$echo_path"
run_wrk peer_echo "$peer_url$echo_path"

# --- writes: sysbench oltp_insert, then uncontended bookings ---
sysbench_run insert oltp_insert
echo "== bookings: read_path_booking_load, $C workers (a coach and its starters each), ${D}s, CreateBooking"
per_coach=$(( D / 2 > 4 ? D / 2 : 4 ))  # 100 bookings per starter and year
cpu_begin
timed_client "$build/bin/read_path_booking_load" --target="$grpc" --concurrency="$C" --seconds="$D" \
  --starters_per_coach="$per_coach" 2>"$work/bookings.err" >"$work/bookings.txt"
cpu_end bookings "$(cat "$work/client_cpu")"
sed 's/^/   /' "$work/bookings.txt"
sed 's/^/   /' "$work/bookings.err"
grpc_line bookings "$work/bookings.txt"

# --- the table ---
label[point_select]="sysbench oltp_point_select ($C threads)"
label[grpc_read]="GetPartnership direct gRPC ($C in flight)"
label[samen_read]="GET partnership via samen-gateway (wrk, $C conns)"
label[peer_read]="GET partnership via Go peer (wrk, $C conns)"
label[samen_echo]="GET bench echo via samen-gateway (no DB)"
label[peer_echo]="GET bench echo via Go peer (no DB)"
label[insert]="sysbench oltp_insert ($C threads)"
label[bookings]="CreateBooking direct gRPC, uncontended ($C)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.3f", a/b; else printf "n/a"}'; }
printf '\n%s, %s cores, %ss per row, concurrency %s; load average at the start %s, at the end %s\n' \
  "$(date -u +%FT%TZ)" "$(nproc)" "$D" "$C" "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-50s %11s %9s %9s %7s\n' "row" "requests/s" "p50 ms" "p99 ms" "errors"
for k in point_select grpc_read samen_read peer_read samen_echo peer_echo insert bookings; do
  printf '%-50s %11.0f %9s %9s %7s\n' "${label[$k]}" "${rate[$k]}" "${p50[$k]}" "${p99[$k]}" "${bad[$k]}"
done
echo
printf '%-58s %s\n' "end to end (samen-gateway DB read) / point-select:" "$(ratio "${rate[samen_read]}" "${rate[point_select]}")  (goal >= 0.25, p99 < 10 ms)"
printf '%-58s %s\n' "direct gRPC / point-select:" "$(ratio "${rate[grpc_read]}" "${rate[point_select]}")  (goal >= 0.5)"
printf '%-58s %s\n' "samen-gateway / Go peer, echo (no DB):" "$(ratio "${rate[samen_echo]}" "${rate[peer_echo]}")  (goal >= 2)"
printf '%-58s %s\n' "samen-gateway / Go peer, DB read:" "$(ratio "${rate[samen_read]}" "${rate[peer_read]}")  (goal > 1)"
printf '%-58s %s\n' "samen-gateway DB read / direct gRPC:" "$(ratio "${rate[samen_read]}" "${rate[grpc_read]}")"
printf '%-58s %s\n' "bookings / oltp_insert:" "$(ratio "${rate[bookings]}" "${rate[insert]}")  (goal >= 0.2)"
printf '%-58s %s\n' "samen-gateway VmRSS idle / with $idle idle keep-alive conns:" \
  "$(awk -v a="$rss_idle" -v b="$rss_conns" -v n="$idle" 'BEGIN {printf "%.1f MiB / %.1f MiB (%.1f KiB per connection; goal < 40 MiB)", a/1024, b/1024, (b-a)/n}')"

echo
echo "CPU per request, microseconds (user + system, each process of the row over its measured run; the"
echo "booking client's time includes its setup through the APIs). On $(nproc) cores a row cannot go faster"
echo "than cores / total; the last column is that bound."
printf '%-50s %8s %8s %8s %8s %8s %10s\n' "row" "client" "gateway" "server" "mysqld" "total" "bound/s"
for k in point_select grpc_read samen_read peer_read samen_echo peer_echo insert bookings; do
  awk -v l="${label[$k]}" -v r="${rate[$k]}" -v d="$D" -v c="${cpu_client[$k]}" -v g="${cpu_gw[$k]}" \
      -v s="${cpu_server[$k]}" -v m="${cpu_db[$k]}" -v n="$(nproc)" 'BEGIN {
    q = r * d; if (q <= 0) q = 1
    t = c + g + s + m
    printf "%-50s %8.1f %8.1f %8.1f %8.1f %8.1f %10.0f\n", l, c / q * 1e6, g / q * 1e6, s / q * 1e6, m / q * 1e6, t / q * 1e6, (t > 0 ? n * q / t : 0)
  }'
done
