{{/*
Pod fragments shared by every workload: the restricted Pod Security Standard,
scheduling, and the volumes (a writable /tmp, the JWT key material).
Called with (dict "root" $ "component" "<name>").
*/}}

{{/*
Pod-level part of the restricted profile. The ids are values (some platforms assign
their own); the rest is fixed so that no values file can weaken it.
*/}}
{{- define "samen.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
fsGroup: {{ .Values.podSecurity.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level part of the restricted profile. */}}
{{- define "samen.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Everything in a pod spec besides its containers and volumes; an optional
"serviceAccountName" in the dict overrides the release's ServiceAccount. */}}
{{- define "samen.podSpecCommon" -}}
{{- $root := .root -}}
serviceAccountName: {{ default (include "samen.serviceAccountName" $root) .serviceAccountName }}
# Samen never calls the Kubernetes API: no token in the pod.
automountServiceAccountToken: false
enableServiceLinks: false
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
securityContext:
  {{- include "samen.podSecurityContext" $root | nindent 2 }}
{{- with $root.Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with $root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if and $root.Values.topologySpread.enabled (ne .component "migration") }}
topologySpreadConstraints:
  - maxSkew: {{ $root.Values.topologySpread.maxSkew }}
    topologyKey: {{ $root.Values.topologySpread.topologyKey }}
    whenUnsatisfiable: {{ $root.Values.topologySpread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "samen.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end }}

{{/* Pod metadata annotations: config checksums roll the pods when configuration changes. */}}
{{- define "samen.podAnnotations" -}}
{{- $root := .root -}}
checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
{{- if include "samen.createSecret" $root }}
checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
{{- end }}
{{- if .identity }}
checksum/identity-providers: {{ include (print $root.Template.BasePath "/identity-configmap.yaml") $root | sha256sum }}
{{- end }}
{{- with $root.Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- with .extra }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "samen.podLabels" -}}
{{ include "samen.labels" . }}
{{- with .root.Values.podLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Volumes of the long-running pods: /tmp on an emptyDir (the root filesystem is
read-only) and the JWT key file. */}}
{{- define "samen.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- if ne .Values.auth.mode "none" }}
- name: jwt
  {{- if eq .Values.auth.mode "jwks" }}
  {{- if .Values.auth.jwks.existingConfigMap }}
  configMap:
    name: {{ .Values.auth.jwks.existingConfigMap }}
    items:
      - key: {{ .Values.auth.jwks.key }}
        path: jwks.json
  {{- else }}
  secret:
    secretName: {{ .Values.auth.jwks.existingSecret }}
    items:
      - key: {{ .Values.auth.jwks.key }}
        path: jwks.json
  {{- end }}
  {{- else }}
  secret:
    {{- if .Values.auth.hs256.secret }}
    secretName: {{ include "samen.fullname" . }}-secrets
    items:
      - key: jwt-hs256-secret
        path: hs256-secret
    {{- else }}
    secretName: {{ .Values.auth.hs256.existingSecret }}
    items:
      - key: {{ .Values.auth.hs256.key }}
        path: hs256-secret
    {{- end }}
  {{- end }}
{{- end }}
{{- end }}

{{/* The JWT volume is mounted as a directory (not subPath) so that a rotated JWKS
reaches running pods. */}}
{{- define "samen.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if ne .Values.auth.mode "none" }}
- name: jwt
  mountPath: /etc/samen/jwt
  readOnly: true
{{- end }}
{{- end }}

{{/* Environment of every samen-server container: configuration from the ConfigMap,
the MySQL password from its Secret. */}}
{{- define "samen.serverEnv" -}}
- name: SAMEN_MYSQL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "samen.mysqlSecretName" . }}
      key: {{ include "samen.mysqlSecretKey" . }}
{{- end }}

{{/*
The webhook secret key of the vacancies pods (the only ones that seal and open webhook
signing secrets): a Secret volume with one file, named by SAMEN_WEBHOOK_SECRET_KEY_FILE,
as the JWT secret is. Each renders nothing when no key is configured (the server then
stores the signing secrets unsealed and logs a warning). The key is read at start: a
changed Secret reaches the pods on their next restart.
*/}}
{{- define "samen.webhookKeyVolume" -}}
{{- with include "samen.webhookKeySecretName" . -}}
- name: webhook-key
  secret:
    secretName: {{ . }}
    items:
      - key: {{ include "samen.webhookKeySecretKey" $ }}
        path: secret-key
{{- end }}
{{- end }}
{{- define "samen.webhookKeyVolumeMount" -}}
{{- if include "samen.webhookKeySecretName" . -}}
- name: webhook-key
  mountPath: /etc/samen/webhooks
  readOnly: true
{{- end }}
{{- end }}
{{- define "samen.webhookKeyEnv" -}}
{{- if include "samen.webhookKeySecretName" . -}}
- name: SAMEN_WEBHOOK_SECRET_KEY_FILE
  value: /etc/samen/webhooks/secret-key
{{- end }}
{{- end }}

{{/* preStop: keep serving for a few seconds while endpoints and resolvers drop the pod;
then SIGTERM makes the binary drain in-flight calls and exit 0. */}}
{{- define "samen.lifecycle" -}}
{{- if gt (int .Values.preStopSleepSeconds) 0 -}}
lifecycle:
  preStop:
    exec:
      command: ["sleep", "{{ .Values.preStopSleepSeconds }}"]
{{- end }}
{{- end }}
