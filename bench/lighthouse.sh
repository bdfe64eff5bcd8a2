#!/usr/bin/env bash
# Lighthouse (mobile: a mid-range phone on a slow 4G connection, simulated) on the
# Samen app as a signed-in starter, against the real stack: a private MariaDB with
# the demo data, samen-server, the local identity provider (scripts/local-idp) and
# samen-gateway serving the built app (--web_root). Prints performance,
# accessibility and best practices per page with the goals beside them
# (≥ 90, 100, ≥ 95), and the audits that cost points where a goal is missed.
#
#   bench/lighthouse.sh [PATH ...]      default: / /boeken (the starter's home and booking)
#
# LIGHTHOUSE_EMAIL picks the demo person (default Noor, the demo starter);
# SAMEN_BUILD_DIR the build (default build/); SAMEN_WEB_ROOT the built app
# (default web/dist, built here when missing); CHROME_PATH the browser
# (default /usr/bin/chromium); KEEP=1 leaves the database and the reports
# (scratch directory printed). Needs a build with samen-server and samen-gateway,
# the app built (scripts/web-build; done here when web/dist is missing), node,
# npm and Debian's chromium. Lighthouse 12.8.2 comes from bench/lighthouse's own
# lock file (npm ci, offline first), so the app's npm ci stays small. About a
# minute plus ~15 s per page.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SAMEN_BUILD_DIR:-$root/build}
chrome=${CHROME_PATH:-/usr/bin/chromium}
email=${LIGHTHOUSE_EMAIL:-noor.jansen@almerecollege.example}
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/ /boeken)

die() { echo "lighthouse: $*" >&2; exit 1; }
for bin in samen-server samen-gateway; do
  [ -x "$build/bin/$bin" ] || die "$build/bin/$bin is missing: run scripts/build"
done
flags=$("$build/bin/samen-gateway" --helpfull 2>&1 || true)
[[ $flags == *--web_root* ]] \
  || die "$build/bin/samen-gateway has no --web_root (serving the app): build a newer one"
[ -x "$chrome" ] || die "no browser at $chrome (apt-get install chromium, or set CHROME_PATH)"
web_root=${SAMEN_WEB_ROOT:-$root/web/dist}
[ -n "${SAMEN_WEB_ROOT:-}" ] || [ -f "$web_root/index.html" ] || "$root/scripts/web-build"
[ -f "$web_root/index.html" ] || die "no built app in $web_root"
[ -d "$root/web/node_modules/playwright-core" ] || "$root/scripts/web-build"

lh="$root/bench/lighthouse"
stamp="$lh/node_modules/.samen-lock.sha256"
want=$(sha256sum "$lh/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  (cd "$lh" && { npm ci --offline --no-audit --no-fund --loglevel=error >/dev/null 2>&1 \
    || npm ci --no-audit --no-fund --loglevel=error; })
  echo "$want" >"$stamp"
fi

# shellcheck source=bench/lib/private_stack.sh
. "$root/bench/lib/private_stack.sh"
bench_scratch lighthouse
bench_mariadb

http_port=$(free_port)
grpc_port=$(free_port)
idp_port=$(free_port)
gateway="http://localhost:$http_port"
mkdir -p "$work/logs"

# Samen's sign-in: a web client secret shared with the provider, a signing key
# and the provider list (as scripts/run and tests/support/sign_in_stack.cc).
secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$secret" >"$work/web-secret"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/signing.pem" 2>/dev/null
cat >"$work/providers.json" <<JSON
{"providers": [{"id": "demo", "displayName": "Schoolaccount (demo)",
  "issuer": "http://localhost:$idp_port", "clientId": "samen-web",
  "clientSecretFile": "$work/web-secret", "nativeClientIds": ["samen-app"]}]}
JSON
SAMEN_IDP_WEB_CLIENT_SECRET=$secret SAMEN_IDP_WEB_REDIRECT_URIS="$gateway/auth/callback" \
  SAMEN_IDP_WEB_POST_LOGOUT_URIS="$gateway/" "$root/scripts/local-idp" start "$work/idp" --port "$idp_port"
pids+=("$(cat "$work/idp/idp.pid")")

"$build/bin/samen-server" migrate --services=all 2>>"$work/logs/migrate.log"
for demo in "$root"/db/demo/*.sql; do
  service=$(basename "$demo" .sql)
  sql "samen_$service" <"$demo"
done

"$build/bin/samen-server" --services=all --listen="127.0.0.1:$grpc_port" --log_level=warning \
  --signing_keys="$work/signing.pem" --identity_providers_file="$work/providers.json" \
  --jwt_issuer="$gateway" --jwt_audience=samen --jwks_url="http://127.0.0.1:$http_port/.well-known/jwks.json" \
  >>"$work/logs/server.log" 2>&1 &
pids+=($!)
"$build/bin/samen-gateway" --listen="127.0.0.1:$http_port" --backend="127.0.0.1:$grpc_port" \
  --public_url="$gateway" --jwt_issuer="$gateway" --jwt_audience=samen \
  --web_root="$web_root" --anonymous_rate_limit_rps=0 --log_level=warning \
  >>"$work/logs/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 150); do
  curl -fsS "$gateway/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$gateway/readyz" >/dev/null 2>&1 \
  || { tail -5 "$work/logs/server.log" "$work/logs/gateway.log" >&2; die "the stack did not become ready"; }

# Lighthouse opens its own browser; the session cookie of a real sign-in goes
# along with every request it makes (--extra-headers).
cookie=$(CHROME_PATH=$chrome node "$lh/sign-in.mjs" "$gateway" "$email")
node -e 'process.stdout.write(JSON.stringify({Cookie: process.argv[1]}))' "$cookie" >"$work/headers.json"

echo "Lighthouse $(node -p "require('$lh/node_modules/lighthouse/package.json').version") (mobile, simulated throttling), signed in as $email; load ${load_start}"
printf '%-13s %-13s  %-13s  %-13s\n' "page" "performance" "accessibility" "best practices"
n=0
for path in "${paths[@]}"; do
  n=$((n + 1))
  CHROME_PATH=$chrome "$lh/node_modules/.bin/lighthouse" "$gateway$path" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" \
    --only-categories=performance,accessibility,best-practices \
    --extra-headers="$work/headers.json" --output=json --output-path="$work/lighthouse-$n.json" \
    2>>"$work/logs/lighthouse.log" || die "lighthouse failed on $path; see $work/logs/lighthouse.log"
  node "$lh/scores.mjs" "$path" "$work/lighthouse-$n.json"
done
[ -z "${KEEP:-}" ] || echo "reports: $work/lighthouse-*.json"
