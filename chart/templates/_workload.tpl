{{/*
Deployment shared by backend and frontend, stable and canary.
Args: (dict "ctx" $ "component" "backend"|"frontend" "track" "stable"|"canary")
*/}}
{{- define "todo.deployment" -}}
{{- $ := .ctx }}
{{- $c := index $.Values .component }}
{{- $canary := eq .track "canary" }}
{{- $sel := dict "ctx" $ "component" .component }}
{{- $backend := eq .component "backend" }}
{{- $secs := $.Values.securityContext }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "todo.componentName" . }}
  labels:
    {{- include "todo.labels" $sel | nindent 4 }}
    track: {{ .track }}
spec:
  {{- if $canary }}
  replicas: {{ (index $.Values.canary .component).replicaCount }}
  {{- else if not $c.autoscaling.enabled }}
  replicas: {{ $c.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "todo.selectorLabels" $sel | nindent 6 }}
      track: {{ .track }}
  template:
    metadata:
      labels:
        {{- include "todo.selectorLabels" $sel | nindent 8 }}
        track: {{ .track }}
        app.kubernetes.io/version: {{ $.Chart.AppVersion | quote }}
        {{- with $c.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") $ | sha256sum }}
        {{- if $backend }}
        checksum/secret: {{ toJson (dict "s" $.Values.secrets "pg" $.Values.postgresql.enabled "cnpg" $.Values.cnpg.enabled) | sha256sum }}
        {{- if and $.Values.metrics.enabled $.Values.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $c.port | quote }}
        prometheus.io/path: /metrics
        {{- end }}
        {{- end }}
        {{- with $c.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "todo.serviceAccountName" $sel }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $c.terminationGracePeriodSeconds }}
      {{- with (include "todo.imagePullSecrets" $ | trim) }}{{ . | nindent 6 }}{{ end }}
      securityContext:
        {{- include "todo.podSecurityContext" $ | nindent 8 }}
      {{- if $c.topologySpread.enabled }}
      topologySpreadConstraints:
        - maxSkew: {{ $c.topologySpread.maxSkew }}
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: {{ $c.topologySpread.whenUnsatisfiable }}
          labelSelector:
            matchLabels:
              {{- include "todo.selectorLabels" $sel | nindent 14 }}
              track: {{ .track }}
        - maxSkew: {{ $c.topologySpread.maxSkew }}
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "todo.selectorLabels" $sel | nindent 14 }}
              track: {{ .track }}
      {{- end }}
      {{- with $c.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "todo.image" . | quote }}
          imagePullPolicy: {{ $.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ $c.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "todo.componentName" (dict "ctx" $ "component" .component) }}
          env:
            {{- if $backend }}
            - name: JWT_SECRET
              valueFrom:
                secretKeyRef:
                  name: {{ include "todo.secretName" $ }}
                  key: JWT_SECRET
            {{- include "todo.databaseEnv" $ | trim | nindent 12 }}
            - name: METRICS_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ include "todo.secretName" $ }}
                  key: METRICS_TOKEN
                  optional: true
            {{- else if and $canary (not $c.config.BACKEND_URL) }}
            # The canary frontend talks to the canary backend, so a canary session stays on one version.
            - name: BACKEND_URL
              value: {{ printf "http://%s:%v" (include "todo.componentName" (dict "ctx" $ "component" "backend" "track" "canary")) $.Values.backend.service.port | quote }}
            {{- end }}
            # The web tier proves itself to the API with this (optional: an existingSecret may not have it).
            - name: GATEWAY_SECRET
              valueFrom:
                secretKeyRef:
                  name: {{ include "todo.secretName" $ }}
                  key: GATEWAY_SECRET
                  optional: true
            - name: APP_TRACK
              value: {{ .track }}
            {{- with $c.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- $live := ternary "/health/live" "/healthz" $backend }}
          {{- $ready := ternary "/health/ready" "/healthz" $backend }}
          startupProbe:
            httpGet:
              path: {{ $live }}
              port: http
            periodSeconds: {{ $c.probes.startupPeriodSeconds }}
            timeoutSeconds: {{ $c.probes.timeoutSeconds }}
            failureThreshold: {{ $c.probes.startupFailureThreshold }}
          livenessProbe:
            httpGet:
              path: {{ $live }}
              port: http
            periodSeconds: {{ $c.probes.periodSeconds }}
            timeoutSeconds: {{ $c.probes.timeoutSeconds }}
            failureThreshold: {{ $c.probes.livenessFailureThreshold }}
          readinessProbe:
            httpGet:
              path: {{ $ready }}
              port: http
            periodSeconds: {{ $c.probes.periodSeconds }}
            timeoutSeconds: {{ $c.probes.timeoutSeconds }}
            failureThreshold: {{ $c.probes.readinessFailureThreshold }}
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "{{ $c.preStopSleepSeconds }}"]
          resources:
            {{- toYaml $c.resources | nindent 12 }}
          securityContext:
            {{- include "todo.containerSecurityContext" $ | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if not $backend }}
            - name: next-cache
              mountPath: /app/frontend/.next/cache
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            medium: Memory
            sizeLimit: {{ $c.tmpSizeLimit }}
        {{- if not $backend }}
        - name: next-cache
          emptyDir:
            sizeLimit: {{ $c.cacheSizeLimit }}
        {{- end }}
{{- end }}

{{/* Service for a component and track. Canary Services are always ClusterIP: only the router reaches them. */}}
{{- define "todo.service" -}}
{{- $ := .ctx }}
{{- $c := index $.Values .component }}
{{- $canary := eq .track "canary" }}
{{- $sel := dict "ctx" $ "component" .component }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "todo.componentName" . }}
  labels:
    {{- include "todo.labels" $sel | nindent 4 }}
    track: {{ .track }}
  {{- with $c.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ ternary "ClusterIP" $c.service.type $canary }}
  {{- if and (not $canary) (eq $c.service.type "LoadBalancer") $c.service.loadBalancerSourceRanges }}
  loadBalancerSourceRanges:
    {{- toYaml $c.service.loadBalancerSourceRanges | nindent 4 }}
  {{- end }}
  selector:
    {{- include "todo.selectorLabels" $sel | nindent 4 }}
    track: {{ .track }}
  ports:
    - name: http
      port: {{ $c.service.port }}
      targetPort: http
      protocol: TCP
{{- end }}

{{- define "todo.hpa" -}}
{{- $ := .ctx }}
{{- $c := index $.Values .component }}
{{- $sel := dict "ctx" $ "component" .component }}
{{- if $c.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "todo.componentName" $sel }}
  labels:
    {{- include "todo.labels" $sel | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "todo.componentName" $sel }}
  minReplicas: {{ $c.autoscaling.minReplicas }}
  maxReplicas: {{ $c.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $c.autoscaling.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ $c.autoscaling.targetMemoryUtilizationPercentage }}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
{{- end }}
{{- end }}

{{- define "todo.pdb" -}}
{{- $ := .ctx }}
{{- $c := index $.Values .component }}
{{- $sel := dict "ctx" $ "component" .component }}
{{- if $c.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "todo.componentName" $sel }}
  labels:
    {{- include "todo.labels" $sel | nindent 4 }}
spec:
  minAvailable: {{ $c.pdb.minAvailable }}
  selector:
    matchLabels:
      {{- include "todo.selectorLabels" $sel | nindent 6 }}
      track: stable
{{- end }}
{{- end }}
