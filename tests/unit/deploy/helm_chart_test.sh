#!/usr/bin/env bash
# ctest `helm_chart`: the chart at helm/samen passes `helm lint --strict` and renders
# with the default and the production values; the rendered objects hold the
# deployment rules (check_rendered_chart.py); values.schema.json rejects bad values.
#
# Uses the real helm v3 (scripts/install-helm puts it in .local/tools/bin) and python3
# with the yaml module (Debian python3-yaml).
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="${SAMEN_SOURCE_DIR:-$(cd "${here}/../../.." && pwd)}"
chart="${repo}/helm/samen"
work="${HELM_TEST_WORK_DIR:-$(mktemp -d)}"
mkdir -p "${work}"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "FAIL - $*"; }

# --- tools ---------------------------------------------------------------------------
helm_bin="${repo}/.local/tools/bin/helm"
if ! [ -x "${helm_bin}" ]; then
  helm_bin="$("${repo}/scripts/install-helm")" || {
    echo "helm_chart: helm is not installed and scripts/install-helm failed (see above)"
    exit 1
  }
fi
python=""
for candidate in python3 /usr/bin/python3; do
  if "${candidate}" -c 'import yaml' 2>/dev/null; then
    python="${candidate}"
    break
  fi
done
if [ -z "${python}" ]; then
  echo "helm_chart: no python3 with the yaml module; install Debian's python3-yaml (scripts/deps)"
  exit 1
fi
echo "helm_chart: $("${helm_bin}" version --short), ${python}"

# Helm keeps caches and repository config under $HOME by default; keep them here.
export HELM_CACHE_HOME="${work}/cache" HELM_CONFIG_HOME="${work}/config" HELM_DATA_HOME="${work}/data"

helm_template() { "${helm_bin}" template samen "${chart}" --namespace samen "$@"; }

# --- lint and render -------------------------------------------------------------------
for profile in default production; do
  values=()
  [ "${profile}" = production ] && values=(-f "${chart}/values-production.yaml")
  if out="$("${helm_bin}" lint --strict "${chart}" --namespace samen "${values[@]}" 2>&1)"; then
    ok "helm lint --strict (${profile} values)"
  else
    not_ok "helm lint --strict (${profile} values):"
    echo "${out}"
  fi
done

render() {  # render <profile> [helm args...]
  local profile="$1"
  shift
  local file="${work}/${profile}.yaml"
  if ! helm_template "$@" >"${file}" 2>"${work}/${profile}.err"; then
    not_ok "helm template (${profile}):"
    cat "${work}/${profile}.err"
    return
  fi
  ok "helm template (${profile})"
  if "${python}" "${here}/check_rendered_chart.py" render "${profile}" "${file}"; then
    ok "rendered objects hold the rules (${profile})"
  else
    not_ok "rendered objects break the rules (${profile}); rendered YAML in ${file}"
  fi
  if "${python}" "${here}/check_rendered_mail.py" "${profile}" "${file}"; then
    ok "e-mail wiring as configured (${profile})"
  else
    not_ok "e-mail wiring wrong (${profile}); rendered YAML in ${file}"
  fi
}

render default
render production -f "${chart}/values-production.yaml"
render all-services --set services.induction.enabled=true --set services.professionalisation.enabled=true \
  --set probes.serverLiveness=grpc
render partners-only --set services.induction.enabled=false --set services.professionalisation.enabled=false \
  --set services.vacancies.enabled=false --set webhooks.enabled=false --set services.identity.enabled=false
# Webhooks off: the vacancies pods run with --webhook_workers=0 and no egress on 443.
render webhooks-off --set webhooks.enabled=false
render dev-secrets --set mysql.password=dev-password --set auth.hs256.secret=dev-secret-of-at-least-32-bytes-long \
  --set webhooks.secretKey=dev-webhook-passphrase
# Every gateway edge value set (--set-json: --set would turn 2.5 into a string), and
# trustedProxyHops=0 with the Ingress on (0 is a value, not "unset").
render gateway-edge --set-json 'gateway.cors={"allowedOrigins":["https://app.samen.nl","https://beheer.samen.nl"],"allowCredentials":true}' \
  --set-json 'gateway.rateLimit={"rps":2.5,"burst":10,"anonymousRps":0,"anonymousBurst":3}' \
  --set gateway.requestTimeout=45s --set gateway.streamTimeout=1h30m --set gateway.webRoot= \
  --set ingress.enabled=true --set gateway.trustedProxyHops=0
# The Ingress on and trustedProxyHops null: the gateway trusts one hop.
render ingress --set ingress.enabled=true --set gateway.trustedProxyHops=null
# The identity service with everything set: two signing keys in order, three providers
# (two sharing a Secret), a CA bundle, auth.mode none, another gateway Service port.
render identity -f "${here}/values-identity.yaml"
# E-mail through a STARTTLS relay: credentials from a Secret, an internal CA, egress to
# the relay's port only.
render mail -f "${here}/values-mail.yaml"

if "${python}" "${here}/check_rendered_chart.py" schema "${chart}/values.yaml" "${chart}/values.schema.json"; then
  ok "values.schema.json describes every value and closes every object"
else
  not_ok "values.schema.json misses values"
fi

# --- values the chart must refuse ------------------------------------------------------
# refuse <what> <expected message part> <helm args...>
refuse() {
  local what="$1" expect="$2"
  shift 2
  local out
  if out="$(helm_template "$@" 2>&1 >/dev/null)"; then
    not_ok "accepted ${what} ($*)"
  elif ! grep -qiF -- "${expect}" <<<"${out}"; then
    not_ok "refused ${what} ($*), but not with '${expect}':"
    echo "${out}"
  else
    ok "refuses ${what}"
  fi
}

refuse "a negative replica count" "Must be greater than or equal to 0" --set gateway.replicaCount=-1
refuse "a replica count of the wrong type" "Invalid type" --set-string services.partners.replicaCount=two
refuse "an unknown top-level value" "Additional property replicas is not allowed" --set replicas=3
refuse "an unknown nested value" "Additional property replicaCont is not allowed" --set gateway.replicaCont=3
refuse "a relative web root" "webRoot" --set gateway.webRoot=web/dist
refuse "an unknown service" "Additional property billing is not allowed" --set services.billing.enabled=true
refuse "an unknown log level" "logLevel" --set logLevel=verbose
refuse "a root user id" "Must be greater than or equal to 1" --set podSecurity.runAsUser=0
refuse "a malformed resource quantity" "Does not match pattern" --set gateway.resources.requests.memory=lots
refuse "a malformed disruption budget" "maxUnavailable" --set services.partners.podDisruptionBudget.maxUnavailable=half
refuse "a port out of range" "Must be less than or equal to 65535" --set mysql.port=70000
refuse "jwks mode without keys" "auth.jwks.existingConfigMap" --set auth.mode=jwks
refuse "an HS256 secret shorter than 32 bytes" "auth.hs256.secret" --set auth.hs256.secret=short
refuse "hs256 mode without a secret" "auth.hs256.existingSecret" --set auth.hs256.existingSecret=
refuse "no MySQL password source" "mysql.existingSecret" --set mysql.existingSecret=
refuse "no service at all" "enable at least one service" --set services.partners.enabled=false \
  --set services.induction.enabled=false --set services.professionalisation.enabled=false \
  --set services.vacancies.enabled=false --set services.identity.enabled=false
refuse "a service without the partners service it calls" "calls partners over gRPC" \
  --set services.partners.enabled=false
refuse "an unknown webhooks value" "Additional property secret is not allowed" --set webhooks.secret=x
refuse "a malformed webhook egress peer" "Additional property cidr is not allowed" \
  --set 'networkPolicy.webhooksTo[0].cidr=0.0.0.0/0'
refuse "both PDB fields" "only one of maxUnavailable and minAvailable" \
  --set services.partners.podDisruptionBudget.minAvailable=1
refuse "an HPA with min above max" "minReplicas is larger than maxReplicas" \
  --set gateway.autoscaling.enabled=true --set gateway.autoscaling.minReplicas=5 --set gateway.autoscaling.maxReplicas=2
refuse "an Ingress without hosts" "ingress.hosts" --set ingress.enabled=true --set 'ingress.hosts=null'
refuse "CORS for any origin with credentials" "gateway.cors.allowCredentials" \
  --set 'gateway.cors.allowedOrigins={https://app.samen.nl,*}' --set gateway.cors.allowCredentials=true
refuse "CORS for any origin with credentials, without the schema" "cannot be combined with allowCredentials" \
  --skip-schema-validation --set 'gateway.cors.allowedOrigins={*}' --set gateway.cors.allowCredentials=true
refuse "a CORS origin with a path" "Does not match pattern" --set 'gateway.cors.allowedOrigins={https://app.samen.nl/}'
refuse "a negative rate limit" "Must be greater than or equal to 0" --set gateway.rateLimit.anonymousRps=-1
refuse "a fractional burst" "Invalid type" --set-json 'gateway.rateLimit.burst=1.5'
refuse "a proxy hop count of the wrong type" "gateway.trustedProxyHops" --set gateway.trustedProxyHops=one
refuse "a timeout without a unit" "Does not match pattern" --set-string gateway.streamTimeout=600

# E-mail.
refuse "a mail relay without a From" "mail.from is required" --set mail.smtpUrl=smtp://relay.example:587
refuse "an smtps:// relay without implicit TLS" "set mail.tls=implicit" \
  --set mail.smtpUrl=smtps://relay.example --set mail.from=noreply@school.example
refuse "implicit TLS on an smtp:// relay" "needs an smtps://" \
  --set mail.smtpUrl=smtp://relay.example --set mail.tls=implicit --set mail.from=noreply@school.example
refuse "a relay URL of another scheme" "Does not match pattern" --set mail.smtpUrl=https://relay.example
refuse "an unknown TLS mode" "mail.tls" --set mail.tls=tls
refuse "an unknown mail value" "Additional property password is not allowed" --set mail.password=x
refuse "a relay port out of range" "Must be less than or equal to 65535" --set mail.smtpPort=70000
# The identity service.
provider='{"id":"entra","displayName":"Microsoft","issuer":"https://login.microsoftonline.com/t/v2.0","clientId":"c"'
refuse "the identity service without a public URL" "identity.publicUrl is required" --set identity.publicUrl=
refuse "the identity service without a public URL, without the schema" "identity.publicUrl is required" \
  --skip-schema-validation --set identity.publicUrl=
refuse "a public URL with a path" "Does not match pattern" --set identity.publicUrl=https://samen.example.nl/
refuse "no signing key listed" "identity.signingKeys.keys: list at least one key" \
  --set-json 'identity.signingKeys.keys=[]'
refuse "no signing key Secret" "identity.signingKeys.existingSecret" --set identity.signingKeys.existingSecret=
refuse "a signing key name that is a path" "Does not match pattern" --set 'identity.signingKeys.keys={../key.pem}'
refuse "a signing key listed twice" "identity.signingKeys.keys" --set 'identity.signingKeys.keys={a.pem,a.pem}'
refuse "an access token lifetime over 15 minutes" "at most 15 minutes" --set identity.lifetimes.accessToken=16m
refuse "a lifetime without a unit" "Does not match pattern" --set-string identity.lifetimes.sessionIdle=7200
refuse "a client secret value in the values" "Additional property value is not allowed" \
  --set-json "identity.providers=[${provider},\"clientSecret\":{\"value\":\"s3cret\"}}]"
refuse "a provider without its client secret" "clientSecret is required" --set-json "identity.providers=[${provider}}]"
refuse "a provider id used twice" "is used twice" --set-json "identity.providers=[${provider},\"clientSecret\":{\"existingSecret\":\"s\",\"key\":\"k\"}},${provider},\"clientSecret\":{\"existingSecret\":\"s\",\"key\":\"k2\"}}]"
refuse "a provider issuer over http" "Does not match pattern" \
  --set-json "identity.providers=[{\"id\":\"x\",\"displayName\":\"X\",\"issuer\":\"http://idp.example\",\"clientId\":\"c\",\"clientSecret\":{\"existingSecret\":\"s\",\"key\":\"k\"}}]"
refuse "an issuer other than the public URL" "leave auth.issuer empty" --set auth.issuer=https://login.example.nl
refuse "auth.mode none without the identity service" "auth.mode=none" --set auth.mode=none \
  --set services.identity.enabled=false
refuse "the identity service without partners" "identity calls partners over gRPC" --set services.partners.enabled=false \
  --set services.induction.enabled=false --set services.professionalisation.enabled=false \
  --set services.vacancies.enabled=false

echo "helm_chart: ${passed} passed, ${failed} failed"
[ "${failed}" -eq 0 ]
