# Sourced by the bench scripts (read_path.sh, volume.sh, hr_tracking.sh): a scratch
# directory, the processes a script starts (append their pids to `pids`) stopped and
# the private MariaDB destroyed on exit (KEEP=1 leaves the database running), free
# loopback ports, the private MariaDB itself and `sql` against it.
#
#   . "$root/bench/lib/private_stack.sh"
#   bench_scratch readpath          # sets work, load_start, pids; traps EXIT
#   bench_mariadb                   # starts it under $work/mariadb, exports its env
#   sql -e 'SELECT 1'
# Needs `root` (the repository) set by the caller.

bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then
    echo "KEEP: database left running, env in $work/mariadb/env"
    return
  fi
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  "$root/scripts/local-mariadb" destroy "$work/mariadb" >/dev/null 2>&1 || true
  rm -rf "$work"
}

# bench_scratch NAME: a scratch directory /tmp/samen-NAME.XXXXXX.
bench_scratch() {
  work=$(mktemp -d "/tmp/samen-$1.XXXXXX")
  # Printed with the tables: a busy machine shows.
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  pids=()
  trap bench_cleanup EXIT
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bench_mariadb() {
  "$root/scripts/local-mariadb" start "$work/mariadb" --port "$(free_port)" >/dev/null
  set -a
  # shellcheck disable=SC1091  # written by local-mariadb at run time
  . "$work/mariadb/env"
  set +a
}

sql() { mariadb --no-defaults -h127.0.0.1 -P"$SAMEN_MYSQL_PORT" -u"$SAMEN_MYSQL_USER" -p"$SAMEN_MYSQL_PASSWORD" "$@"; }
