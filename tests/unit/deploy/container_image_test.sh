#!/usr/bin/env bash
# ctest `container_image`: the runtime image can run the binaries. There is no container
# engine on these machines, so instead of building the image this checks its recipe:
#
#   1. every shared library samen-server and samen-gateway load (ldd, transitively) is
#      owned (dpkg -S) by a package listed in docker/runtime-packages.txt;
#   2. the Dockerfile's runtime stage is debian bookworm-slim, installs exactly that
#      list, runs as the non-root user 10001 and starts samen-server;
#   3. its build stage installs through scripts/deps and builds Release without tests;
#   4. its web stage builds web/ with Debian's nodejs and npm (npm ci, npm run build) and
#      the runtime stage carries web/dist in /usr/share/samen/web (gateway.webRoot).
#
# Usage: container_image_test.sh [--bin-dir DIR] [BINARY...]
#   Explicit binaries must exist; without any, DIR/samen-server and DIR/samen-gateway
#   are used, whichever exist (at least one must).
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="${SAMEN_SOURCE_DIR:-$(cd "${here}/../../.." && pwd)}"
packages_file="${repo}/docker/runtime-packages.txt"
dockerfile="${repo}/Dockerfile"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "FAIL - $*"; }
finish() {
  echo "container_image: ${passed} passed, ${failed} failed"
  [ "${failed}" -eq 0 ]
  exit
}

bin_dir="${SAMEN_BIN_DIR:-}"
binaries=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bin-dir) bin_dir="$2"; shift 2 ;;
    *) binaries+=("$1"); shift ;;
  esac
done
if [ ${#binaries[@]} -eq 0 ] && [ -n "${bin_dir}" ]; then
  for b in samen-server samen-gateway; do
    [ -x "${bin_dir}/${b}" ] && binaries+=("${bin_dir}/${b}")
  done
fi
if [ ${#binaries[@]} -eq 0 ]; then
  not_ok "no samen-server or samen-gateway binary to check (build them first; looked in '${bin_dir}')"
  finish
fi
command -v dpkg >/dev/null && command -v ldd >/dev/null || {
  not_ok "dpkg and ldd are needed (the image is Debian; so must the build machine be)"
  finish
}

# --- the package list -------------------------------------------------------------------
if ! [ -r "${packages_file}" ]; then
  not_ok "${packages_file} is missing"
  finish
fi
mapfile -t listed < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "${packages_file}")
declare -A in_list=()
for p in "${listed[@]}"; do in_list["${p}"]=1; done
if [ ${#listed[@]} -gt 0 ]; then ok "docker/runtime-packages.txt lists ${#listed[@]} packages"; else not_ok "docker/runtime-packages.txt lists no package"; fi
for p in "${listed[@]}"; do
  if ! dpkg-query -W "${p}" >/dev/null 2>&1 && ! apt-cache show "${p}" >/dev/null 2>&1; then
    not_ok "runtime package ${p} is unknown to dpkg and apt (a typo, or not in bookworm?)"
  fi
done

# --- 1. every loaded library comes from a listed package -----------------------------------
# Owner package of a library path. Bookworm merges /lib into /usr/lib, but dpkg records
# files under the path their package shipped, so both spellings (and the symlink's
# target) are tried.
owner_of() {
  local path="$1" candidates=() c
  candidates+=("${path}" "$(readlink -f "${path}")")
  for c in "${candidates[@]}"; do
    case "${c}" in
      /usr/lib/*) candidates+=("${c#/usr}") ;;
      /lib/* | /lib64/*) candidates+=("/usr${c}") ;;
    esac
  done
  for c in "${candidates[@]}"; do
    local out
    if out="$(dpkg -S "${c}" 2>/dev/null)"; then
      # "libfoo1:amd64: /path" -> "libfoo1"; diversions print other lines first.
      grep -v '^diversion' <<<"${out}" | head -n1 | cut -d: -f1
      return 0
    fi
  done
  return 1
}

declare -A used=()
for binary in "${binaries[@]}"; do
  name="$(basename "${binary}")"
  if ! [ -x "${binary}" ]; then
    not_ok "${name}: ${binary} does not exist (its target is defined, so the build should have made it)"
    continue
  fi
  if ! ldd_out="$(ldd "${binary}" 2>&1)"; then
    not_ok "${name}: ldd failed: ${ldd_out}"
    continue
  fi
  if grep -q 'not found' <<<"${ldd_out}"; then
    not_ok "${name}: unresolved libraries even on the build machine: $(grep 'not found' <<<"${ldd_out}" | tr -s ' \t' ' ')"
  fi
  # "libx.so.1 => /usr/lib/.../libx.so.1 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
  mapfile -t libs < <(awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<<"${ldd_out}" | sort -u)
  missing=()
  declare -A needed=()
  for lib in "${libs[@]}"; do
    case "$(basename "${lib}")" in
      libasan.so* | libubsan.so* | libtsan.so* | liblsan.so*)
        echo "note - ${name}: ignoring sanitizer runtime ${lib} (the image builds without sanitizers)"
        continue ;;
    esac
    if ! pkg="$(owner_of "${lib}")"; then
      missing+=("${lib} (no Debian package owns it: built or copied by hand?)")
      continue
    fi
    needed["${pkg}"]=1
    if [ -z "${in_list[${pkg}]:-}" ]; then
      missing+=("${lib} (package ${pkg})")
    fi
  done
  if [ ${#libs[@]} -lt 3 ]; then
    not_ok "${name}: ldd found only ${#libs[@]} libraries; expected the gRPC, protobuf and libc ones"
  elif [ ${#missing[@]} -eq 0 ]; then
    ok "${name}: its ${#libs[@]} libraries come from listed packages ($(printf '%s\n' "${!needed[@]}" | sort | tr '\n' ' '))"
  else
    not_ok "${name}: libraries whose package is not in docker/runtime-packages.txt:"
    printf '       %s\n' "${missing[@]}"
  fi
  for pkg in "${!needed[@]}"; do used["${pkg}"]=1; done
  unset needed
done
unused=()
for p in "${listed[@]}"; do
  case "${p}" in lib*) [ -z "${used[${p}]:-}" ] && unused+=("${p}") ;; esac
done
if [ ${#unused[@]} -gt 0 ]; then
  echo "note - listed library packages no checked binary loads (fine if another binary needs them): ${unused[*]}"
fi

# --- 2. and 3. the Dockerfile ------------------------------------------------------------
if ! [ -r "${dockerfile}" ]; then
  not_ok "Dockerfile is missing"
  finish
fi
# Joins continuation lines and drops comments, then splits into stages.
flat="$(sed -e '/^[[:space:]]*#/d' "${dockerfile}" | sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta')"
stage_of() {  # prints the instructions of stage "$1" (FROM ... AS $1 up to the next FROM)
  awk -v want="$1" 'toupper($1) == "FROM" { cur = tolower($NF); inside = (toupper($(NF-1)) == "AS" && cur == want) }
                    inside' <<<"${flat}"
}
runtime="$(stage_of runtime)"
build="$(stage_of build)"
last_from="$(grep -iE '^FROM ' <<<"${flat}" | tail -n1)"
release="$(grep -iE '^ARG DEBIAN_RELEASE=' <<<"${flat}" | head -n1 | cut -d= -f2)"

if [ -n "${runtime}" ] && grep -qiE '^FROM .* AS runtime$' <<<"${last_from}"; then
  ok "Dockerfile: the runtime stage is the final stage"
else
  not_ok "Dockerfile: no final stage named 'runtime'"
fi
base="$(head -n1 <<<"${runtime}" | awk '{print $2}')"
base="${base//\$\{DEBIAN_RELEASE\}/${release}}"
if [ "${base}" = "debian:bookworm-slim" ]; then ok "Dockerfile: runtime base is ${base}"; else not_ok "Dockerfile: runtime base is '${base}', expected debian:bookworm-slim"; fi

installs="$(grep -E 'apt-get install' <<<"${runtime}")"
if grep -qE 'COPY +docker/runtime-packages\.txt +/tmp/runtime-packages\.txt' <<<"${runtime}" &&
  [ "$(grep -c 'apt-get install' <<<"${installs}")" -eq 1 ] &&
  grep -qE "sed [^|]*/tmp/runtime-packages\.txt *\| *xargs apt-get install -y --no-install-recommends *( |&&|$)" <<<"${installs}"; then
  ok "Dockerfile: the runtime stage installs exactly docker/runtime-packages.txt"
else
  not_ok "Dockerfile: the runtime stage must COPY docker/runtime-packages.txt and install it with one 'sed ... | xargs apt-get install -y --no-install-recommends'; found: ${installs:-no apt-get install}"
fi
# The list's comment/blank-line filter in the Dockerfile must read it as this test does.
filter="$(grep -oE "sed (-e '[^']*' ?)+" <<<"${installs}" | head -n1)"
if [ -n "${filter}" ] && diff <(eval "${filter} ${packages_file}" | sed 's/[[:space:]]//g') <(printf '%s\n' "${listed[@]}") >/dev/null; then
  ok "Dockerfile: its filter of the package list yields the same ${#listed[@]} packages"
else
  not_ok "Dockerfile: its filter of docker/runtime-packages.txt ('${filter}') yields other packages than the list"
fi
if grep -qE '^USER +10001(:10001)?$' <<<"${runtime}"; then ok "Dockerfile: runs as user 10001"; else not_ok "Dockerfile: the runtime stage does not end as USER 10001"; fi
if grep -qE 'useradd .*--uid 10001' <<<"${runtime}"; then ok "Dockerfile: creates user 10001"; else not_ok "Dockerfile: no useradd --uid 10001"; fi
if grep -qE '^ENTRYPOINT \["samen-server"\]$' <<<"${runtime}"; then ok "Dockerfile: entrypoint samen-server"; else not_ok "Dockerfile: ENTRYPOINT is not [\"samen-server\"]"; fi
for b in samen-server samen-gateway; do
  if grep -q "/build/bin/${b}" <<<"${build}"; then ok "Dockerfile: the build stage builds ${b}"; else not_ok "Dockerfile: the build stage does not install ${b}"; fi
done
if grep -qE '^LABEL .*org\.opencontainers\.image\.title' <<<"${runtime}"; then ok "Dockerfile: OCI labels"; else not_ok "Dockerfile: no org.opencontainers.image labels"; fi
build_base="$(head -n1 <<<"${build}" | awk '{print $2}')"
build_base="${build_base//\$\{DEBIAN_RELEASE\}/${release}}"
if [ "${build_base}" = "debian:bookworm" ] && grep -q './scripts/deps' <<<"${build}" &&
  grep -q -- '-DSAMEN_BUILD_TESTS=OFF' <<<"${build}" && grep -q -- '-DCMAKE_BUILD_TYPE=Release' <<<"${build}"; then
  ok "Dockerfile: build stage on debian:bookworm via scripts/deps, Release, no tests"
else
  not_ok "Dockerfile: the build stage must be debian:bookworm, run ./scripts/deps and build Release with -DSAMEN_BUILD_TESTS=OFF"
fi
web="$(stage_of web)"
web_base="$(head -n1 <<<"${web}" | awk '{print $2}')"
web_base="${web_base//\$\{DEBIAN_RELEASE\}/${release}}"
if [ "${web_base}" = "debian:bookworm" ] && grep -qE 'apt-get install .*nodejs' <<<"${web}" &&
  grep -qE 'apt-get install .*npm' <<<"${web}" && grep -qE '^WORKDIR +/src/web$' <<<"${web}" &&
  grep -qE '^RUN npm ci( |$)' <<<"${web}" && grep -qE '^RUN npm run build$' <<<"${web}" &&
  grep -qE '^COPY +--from=web +/src/web/dist/ +/usr/share/samen/web/$' <<<"${runtime}"; then
  ok "Dockerfile: a web stage builds web/ (npm ci, npm run build) into /usr/share/samen/web"
else
  not_ok "Dockerfile: a 'web' stage on debian:bookworm must install nodejs and npm, run npm ci and npm run build in /src/web, and the runtime stage must COPY --from=web /src/web/dist/ /usr/share/samen/web/ (the chart's gateway.webRoot)"
fi
if [ -r "${repo}/.dockerignore" ] && grep -qE '^/?build' "${repo}/.dockerignore" && grep -qE '^/?\.local' "${repo}/.dockerignore"; then
  ok ".dockerignore keeps build trees and .local out of the context"
else
  not_ok ".dockerignore must exclude build trees and .local"
fi

finish
