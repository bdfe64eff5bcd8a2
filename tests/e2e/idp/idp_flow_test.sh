#!/usr/bin/env bash
# The local identity provider (idp/, scripts/local-idp) driven with curl through the real
# authorization-code flow: PKCE S256, the login form, the token endpoint with
# client_secret_basic, the ID token's claims, a wrong password, the native app client on a
# loopback port, RP-initiated logout, and a restart that keeps the signing keys.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/samen-idp-test.XXXXXX")
state="$work/idp"
jar="$work/cookies"
cleanup() { "$root/scripts/local-idp" stop "$state" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
# check_that WHAT 'shell condition': for conditions of more than one command.
check_that() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ] || exit 1; exit 0; }
die() { fail "$*"; [ -f "$state/idp.log" ] && tail -20 "$state/idp.log"; finish; }

export SAMEN_IDP_WEB_CLIENT_SECRET=test-secret
export SAMEN_IDP_WEB_REDIRECT_URIS=http://localhost:8080/auth/callback
export SAMEN_IDP_WEB_POST_LOGOUT_URIS=http://localhost:8080/
unset SAMEN_IDP_ISSUER SAMEN_IDP_PASSWORD SAMEN_IDP_ACCOUNTS SAMEN_IDP_PORT

"$root/scripts/local-idp" start "$state" || die "scripts/local-idp start"
# shellcheck disable=SC1091
. "$state/env"
iss=$SAMEN_IDP_ISSUER
ok "provider started at $iss"
check "status answers" "$root/scripts/local-idp" status "$state"

py() { python3 -I -S -c "$@"; }
urlenc() { py 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
rand() { py 'import secrets; print(secrets.token_urlsafe(32))'; }
challenge() { py 'import sys,hashlib,base64; print(base64.urlsafe_b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).rstrip(b"=").decode())' "$1"; }
query_param() { py 'import sys,urllib.parse; q=urllib.parse.parse_qs(urllib.parse.urlsplit(sys.argv[1]).query); print(q.get(sys.argv[2],[""])[0])' "$1" "$2"; }
json_field() { py 'import sys,json; v=json.load(sys.stdin).get(sys.argv[1]); print(json.dumps(v) if not isinstance(v,str) else v)' "$1"; }
jwt_payload() { py 'import sys,base64; p=sys.argv[1].split(".")[1]; print(base64.urlsafe_b64decode(p+"="*(-len(p)%4)).decode())' "$1"; }
jwt_header() { py 'import sys,base64; p=sys.argv[1].split(".")[0]; print(base64.urlsafe_b64decode(p+"="*(-len(p)%4)).decode())' "$1"; }

discovery=$(curl -fsS "$iss/.well-known/openid-configuration")
auth_ep=$(json_field authorization_endpoint <<<"$discovery")
token_ep=$(json_field token_endpoint <<<"$discovery")
end_ep=$(json_field end_session_endpoint <<<"$discovery")
check "discovery names the issuer" [ "$(json_field issuer <<<"$discovery")" = "$iss" ]
check_that "discovery has an end_session_endpoint" '[ -n "$end_ep" ] && [ "$end_ep" != null ]'
check "/healthz answers 200" [ "$(curl -s -o /dev/null -w '%{http_code}' "$iss/healthz")" = 200 ]

# GET URL with the cookie jar, no redirects followed; sets status, location and body.
get() {
  local out
  out=$(curl -sS -b "$jar" -c "$jar" -o "$work/body" -w '%{http_code} %{redirect_url}' "$@")
  status=${out%% *}; location=${out#* }; body=$(cat "$work/body")
}
# Follows redirects on the provider until one leaves it (the client's redirect URI, which
# is not fetched) or a page answers.
follow() {
  while [[ "$status" == 30[1-37] && "$location" == "$iss"/* ]]; do get "$location"; done
}

# Starts an authorization request; leaves the login page (or the final redirect) in
# status/location/body. Sets verifier, state_value, nonce.
authorize() {
  local client=$1 redirect=$2
  verifier=$(rand); state_value=$(rand); nonce=$(rand)
  get "$auth_ep?client_id=$client&response_type=code&scope=openid%20email%20profile&redirect_uri=$(urlenc "$redirect")&state=$state_value&nonce=$nonce&code_challenge=$(challenge "$verifier")&code_challenge_method=S256"
  follow
}

login() {
  local action
  action=$(grep -o '<form method="post" action="[^"]*"' <<<"$body" | sed 's/.*action="//; s/"$//')
  [ -n "$action" ] || die "no login form (status $status)"
  get "$iss$action" --data-urlencode "email=$1" --data-urlencode "password=$2"
}

# ---- samen-web: the whole flow
web_redirect=http://localhost:8080/auth/callback
authorize samen-web "$web_redirect"
check "authorization request shows the login page" [ "$status" = 200 ]
check "login page is Dutch" grep -q 'Inloggen bij .* (demo)' <<<"$body"
check "login form has email and password inputs" grep -q 'name="password"' <<<"$body"

login noor.jansen@almerecollege.example wrong-password || true
check "wrong password answers 401" [ "$status" = 401 ]
check "wrong password shows the error" grep -q 'E-mailadres of wachtwoord klopt niet' <<<"$body"
check "wrong password gives no code" [ -z "$location" ]

login noor.jansen@almerecollege.example demo
follow
check "login redirects to the redirect URI" [ "${location%%\?*}" = "$web_redirect" ]
code=$(query_param "$location" code)
check "redirect carries a code" [ -n "$code" ]
check "redirect carries the state" [ "$(query_param "$location" state)" = "$state_value" ]
check "redirect carries iss" [ "$(query_param "$location" iss)" = "$iss" ]

tokens=$(curl -sS -u "samen-web:$SAMEN_IDP_WEB_CLIENT_SECRET" "$token_ep" \
  --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
  --data-urlencode "redirect_uri=$web_redirect" --data-urlencode "code_verifier=$verifier")
id_token=$(json_field id_token <<<"$tokens")
[ -n "$id_token" ] && [ "$id_token" != null ] || die "token endpoint gave no id_token: $tokens"
ok "code exchanged with client_secret_basic and the code verifier"
claims=$(jwt_payload "$id_token")
claim() { json_field "$1" <<<"$claims"; }
check "id token iss" [ "$(claim iss)" = "$iss" ]
check "id token aud" [ "$(claim aud)" = samen-web ]
check "id token nonce" [ "$(claim nonce)" = "$nonce" ]
check "id token email" [ "$(claim email)" = noor.jansen@almerecollege.example ]
check "id token email_verified" [ "$(claim email_verified)" = true ]
check "id token name" [ "$(claim name)" = "Noor Jansen (demo)" ]
sub=$(claim sub)
check "id token sub is the provider's own" [ "${sub#entra-}" != "$sub" ]
check "id token signed with RS256" grep -q '"alg": *"RS256"' <<<"$(jwt_header "$id_token")"
kid=$(json_field kid <<<"$(jwt_header "$id_token")")

replay=$(curl -sS -u "samen-web:$SAMEN_IDP_WEB_CLIENT_SECRET" "$token_ep" \
  --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
  --data-urlencode "redirect_uri=$web_redirect" --data-urlencode "code_verifier=$verifier")
check "a code works once" [ "$(json_field error <<<"$replay")" = invalid_grant ]

authorize samen-web "$web_redirect"
code2=$(query_param "$location" code)
check "signed in already: the next request gets a code without the login page" [ -n "$code2" ]
bad=$(curl -sS -u "samen-web:$SAMEN_IDP_WEB_CLIENT_SECRET" "$token_ep" \
  --data-urlencode grant_type=authorization_code --data-urlencode "code=$code2" \
  --data-urlencode "redirect_uri=$web_redirect" --data-urlencode "code_verifier=$(rand)")
check "a wrong code verifier is refused" [ "$(json_field error <<<"$bad")" = invalid_grant ]

get "$auth_ep?client_id=samen-web&response_type=code&scope=openid&redirect_uri=$(urlenc "$web_redirect")&state=x&nonce=y"
check_that "samen-web without PKCE is refused" \
  '[ "$(query_param "$location" error)" = invalid_request ] && [ -z "$(query_param "$location" code)" ]'

# ---- samen-app: a public native client on any loopback port
app_redirect=http://127.0.0.1:53187/callback
authorize samen-app "$app_redirect"
check "samen-app (signed in already) gets a code on a loopback port" [ "${location%%\?*}" = "$app_redirect" ]
app_code=$(query_param "$location" code)
app_tokens=$(curl -sS "$token_ep" --data-urlencode client_id=samen-app \
  --data-urlencode grant_type=authorization_code --data-urlencode "code=$app_code" \
  --data-urlencode "redirect_uri=$app_redirect" --data-urlencode "code_verifier=$verifier")
app_claims=$(jwt_payload "$(json_field id_token <<<"$app_tokens")")
check "samen-app id token aud" [ "$(json_field aud <<<"$app_claims")" = samen-app ]
check "samen-app id token has the same subject" [ "$(json_field sub <<<"$app_claims")" = "$sub" ]

# ---- RP-initiated logout
get "$end_ep?id_token_hint=$id_token&post_logout_redirect_uri=$(urlenc http://localhost:8080/)&state=bye"
check "logout asks for confirmation" [ "$status" = 200 ]
xsrf=$(grep -o 'name="xsrf" value="[^"]*"' <<<"$body" | sed 's/.*value="//; s/"$//')
confirm=$(grep -o '<form [^>]*action="[^"]*"' <<<"$body" | sed 's/.*action="//; s/"$//')
check "logout form has an xsrf field" [ -n "$xsrf" ]
get "$iss${confirm#"$iss"}" --data-urlencode "xsrf=$xsrf" --data-urlencode logout=yes
follow
check "logout redirects to the post-logout URI with the state" [ "$location" = "http://localhost:8080/?state=bye" ]
authorize samen-web "$web_redirect"
check_that "after logout the login page comes back" '[ "$status" = 200 ] && grep -q "name=\"password\"" <<<"$body"'

# ---- the unverified account
login onbevestigd@almerecollege.example demo
follow
code=$(query_param "$location" code)
tokens=$(curl -sS -u "samen-web:$SAMEN_IDP_WEB_CLIENT_SECRET" "$token_ep" \
  --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
  --data-urlencode "redirect_uri=$web_redirect" --data-urlencode "code_verifier=$verifier")
claims=$(jwt_payload "$(json_field id_token <<<"$tokens")")
check "the unverified account has email_verified false" [ "$(claim email_verified)" = false ]

# ---- a restart keeps the signing keys
"$root/scripts/local-idp" stop "$state"
check "stop stops it" bash -c "! '$root/scripts/local-idp' status '$state'"
"$root/scripts/local-idp" start "$state" || die "restart"
check "restart keeps the signing key" grep -q "\"$kid\"" <<<"$(curl -fsS "$iss/jwks")"
"$root/scripts/local-idp" stop "$state"

finish
