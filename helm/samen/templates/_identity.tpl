{{/*
The identity service (services.identity, values under identity:): OpenID Connect
sign-in and Samen's own access tokens. Its pods get the signing keys, the providers
file and the providers' client secrets; every service gets --jwks_url (Samen's JWKS,
published by the gateway); the gateway gets --public_url.
*/}}

{{/* "true" when the identity service runs, else empty. */}}
{{- define "samen.identityEnabled" -}}
{{- with .Values.services.identity }}{{ if .enabled }}true{{ end }}{{ end }}
{{- end }}

{{/* Where the identity pods find their files. */}}
{{- define "samen.signingKeysDir" -}}/etc/samen/signing-keys{{- end }}
{{- define "samen.identityProvidersFile" -}}/etc/samen/identity-providers/providers.json{{- end }}
{{- define "samen.identityClientSecretsDir" -}}/etc/samen/identity-client-secrets{{- end }}
{{- define "samen.identityCaFile" -}}/etc/samen/identity-ca/ca.pem{{- end }}

{{/* The ConfigMap holding the providers file. */}}
{{- define "samen.identityProvidersConfigMap" -}}
{{- printf "%s-identity-providers" (include "samen.fullname" .) }}
{{- end }}

{{/*
Samen's JWKS as the services fetch it: the gateway's in-cluster Service (any gateway
replica serves it, from the identity service), e.g.
http://samen-gateway.samen.svc.cluster.local:80/.well-known/jwks.json.
*/}}
{{- define "samen.jwksUrl" -}}
{{- printf "http://%s-gateway.%s.svc.%s:%d/.well-known/jwks.json" (include "samen.fullname" .) .Release.Namespace .Values.clusterDomain (int .Values.gateway.service.port) }}
{{- end }}

{{/*
--signing_keys: the listed keys of the Secret as files, in the listed order. The LAST
one signs new tokens; every one is published in the JWKS. The order is the values'
because file times on a Secret volume say nothing about which key is newest.
*/}}
{{- define "samen.signingKeysFlag" -}}
{{- $dir := include "samen.signingKeysDir" . }}
{{- $files := list }}
{{- range .Values.identity.signingKeys.keys }}
{{- $files = append $files (printf "%s/%s" $dir .) }}
{{- end }}
{{- join "," $files }}
{{- end }}

{{/*
The providers file (--identity_providers_file). Holds no secret: clientSecretFile names
the file of the provider's client secret, mounted from its Secret.
*/}}
{{- define "samen.identityProvidersJson" -}}
{{- $dir := include "samen.identityClientSecretsDir" . }}
{{- $providers := list }}
{{- range .Values.identity.providers }}
{{- $providers = append $providers (dict
      "id" .id
      "displayName" .displayName
      "issuer" .issuer
      "clientId" .clientId
      "clientSecretFile" (printf "%s/%s" $dir .id)
      "nativeClientIds" (default (list) .nativeClientIds)
      "scopes" (default (list "openid" "profile" "email") .scopes)) }}
{{- end }}
{{- dict "providers" $providers | toPrettyJson }}
{{- end }}

{{/* Arguments of the identity pods (besides every service's). */}}
{{- define "samen.identityArgs" -}}
- --signing_keys={{ include "samen.signingKeysFlag" . }}
- --identity_providers_file={{ include "samen.identityProvidersFile" . }}
{{- if .Values.identity.caFile.existingConfigMap }}
- --identity_ca_file={{ include "samen.identityCaFile" . }}
{{- end }}
{{- with .Values.identity.lifetimes }}
- --access_token_ttl={{ .accessToken }}
- --session_idle_timeout={{ .sessionIdle }}
- --session_max_age={{ .sessionMaxAge }}
- --refresh_token_max_age={{ .refreshTokenMaxAge }}
{{- end }}
{{- end }}

{{/*
Volumes of the identity pods: the signing keys (only the listed keys of the Secret,
under their own names), the providers file, the client secrets (one file per provider,
named by its id, from whichever Secrets hold them) and the optional CA bundle. Key
files are readable by the pod's group (fsGroup) only.
*/}}
{{- define "samen.identityVolumes" -}}
- name: signing-keys
  secret:
    secretName: {{ .Values.identity.signingKeys.existingSecret }}
    defaultMode: 288 # 0440
    items:
      {{- range .Values.identity.signingKeys.keys }}
      - key: {{ . | quote }}
        path: {{ . | quote }}
      {{- end }}
- name: identity-providers
  configMap:
    name: {{ include "samen.identityProvidersConfigMap" . }}
    items:
      - key: providers.json
        path: providers.json
{{- with .Values.identity.providers }}
- name: identity-client-secrets
  projected:
    defaultMode: 288 # 0440
    sources:
      {{- range . }}
      - secret:
          name: {{ .clientSecret.existingSecret }}
          items:
            - key: {{ .clientSecret.key | quote }}
              path: {{ .id | quote }}
      {{- end }}
{{- end }}
{{- with .Values.identity.caFile.existingConfigMap }}
- name: identity-ca
  configMap:
    name: {{ . }}
    items:
      - key: {{ $.Values.identity.caFile.key | quote }}
        path: ca.pem
{{- end }}
{{- end }}

{{/* Mounted as directories (not subPath), all read-only. */}}
{{- define "samen.identityVolumeMounts" -}}
- name: signing-keys
  mountPath: {{ include "samen.signingKeysDir" . }}
  readOnly: true
- name: identity-providers
  mountPath: {{ dir (include "samen.identityProvidersFile" .) }}
  readOnly: true
{{- if .Values.identity.providers }}
- name: identity-client-secrets
  mountPath: {{ include "samen.identityClientSecretsDir" . }}
  readOnly: true
{{- end }}
{{- if .Values.identity.caFile.existingConfigMap }}
- name: identity-ca
  mountPath: {{ dir (include "samen.identityCaFile" .) }}
  readOnly: true
{{- end }}
{{- end }}

{{/* Seconds in a duration such as 10m or 1h30m (units h, m, s), as a float. */}}
{{- define "samen.durationSeconds" -}}
{{- $total := 0.0 }}
{{- range regexFindAll "[0-9]+(\\.[0-9]+)?[hms]" (toString .) -1 }}
{{- $number := regexFind "^[0-9]+(\\.[0-9]+)?" . | float64 }}
{{- $unit := trimPrefix (regexFind "^[0-9]+(\\.[0-9]+)?" .) . }}
{{- $total = addf $total (mulf $number (get (dict "h" 3600.0 "m" 60.0 "s" 1.0) $unit)) }}
{{- end }}
{{- $total }}
{{- end }}

{{/* Checks of the identity values; part of samen.validate. */}}
{{- define "samen.validateIdentity" -}}
{{- if include "samen.identityEnabled" . }}
{{- $id := .Values.identity }}
{{- if not $id.publicUrl }}
{{- fail "identity.publicUrl is required with services.identity.enabled: set it to the gateway's public base URL as browsers see it (e.g. https://samen.example.nl, the Ingress host). It becomes the gateway's --public_url (sign-in comes back to <publicUrl>/auth/callback) and the issuer of Samen's tokens" }}
{{- end }}
{{- if not $id.signingKeys.existingSecret }}
{{- fail "identity.signingKeys.existingSecret: name the Secret holding the identity service's signing keys (EC P-256 PEM files, see docs/operations.md)" }}
{{- end }}
{{- if not $id.signingKeys.keys }}
{{- fail "identity.signingKeys.keys: list at least one key of the signing key Secret (the last one listed signs)" }}
{{- end }}
{{- if and .Values.auth.issuer (ne .Values.auth.issuer $id.publicUrl) }}
{{- fail "auth.issuer: with services.identity.enabled every process checks iss against identity.publicUrl; leave auth.issuer empty" }}
{{- end }}
{{- if and .Values.auth.audience (ne .Values.auth.audience $id.audience) }}
{{- fail "auth.audience: with services.identity.enabled every process checks aud against identity.audience; leave auth.audience empty" }}
{{- end }}
{{- $ids := list }}
{{- range $id.providers }}
{{- if has .id $ids }}
{{- fail (printf "identity.providers: the id %q is used twice" .id) }}
{{- end }}
{{- $ids = append $ids .id }}
{{- end }}
{{- $ttl := include "samen.durationSeconds" $id.lifetimes.accessToken | float64 }}
{{- if or (le $ttl 0.0) (gt $ttl 900.0) }}
{{- fail (printf "identity.lifetimes.accessToken: %s is not between 1s and 15m (the identity service issues access tokens for at most 15 minutes)" $id.lifetimes.accessToken) }}
{{- end }}
{{- if gt (include "samen.durationSeconds" $id.lifetimes.sessionIdle | float64) (include "samen.durationSeconds" $id.lifetimes.sessionMaxAge | float64) }}
{{- fail "identity.lifetimes: sessionIdle is longer than sessionMaxAge" }}
{{- end }}
{{- else if eq .Values.auth.mode "none" }}
{{- fail "auth.mode=none verifies only Samen's own tokens, which need the identity service: enable services.identity (or choose auth.mode hs256 or jwks)" }}
{{- end }}
{{- end }}
