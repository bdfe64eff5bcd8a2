#!/usr/bin/env bash
# Benchmark: GET /v1/partnerships/{id} end to end (HTTP -> gateway -> gRPC ->
# samen-server -> MySQL and back) against sysbench oltp_point_select on the same
# MariaDB, in one run on one machine. Prints requests/s, p50 and p99 for each and the
# ratio. A benchmark, not a test: it asserts nothing about speed.
#
#   bench/partners_read_vs_point_select.sh [seconds=20] [connections=64]
#
# Needs a build (scripts/build) and wrk + sysbench (scripts/deps installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${1:-20}
connections=${2:-64}
work=$(mktemp -d /tmp/samen-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$root/scripts/local-mariadb" destroy "$work/mariadb" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

for bin in build/bin/samen-server build/bin/samen-gateway; do
  [ -x "$bin" ] || { echo "missing $bin: run scripts/build first" >&2; exit 1; }
done
command -v wrk >/dev/null && command -v sysbench >/dev/null || ./scripts/deps

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
./scripts/local-mariadb start "$work/mariadb" >/dev/null
set -a; . "$work/mariadb/env"; set +a
export SAMEN_JWT_HS256_SECRET=bench-secret-0123456789abcdef0123456789abcdef
grpc_port=$(free_port); http_port=$(free_port)

./build/bin/samen-server migrate --services=partners 2>"$work/migrate.log"
mariadb --no-defaults -h127.0.0.1 -P"$SAMEN_MYSQL_PORT" -usamen -psamen samen_partners <db/demo/partners.sql
./build/bin/samen-server --services=partners --listen="127.0.0.1:$grpc_port" --pool_size=16 \
  --log_level=warning 2>"$work/server.log" &
pids+=($!)
./build/bin/samen-gateway --listen="127.0.0.1:$http_port" --backend="127.0.0.1:$grpc_port" \
  2>"$work/gateway.log" >/dev/null &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "localhost:$http_port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
token=$(./build/bin/samen-server mint-token --subject=bench --grants=starter@organisations/svol-havo 2>/dev/null)
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "localhost:$http_port/v1/partnerships/osof")
[ "$code" = 200 ] || { echo "warm-up request answered $code" >&2; tail -5 "$work/gateway.log" "$work/server.log" >&2; exit 1; }

cat >"$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
echo "== end to end: wrk, $connections keep-alive connections, ${duration}s, GET /v1/partnerships/osof"
wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/auth.lua" \
  "http://127.0.0.1:$http_port/v1/partnerships/osof" >"$work/wrk.txt"
grep -E "Requests/sec|Non-2xx|Socket errors" "$work/wrk.txt" || true
e2e_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; printf "%.3f", v}'; }
e2e_p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt" | to_ms)
e2e_p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt" | to_ms)

echo "== raw MySQL: sysbench oltp_point_select, $connections threads, ${duration}s"
sb=(sysbench oltp_point_select --db-driver=mysql --mysql-host=127.0.0.1
    --mysql-port="$SAMEN_MYSQL_PORT" --mysql-user=samen --mysql-password=samen
    --mysql-db=samen_partners --tables=1 --table-size=10000)
"${sb[@]}" prepare >/dev/null
"${sb[@]}" --threads="$connections" --time="$duration" --percentile=99 --histogram=on run >"$work/sysbench.txt"
sb_rps=$(awk '/queries:/ {gsub(/\(/,"",$3); print $3}' "$work/sysbench.txt")
sb_p99=$(awk '/99th percentile:/ {print $3}' "$work/sysbench.txt")
# p50 from the latency histogram ("value | bars  count").
sb_p50=$(awk '/Latency histogram/ {h=1; next} h && /\|/ {v[n]=$1; c[n]=$NF; t+=$NF; n++} END {s=0; for (i=0;i<n;i++) {s+=c[i]; if (s>=t/2) {printf "%.3f", v[i]; exit}}}' "$work/sysbench.txt")

ratio=$(awk -v a="$e2e_rps" -v b="$sb_rps" 'BEGIN {printf "%.3f", a/b}')
printf '\n%-34s %12s %10s %10s\n' "benchmark" "requests/s" "p50 ms" "p99 ms"
printf '%-34s %12.0f %10s %10s\n' "GET /v1/partnerships/{id} (e2e)" "$e2e_rps" "$e2e_p50" "$e2e_p99"
printf '%-34s %12.0f %10s %10s\n' "sysbench oltp_point_select" "$sb_rps" "$sb_p50" "$sb_p99"
printf 'ratio e2e / point_select: %s (long-term goal >= 0.25)\n' "$ratio"
