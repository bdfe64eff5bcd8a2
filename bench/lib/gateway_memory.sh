# Sourced by the benchmarks. gateway_memory <gateway pid> <http port> <n>:
# sets rss_idle and rss_conns (KiB, VmRSS) and open_fds: the gateway idle, then
# holding <n> idle keep-alive connections (bench/lib/idle_connections.py).
gateway_memory() {
  local pid=$1 port=$2 n=$3 ready idle_pid
  local lib
  lib=$(dirname "${BASH_SOURCE[0]}")
  rss() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
  sleep 1
  rss_idle=$(rss)
  coproc IDLE { python3 "$lib/idle_connections.py" "$port" "$n"; }
  # shellcheck disable=SC2153  # IDLE_PID is set by coproc
  idle_pid=$IDLE_PID
  read -r ready <&"${IDLE[0]}" || true
  [ "$ready" = open ] || { echo "could not open $n connections" >&2; return 1; }
  sleep 1
  rss_conns=$(rss)
  open_fds=$(ls "/proc/$pid/fd" | wc -l)
  eval "exec ${IDLE[1]}>&-"
  wait "$idle_pid" 2>/dev/null || true
}
