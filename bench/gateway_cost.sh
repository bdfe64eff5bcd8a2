#!/usr/bin/env bash
# Benchmark: the gateway's own cost, in one run on one machine. The same unary RPC,
# GetPartnership, against the same samen-server and MariaDB:
#   - direct over gRPC: our C++ load client (bench/gateway_cost/grpc_load.cc), N calls
#     in flight on one channel;
#   - through samen-gateway over HTTP: wrk with N keep-alive connections;
# printing requests/s, p50, p99 and the ratio; then the gateway's memory (VmRSS) idle
# and with 1,000 idle keep-alive connections open, in KiB per connection.
# A benchmark, not a test: it asserts nothing about speed.
#
#   bench/gateway_cost.sh [seconds=20] [concurrency=64] [idle_connections=1000]
#
# Needs a build with the bench targets (scripts/build, or cmake --build build --target
# samen-server samen-gateway gateway_cost_grpc_load) and wrk (scripts/deps).
# SAMEN_BUILD_DIR picks another build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${1:-20}
concurrency=${2:-64}
idle=${3:-1000}
build=${SAMEN_BUILD_DIR:-build}
work=$(mktemp -d /tmp/samen-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$root/scripts/local-mariadb" destroy "$work/mariadb" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

for bin in samen-server samen-gateway gateway_cost_grpc_load; do
  [ -x "$build/bin/$bin" ] || { echo "missing $build/bin/$bin: build it first" >&2; exit 1; }
done
command -v wrk >/dev/null || ./scripts/deps
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # the gateway and the idle client hold 1000+ sockets

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# A port the kernel just handed out (local-mariadb's own probe can pick a port that
# an outgoing connection holds).
./scripts/local-mariadb start "$work/mariadb" --port "$(free_port)" >/dev/null
set -a; . "$work/mariadb/env"; set +a
export SAMEN_JWT_HS256_SECRET=bench-secret-0123456789abcdef0123456789abcdef
grpc_port=$(free_port); http_port=$(free_port)

"$build/bin/samen-server" migrate --services=partners 2>"$work/migrate.log"
mariadb --no-defaults -h127.0.0.1 -P"$SAMEN_MYSQL_PORT" -usamen -psamen samen_partners <db/demo/partners.sql
"$build/bin/samen-server" --services=partners --listen="127.0.0.1:$grpc_port" --pool_size=16 \
  --log_level=warning 2>"$work/server.log" &
pids+=($!)
"$build/bin/samen-gateway" --listen="127.0.0.1:$http_port" \
  --backends="samen.partners.v1.PartnersService=127.0.0.1:$grpc_port" \
  --log_level=warning 2>"$work/gateway.log" >/dev/null &
gateway_pid=$!
pids+=($gateway_pid)
for _ in $(seq 1 100); do curl -fs "localhost:$http_port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
token=$("$build/bin/samen-server" mint-token --subject=bench --grants=starter@organisations/svol-havo 2>/dev/null)
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "localhost:$http_port/v1/partnerships/osof")
[ "$code" = 200 ] || { echo "warm-up request answered $code" >&2; tail -5 "$work/gateway.log" "$work/server.log" >&2; exit 1; }

# --- memory: idle, then with $idle idle keep-alive connections (one request each) ---
. bench/lib/gateway_memory.sh
gateway_memory "$gateway_pid" "$http_port" "$idle"

# --- direct gRPC ---
echo "== direct gRPC: $concurrency calls in flight on one channel, ${duration}s, GetPartnership"
"$build/bin/gateway_cost_grpc_load" --target="127.0.0.1:$grpc_port" --token="$token" \
  --name=partnerships/osof --concurrency="$concurrency" --seconds="$duration" | tee "$work/grpc.txt"
grpc_rps=$(awk '{print $2}' "$work/grpc.txt")
grpc_p50=$(awk '{print $4}' "$work/grpc.txt")
grpc_p99=$(awk '{print $6}' "$work/grpc.txt")

# --- through the gateway ---
cat >"$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
echo "== through the gateway: wrk, $concurrency keep-alive connections, ${duration}s, GET /v1/partnerships/osof"
wrk -t2 -c"$concurrency" -d"${duration}s" --latency -s "$work/auth.lua" \
  "http://127.0.0.1:$http_port/v1/partnerships/osof" >"$work/wrk.txt"
grep -E "Requests/sec|Non-2xx|Socket errors" "$work/wrk.txt" || true
http_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; printf "%.3f", v}'; }
http_p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt" | to_ms)
http_p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt" | to_ms)

ratio=$(awk -v a="$http_rps" -v b="$grpc_rps" 'BEGIN {printf "%.3f", a/b}')
per_conn=$(awk -v a="$rss_conns" -v b="$rss_idle" -v n="$idle" 'BEGIN {printf "%.1f", (a-b)/n}')
printf '\n%-40s %12s %10s %10s\n' "GetPartnership" "requests/s" "p50 ms" "p99 ms"
printf '%-40s %12.0f %10s %10s\n' "direct gRPC (grpc_load, $concurrency in flight)" "$grpc_rps" "$grpc_p50" "$grpc_p99"
printf '%-40s %12.0f %10s %10s\n' "HTTP via gateway (wrk, $concurrency conns)" "$http_rps" "$http_p50" "$http_p99"
printf 'ratio gateway / direct: %s\n' "$ratio"
printf '\ngateway memory (VmRSS): idle %d KiB; with %d idle keep-alive connections %d KiB (%d fds): %s KiB per connection\n' \
  "$rss_idle" "$idle" "$rss_conns" "$open_fds" "$per_conn"
