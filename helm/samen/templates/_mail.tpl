{{/*
E-mail (mail.*): the samen-server pods send notifications through an SMTP relay.
Configuration in the ConfigMap (SAMEN_SMTP_URL, SAMEN_SMTP_TLS, SAMEN_MAIL_FROM,
SAMEN_APP_URL); the relay's username as an environment variable from mail.existingSecret,
its password as a file (SAMEN_SMTP_PASSWORD_FILE) and an optional CA bundle as a file
(SAMEN_SMTP_CA_FILE), on the samen-server pods only. Each renders nothing without
mail.smtpUrl.
*/}}
{{- define "samen.mailEnabled" -}}
{{- if .Values.mail.smtpUrl }}true{{ end }}
{{- end }}

{{/* The relay's port for the NetworkPolicy: mail.smtpPort, else the port in smtpUrl,
else the scheme's default (25 for smtp://, 465 for smtps://), as libcurl connects. */}}
{{- define "samen.smtpPort" -}}
{{- if .Values.mail.smtpPort }}{{ .Values.mail.smtpPort }}
{{- else }}
{{- $url := urlParse .Values.mail.smtpUrl }}
{{- with regexFind ":[0-9]+$" $url.host }}{{ trimPrefix ":" . }}
{{- else }}{{ if eq $url.scheme "smtps" }}465{{ else }}25{{ end }}{{ end }}
{{- end }}
{{- end }}

{{- define "samen.mailConfig" -}}
{{- if include "samen.mailEnabled" . }}
# E-mail notifications through the SMTP relay (mail.*); credentials are not here.
SAMEN_SMTP_URL: {{ .Values.mail.smtpUrl | quote }}
SAMEN_SMTP_TLS: {{ .Values.mail.tls | quote }}
SAMEN_MAIL_FROM: {{ .Values.mail.from | quote }}
SAMEN_APP_URL: {{ default .Values.identity.publicUrl .Values.mail.appUrl | quote }}
{{- end }}
{{- end }}

{{- define "samen.mailEnv" -}}
{{- if and (include "samen.mailEnabled" .) .Values.mail.existingSecret }}
- name: SAMEN_SMTP_USER
  valueFrom:
    secretKeyRef:
      name: {{ .Values.mail.existingSecret }}
      key: username
- name: SAMEN_SMTP_PASSWORD_FILE
  value: /etc/samen/smtp/password
{{- end }}
{{- if and (include "samen.mailEnabled" .) .Values.mail.caConfigMap }}
- name: SAMEN_SMTP_CA_FILE
  value: /etc/samen/smtp-ca/ca.pem
{{- end }}
{{- if and (include "samen.mailEnabled" .) .Values.mail.serviceClientSecret }}
- name: SAMEN_SERVICE_CLIENT_ID
  valueFrom:
    secretKeyRef:
      name: {{ .Values.mail.serviceClientSecret }}
      key: client-id
- name: SAMEN_SERVICE_CLIENT_SECRET_FILE
  value: /etc/samen/service-client/client-secret
{{- end }}
{{- end }}

{{- define "samen.mailVolumes" -}}
{{- if and (include "samen.mailEnabled" .) .Values.mail.existingSecret }}
- name: smtp-credentials
  secret:
    secretName: {{ .Values.mail.existingSecret }}
    items:
      - key: password
        path: password
{{- end }}
{{- if and (include "samen.mailEnabled" .) .Values.mail.serviceClientSecret }}
- name: service-client
  secret:
    secretName: {{ .Values.mail.serviceClientSecret }}
    items:
      - key: client-secret
        path: client-secret
{{- end }}
{{- if and (include "samen.mailEnabled" .) .Values.mail.caConfigMap }}
- name: smtp-ca
  configMap:
    name: {{ .Values.mail.caConfigMap }}
    items:
      - key: {{ .Values.mail.caConfigMapKey }}
        path: ca.pem
{{- end }}
{{- end }}

{{- define "samen.mailVolumeMounts" -}}
{{- if and (include "samen.mailEnabled" .) .Values.mail.existingSecret }}
- name: smtp-credentials
  mountPath: /etc/samen/smtp
  readOnly: true
{{- end }}
{{- if and (include "samen.mailEnabled" .) .Values.mail.caConfigMap }}
- name: smtp-ca
  mountPath: /etc/samen/smtp-ca
  readOnly: true
{{- end }}
{{- if and (include "samen.mailEnabled" .) .Values.mail.serviceClientSecret }}
- name: service-client
  mountPath: /etc/samen/service-client
  readOnly: true
{{- end }}
{{- end }}

{{/* What the schema cannot say: a From with a relay, TLS mode and scheme agreeing. */}}
{{- define "samen.validateMail" -}}
{{- with .Values.mail }}
{{- if .smtpUrl }}
{{- if not .from }}
{{- fail "mail.from is required with mail.smtpUrl (e.g. \"Samen <noreply@school.example>\")" }}
{{- end }}
{{- if and (hasPrefix "smtps://" .smtpUrl) (ne .tls "implicit") }}
{{- fail "mail.smtpUrl is smtps:// (implicit TLS): set mail.tls=implicit" }}
{{- end }}
{{- if and (hasPrefix "smtp://" .smtpUrl) (eq .tls "implicit") }}
{{- fail "mail.tls=implicit needs an smtps:// mail.smtpUrl" }}
{{- end }}
{{- if not (regexMatch "^smtps?://" .smtpUrl) }}
{{- fail "mail.smtpUrl must start with smtp:// or smtps://" }}
{{- end }}
{{- if and (not .appUrl) (not $.Values.identity.publicUrl) }}
{{- fail "mail.appUrl is required with mail.smtpUrl when identity.publicUrl is empty" }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
