{{/*
Names, labels and the small pieces every template shares.
Templates that take a component are called with (dict "root" $ "component" "<name>").
*/}}

{{- define "samen.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: "<release>-samen", or just the release name when it already contains the
chart name (a release called "samen" gives "samen-partners", not "samen-samen-partners").
Truncated to leave room for the longest suffix ("-professionalisation", 20 characters)
within the 63-character limit of a DNS label.
*/}}
{{- define "samen.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 42 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 42 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 42 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "samen.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select one component's pods; never change them after a release exists. */}}
{{- define "samen.selectorLabels" -}}
app.kubernetes.io/name: {{ include "samen.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
The standard app.kubernetes.io/* labels plus samen/tier, which groups components for
the NetworkPolicies: "gateway", "backend" (every gRPC service) or "migration".
*/}}
{{- define "samen.labels" -}}
helm.sh/chart: {{ include "samen.chart" .root }}
{{ include "samen.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: samen
samen/tier: {{ include "samen.tier" .component }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "samen.tier" -}}
{{- if eq . "gateway" }}gateway{{ else if eq . "migration" }}migration{{ else }}backend{{ end }}
{{- end }}

{{/* Labels on the chart's shared objects (ConfigMap, Secret, ServiceAccount). */}}
{{- define "samen.commonLabels" -}}
helm.sh/chart: {{ include "samen.chart" . }}
app.kubernetes.io/name: {{ include "samen.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: samen
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "samen.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "samen.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "samen.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Names of the enabled services, sorted, comma-separated: "partners,induction". */}}
{{- define "samen.enabledServices" -}}
{{- $names := list }}
{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}
{{- $names = append $names $name }}
{{- end }}
{{- end }}
{{- join "," $names }}
{{- end }}

{{/* Headless Service name of one gRPC service. */}}
{{- define "samen.backendName" -}}
{{- printf "%s-%s" (include "samen.fullname" .root) .name }}
{{- end }}

{{/*
gRPC target of one service's headless Service, called with (dict "root" $ "name"
"<service>"): "dns:///<release>-<service>.<namespace>.svc.<clusterDomain>:9090". A
headless Service resolves to every ready pod, and the callers' round_robin balancer
spreads calls over all of them (a ClusterIP would pin each HTTP/2 connection to one pod).
The gateway's --backends and the services' --peer_targets both use it.
*/}}
{{- define "samen.backendTarget" -}}
{{- printf "dns:///%s.%s.svc.%s:9090" (include "samen.backendName" .) .root.Release.Namespace .root.Values.clusterDomain }}
{{- end }}

{{/*
The gateway's --backends value: one "<grpc service>=<target>" per enabled service.
*/}}
{{- define "samen.gatewayBackends" -}}
{{- $root := . }}
{{- $entries := list }}
{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}
{{- $entries = append $entries (printf "%s=%s" $svc.grpcService (include "samen.backendTarget" (dict "root" $root "name" $name))) }}
{{- end }}
{{- end }}
{{- join "," $entries }}
{{- end }}

{{/*
The gateway's --trusted_proxy_hops: gateway.trustedProxyHops when set (0 included),
otherwise 1 behind the chart's Ingress (the controller appends the client to
X-Forwarded-For, and is the TCP peer of every request) and 0 without one.
*/}}
{{- define "samen.gatewayTrustedProxyHops" -}}
{{- $hops := .Values.gateway.trustedProxyHops }}
{{- if or (kindIs "invalid" $hops) (eq (toString $hops) "") }}
{{- if .Values.ingress.enabled }}1{{ else }}0{{ end }}
{{- else }}
{{- $hops | int }}
{{- end }}
{{- end }}

{{/*
The services' --peer_targets value: one "<service>=<target>" per enabled service, e.g.
"induction=dns:///...,partners=dns:///...". samen-server dials a peer that is not
listed on its own port on loopback, which only works when one process hosts every
service; here each service is a Deployment of its own, so every one is listed.
*/}}
{{- define "samen.peerTargets" -}}
{{- $root := . }}
{{- $entries := list }}
{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}
{{- $entries = append $entries (printf "%s=%s" $name (include "samen.backendTarget" (dict "root" $root "name" $name))) }}
{{- end }}
{{- end }}
{{- join "," $entries }}
{{- end }}

{{/*
Which services call which over gRPC (PeerChannel in services/): a service is only
useful when the services it calls run too. Keep in step with the code.
*/}}
{{- define "samen.peerCalls" -}}
{{- dict "identity" (list "partners") "induction" (list "partners") "professionalisation" (list "partners") "vacancies" (list "partners") | toJson }}
{{- end }}

{{/* Secret holding the MySQL password, and its key. */}}
{{- define "samen.mysqlSecretName" -}}
{{- if .Values.mysql.password }}{{ include "samen.fullname" . }}-secrets{{ else }}{{ .Values.mysql.existingSecret }}{{ end }}
{{- end }}
{{- define "samen.mysqlSecretKey" -}}
{{- if .Values.mysql.password }}mysql-password{{ else }}{{ .Values.mysql.existingSecretPasswordKey }}{{ end }}
{{- end }}

{{/* Whether the chart creates its own (development) Secret. */}}
{{- define "samen.createSecret" -}}
{{- if or .Values.mysql.password (and (eq .Values.auth.mode "hs256") .Values.auth.hs256.secret) .Values.webhooks.secretKey }}true{{ end }}
{{- end }}

{{/* File inside the pod that holds the JWT key material, and the flag (env) naming it
(auth.mode hs256 or jwks; none has no file). */}}
{{- define "samen.jwtFile" -}}
{{- if eq .Values.auth.mode "jwks" }}/etc/samen/jwt/jwks.json{{ else }}/etc/samen/jwt/hs256-secret{{ end }}
{{- end }}
{{- define "samen.jwtFileEnv" -}}
{{- if eq .Values.auth.mode "jwks" }}SAMEN_JWKS_FILE{{ else }}SAMEN_JWT_HS256_SECRET_FILE{{ end }}
{{- end }}

{{/*
Secret holding the webhook secret key (the passphrase that seals the webhook signing
secrets in the vacancies database), and its key; empty when none is configured.
*/}}
{{- define "samen.webhookKeySecretName" -}}
{{- if .Values.webhooks.secretKey }}{{ include "samen.fullname" . }}-secrets{{ else }}{{ .Values.webhooks.existingSecret }}{{ end }}
{{- end }}
{{- define "samen.webhookKeySecretKey" -}}
{{- if .Values.webhooks.secretKey }}webhook-secret-key{{ else }}{{ .Values.webhooks.key }}{{ end }}
{{- end }}

{{/*
Checks that values cannot express in the schema alone; rendered from the ConfigMap
template so that every install, upgrade and `helm template` runs them.
*/}}
{{- define "samen.validate" -}}
{{- if not (include "samen.enabledServices" .) }}
{{- fail "services: enable at least one service (services.<name>.enabled=true)" }}
{{- end }}
{{- range $caller, $callees := (include "samen.peerCalls" . | fromJson) }}
{{- if (index $.Values.services $caller).enabled }}
{{- range $callees }}
{{- if not (index $.Values.services .).enabled }}
{{- fail (printf "services: %s calls %s over gRPC; enable services.%s too (or disable services.%s)" $caller . . $caller) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if and (not .Values.mysql.password) (not .Values.mysql.existingSecret) }}
{{- fail "mysql: set mysql.existingSecret (the name of a Secret holding the password), or mysql.password for development" }}
{{- end }}
{{- include "samen.validateIdentity" . }}
{{- if eq .Values.auth.mode "hs256" }}
{{- if and (not .Values.auth.hs256.secret) (not .Values.auth.hs256.existingSecret) }}
{{- fail "auth: in hs256 mode set auth.hs256.existingSecret, or auth.hs256.secret for development" }}
{{- end }}
{{- else if eq .Values.auth.mode "jwks" }}
{{- if and .Values.auth.jwks.existingConfigMap .Values.auth.jwks.existingSecret }}
{{- fail "auth: set only one of auth.jwks.existingConfigMap and auth.jwks.existingSecret" }}
{{- end }}
{{- if not (or .Values.auth.jwks.existingConfigMap .Values.auth.jwks.existingSecret) }}
{{- fail "auth: in jwks mode set auth.jwks.existingConfigMap or auth.jwks.existingSecret" }}
{{- end }}
{{- end }}
{{- if ge (int .Values.preStopSleepSeconds) (int .Values.terminationGracePeriodSeconds) }}
{{- fail "preStopSleepSeconds must be smaller than terminationGracePeriodSeconds (the drain needs time too)" }}
{{- end }}
{{- if and .Values.gateway.cors.allowCredentials (has "*" .Values.gateway.cors.allowedOrigins) }}
{{- fail "gateway.cors: allowedOrigins \"*\" cannot be combined with allowCredentials=true; list the origins" }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.ingress.hosts) }}
{{- fail "ingress: ingress.enabled=true needs at least one entry in ingress.hosts" }}
{{- end }}
{{- $workloads := dict "gateway" .Values.gateway }}
{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}{{ $_ := set $workloads $name $svc }}{{ end }}
{{- end }}
{{- range $name, $w := $workloads }}
{{- $pdb := $w.podDisruptionBudget }}
{{- if and $pdb.enabled (eq (toString $pdb.maxUnavailable) "") (eq (toString $pdb.minAvailable) "") }}
{{- fail (printf "%s.podDisruptionBudget: set maxUnavailable or minAvailable" $name) }}
{{- end }}
{{- if and $pdb.enabled (ne (toString $pdb.maxUnavailable) "") (ne (toString $pdb.minAvailable) "") }}
{{- fail (printf "%s.podDisruptionBudget: set only one of maxUnavailable and minAvailable" $name) }}
{{- end }}
{{- if and $w.autoscaling.enabled (gt (int $w.autoscaling.minReplicas) (int $w.autoscaling.maxReplicas)) }}
{{- fail (printf "%s.autoscaling: minReplicas is larger than maxReplicas" $name) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The scalable workloads as a list of dicts {component, name, values}: the gateway and
every enabled service. Returned as JSON ({"items": [...]}) because include returns text.
*/}}
{{- define "samen.workloads" -}}
{{- $items := list (dict "component" "gateway" "name" (printf "%s-gateway" (include "samen.fullname" .)) "values" .Values.gateway) }}
{{- $root := . }}
{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}
{{- $items = append $items (dict "component" $name "name" (include "samen.backendName" (dict "root" $root "name" $name)) "values" $svc) }}
{{- end }}
{{- end }}
{{- dict "items" $items | toJson }}
{{- end }}

{{/* Labels every pod of this release carries; the NetworkPolicies add samen/tier. */}}
{{- define "samen.commonSelector" -}}
app.kubernetes.io/name: {{ include "samen.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* NetworkPolicy egress rule: DNS over UDP and TCP. */}}
{{- define "samen.dnsEgress" -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
  {{- with .Values.networkPolicy.dnsTo }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/* NetworkPolicy egress rule: MySQL. */}}
{{- define "samen.mysqlEgress" -}}
- ports:
    - port: {{ .Values.mysql.port }}
      protocol: TCP
  {{- with .Values.networkPolicy.mysqlTo }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
