{{/* Names and labels follow `helm create`; component-aware helpers take (dict "ctx" $ "component" "backend"). */}}

{{- define "todo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "todo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "todo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of a component's objects: <fullname>-backend, <fullname>-frontend-canary ... (max 63 chars). */}}
{{- define "todo.componentName" -}}
{{- $suffix := .component }}
{{- if eq (default "stable" .track) "canary" }}{{ $suffix = printf "%s-canary" .component }}{{ end }}
{{- printf "%s-%s" (include "todo.fullname" .ctx | trunc (int (sub 62 (len $suffix))) | trimSuffix "-") $suffix }}
{{- end }}

{{- define "todo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "todo.labels" -}}
helm.sh/chart: {{ include "todo.chart" .ctx }}
{{ include "todo.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: {{ include "todo.name" .ctx }}
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels selecting every pod of this release (NetworkPolicy default deny). */}}
{{- define "todo.releaseSelector" -}}
app.kubernetes.io/name: {{ include "todo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Image reference: registry/repository:tag or @digest. Args: ctx, component, track. */}}
{{- define "todo.image" -}}
{{- $v := index .ctx.Values .component }}
{{- $tag := default .ctx.Chart.AppVersion $v.image.tag }}
{{- $digest := $v.image.digest }}
{{- if eq (default "stable" .track) "canary" }}
{{- $c := index .ctx.Values.canary .component }}
{{- $tag = $c.tag }}
{{- $digest = $c.digest }}
{{- end }}
{{- $repo := $v.image.repository }}
{{- with .ctx.Values.image.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" .) $repo }}{{ end }}
{{- if $digest }}
{{- printf "%s@%s" $repo $digest }}
{{- else }}
{{- printf "%s:%s" $repo (toString $tag) }}
{{- end }}
{{- end }}

{{- define "todo.secretName" -}}
{{- default (include "todo.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{- define "todo.serviceAccountName" -}}
{{- printf "%s-%s" (include "todo.fullname" .ctx | trunc 50 | trimSuffix "-") .component }}
{{- end }}

{{/* Pod-level security context: PSS "restricted". */}}
{{- define "todo.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security context: PSS "restricted" plus a read-only root filesystem. */}}
{{- define "todo.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "todo.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}

{{/* DATABASE_URL (and the password it interpolates) for backend pods and the migrate Job. */}}
{{- define "todo.databaseEnv" -}}
{{- if .Values.cnpg.enabled }}
{{- /* Queries through the transaction Pooler; LISTEN and the migration lock need a session: the -rw Service. */}}
{{- $c := .Values.cnpg }}
{{- $auth := "$(POSTGRES_USER):$(POSTGRES_PASSWORD)" }}
- name: POSTGRES_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.cnpgName" . }}-app
      key: username
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.cnpgName" . }}-app
      key: password
- name: DATABASE_URL
  value: {{ printf "postgres://%s@%s:5432/%s" $auth (include "todo.cnpgPoolerName" .) $c.database | quote }}
- name: DATABASE_POOL_MODE
  value: transaction
- name: DATABASE_LISTEN_URL
  value: {{ printf "postgres://%s@%s-rw:5432/%s" $auth (include "todo.cnpgName" .) $c.database | quote }}
- name: DATABASE_MIGRATE_URL
  value: {{ printf "postgres://%s@%s-rw:5432/%s" $auth (include "todo.cnpgName" .) $c.database | quote }}
{{- else if .Values.postgresql.enabled }}
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.postgresqlName" . }}
      key: password
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(POSTGRES_PASSWORD)@%s:5432/%s" .Values.postgresql.username (include "todo.postgresqlName" .) .Values.postgresql.database | quote }}
{{- else }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.secretName" . }}
      key: DATABASE_URL
{{- end }}
{{- end }}

{{/* The CloudNativePG Cluster; its operator adds the -rw/-ro/-r Services and the -app Secret to this name. */}}
{{- define "todo.cnpgName" -}}
{{- printf "%s-db" (include "todo.fullname" . | trunc 40 | trimSuffix "-") }}
{{- end }}

{{/* The Pooler, and so its Service. */}}
{{- define "todo.cnpgPoolerName" -}}
{{- printf "%s-pooler" (include "todo.cnpgName" .) }}
{{- end }}

{{- define "todo.postgresqlName" -}}
{{- printf "%s-postgresql" (include "todo.fullname" . | trunc 52 | trimSuffix "-") }}
{{- end }}

{{/* The Secret that the migrate hook reads (hooks run before the release's own Secret exists). */}}
{{- define "todo.migrateSecretName" -}}
{{- if .Values.secrets.existingSecret }}{{ .Values.secrets.existingSecret }}{{ else }}{{ printf "%s-migrate" (include "todo.fullname" . | trunc 55 | trimSuffix "-") }}{{ end }}
{{- end }}

{{/* Environment of the migrate Job: only what migrate.js needs, no ConfigMap (it does not exist yet at pre-install). */}}
{{- define "todo.migrateEnv" -}}
- name: NODE_ENV
  value: production
- name: JWT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.migrateSecretName" . }}
      key: JWT_SECRET
- name: PGLITE_DATA_DIR
  value: memory://
- name: LOG_LEVEL
  value: {{ .Values.backend.config.LOG_LEVEL | quote }}
- name: DB_CONNECT_TIMEOUT_MS
  value: {{ .Values.backend.config.DB_CONNECT_TIMEOUT_MS | quote }}
- name: DB_POOL_MAX
  value: "1"
{{- if or .Values.postgresql.enabled .Values.cnpg.enabled }}
{{ include "todo.databaseEnv" . | trim }}
{{- else }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.migrateSecretName" . }}
      key: DATABASE_URL
{{- end }}
{{- end }}

{{/*
"true" when clients can reach the pods only through the Ingress/HTTPRoute proxy (both Services ClusterIP): only then
is an X-Forwarded-For entry written by a peer on the pod network something the backend may believe.
*/}}
{{- define "todo.behindProxy" -}}
{{- if and (or .Values.ingress.enabled .Values.httpRoute.enabled) (eq .Values.backend.service.type "ClusterIP") (eq .Values.frontend.service.type "ClusterIP") -}}
true
{{- end -}}
{{- end -}}

{{/*
What the Ingress and the HTTPRoute send where, as JSON: [{component, port, paths}]. The browser calls /api/v1 on
the web host, and only the web server's gateway turns its session cookie into a bearer token, so the frontend takes
every path except the API's own public surface: sign-up and sign-in for scripts and agents (the gateway refuses
/api/v1/auth), the OpenAPI document and its reference, /llms.txt, MCP, the calendar feeds (/feeds) and the OAuth authorization server (its
metadata and endpoints; the consent page /oauth/consent is the web app's). At most 8 paths per entry: an HTTPRoute
rule takes no more matches. Agents' bearer calls to the rest of
/api/v1 pass through the gateway untouched. Prefix matches are per path segment and the longest one wins.
*/}}
{{- define "todo.edgeRoutes" -}}
{{- list
  (dict "component" "backend" "port" .Values.backend.service.port "paths" (list "/api/v1/auth" "/openapi.json" "/openapi.yaml" "/docs" "/llms.txt" "/mcp" "/feeds"))
  (dict "component" "backend" "port" .Values.backend.service.port "paths" (list "/.well-known/oauth-protected-resource" "/.well-known/oauth-authorization-server" "/.well-known/openid-configuration" "/oauth/authorize" "/oauth/token" "/oauth/register" "/oauth/revoke" "/oauth/jwks"))
  (dict "component" "frontend" "port" .Values.frontend.service.port "paths" (list "/"))
  | toJson }}
{{- end }}

{{/*
The public origin (PUBLIC_URL and WEB_URL of the API): publicUrl, else derived from the Ingress or HTTPRoute host.
*/}}
{{- define "todo.publicUrl" -}}
{{- if .Values.publicUrl -}}
{{- .Values.publicUrl -}}
{{- else if and .Values.ingress.enabled .Values.ingress.host -}}
{{- printf "%s://%s" (ternary "https" "http" (ne .Values.ingress.tlsSecretName "")) .Values.ingress.host -}}
{{- else if and .Values.httpRoute.enabled .Values.httpRoute.hostnames -}}
{{- printf "https://%s" (first .Values.httpRoute.hostnames) -}}
{{- end -}}
{{- end -}}
