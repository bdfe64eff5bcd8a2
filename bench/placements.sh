#!/usr/bin/env bash
# Benchmark: one placement round solved by the real solver (COIN-OR CBC through
# samen_placement, the library the Partners service's :propose uses): a
# synthetic round of N students and M schools (default 1,000 and 80; see
# bench/placements/placement_bench.cc for how it is made), solved to proven
# optimality or the time limit. Prints the model's size, the solve time, the
# objective against the solver's lower bound (and the gap), how many students
# got a first or any named preference, and the blockers if some stay unplaced.
# No database or server is involved: this is the solver's cost alone.
#
#   bench/placements.sh [students=1000] [schools=80] [seed=1] [time_limit_s=120]
#
# Needs `placement_bench` built (scripts/build; BUILD_DIR to use another tree).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
bin="$build/bin/placement_bench"
[ -x "$bin" ] || bin="$build/bench/placements/placement_bench"
if [ ! -x "$bin" ]; then
  echo "bench/placements.sh: build placement_bench first (ninja -C $build placement_bench)" >&2
  exit 2
fi
"$bin" "${1:-1000}" "${2:-80}" "${3:-1}" "${4:-120}"
