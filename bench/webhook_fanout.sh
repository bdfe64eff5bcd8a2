#!/usr/bin/env bash
# Benchmark: webhook fan-out. Two samen-server replicas on one private MariaDB;
# bench/webhook_fanout (C++) registers 5 endpoints on its own Standard Webhooks
# receiver, makes 1,000 public vacancy changes over gRPC against both replicas and
# waits for every delivery. Prints deliveries/s and the time until the last one, and
# checks that all 5,000 arrived, every signature verifies, and none was sent twice at
# the same time (exit 1 otherwise). A benchmark, not a test: it asserts nothing about
# speed.
#
#   bench/webhook_fanout.sh [changes=1000] [endpoints=5] [extra driver flags...]
#
# Needs a build with the driver: SAMEN_BUILD_DIR (default build) must contain
# bin/samen-server and bin/webhook_fanout (scripts/build builds both once
# bench/CMakeLists.txt adds webhook_fanout/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${SAMEN_BUILD_DIR:-build}
changes=${1:-1000}
endpoints=${2:-5}
shift $(( $# > 2 ? 2 : $# ))
work=$(mktemp -d /tmp/samen-fanout.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$root/scripts/local-mariadb" destroy "$work/mariadb" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

for bin in "$build/bin/samen-server" "$build/bin/webhook_fanout"; do
  [ -x "$bin" ] || { echo "missing $bin: build it first (cmake --build $build --target samen-server webhook_fanout)" >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
./scripts/local-mariadb start "$work/mariadb" >/dev/null
set -a; . "$work/mariadb/env"; set +a
export SAMEN_JWT_HS256_SECRET=bench-secret-0123456789abcdef0123456789abcdef

"$build/bin/samen-server" migrate --services=partners,vacancies 2>"$work/migrate.log"
for service in partners vacancies; do
  mariadb --no-defaults -h127.0.0.1 -P"$SAMEN_MYSQL_PORT" -u"$SAMEN_MYSQL_USER" \
    -p"$SAMEN_MYSQL_PASSWORD" "samen_$service" <"db/demo/$service.sql"
done
servers=()
for i in 0 1; do
  port=$(free_port)
  "$build/bin/samen-server" --services=partners,vacancies --listen="127.0.0.1:$port" --pool_size=8 \
    --log_level=warning --webhooks_allow_private --webhook_poll_interval=200ms \
    2>"$work/server-$i.log" &
  pids+=($!)
  servers+=("127.0.0.1:$port")
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done
mint() { "$build/bin/samen-server" mint-token --subject="$1" --grants="$2" 2>/dev/null; }
hr=$(mint bench-hr hr@organisations/almere-college-dronten)
integration=$(mint bench-site integration)

echo "== webhook fan-out: $changes changes x $endpoints endpoints, 2 replicas (2 delivery threads each)"
"$build/bin/webhook_fanout" --servers="$(IFS=,; echo "${servers[*]}")" --hr_token="$hr" \
  --integration_token="$integration" --changes="$changes" --endpoints="$endpoints" "$@"
