{{/* Names, labels and the pieces every workload shares. */}}

{{- define "prost.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* release-chart, or just the release when it already contains the chart name. */}}
{{- define "prost.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Object name of one component: fullname-component. Argument: (list . "api"). */}}
{{- define "prost.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "prost.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "prost.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "prost.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: prost
{{- end -}}

{{/* Selector labels of one component. Argument: (list . "api"). */}}
{{- define "prost.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "prost.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* All labels of one component's objects. Argument: (list . "api"). */}}
{{- define "prost.componentLabels" -}}
{{ include "prost.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "prost.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "prost.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag or repository@digest. Argument: (list . .Values.image.api). */}}
{{- define "prost.image" -}}
{{- $root := index . 0 -}}
{{- $img := index . 1 -}}
{{- if $img.digest -}}
{{- printf "%s@%s" $img.repository $img.digest -}}
{{- else -}}
{{- printf "%s:%s" $img.repository (default $root.Chart.AppVersion $img.tag) -}}
{{- end -}}
{{- end -}}

{{/* The pod security context of every workload: a fixed non-root user, no privilege escalation. */}}
{{- define "prost.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "prost.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* secretKeyRef into the release's existing Secret. Argument: (list . "jwt-secret"). */}}
{{- define "prost.secretRef" -}}
valueFrom:
  secretKeyRef:
    name: {{ required "secrets.existingSecret is required: secrets are never inlined" (index . 0).Values.secrets.existingSecret }}
    key: {{ index . 1 }}
{{- end -}}

{{/* In-cluster MongoDB's URI: every member, so the driver finds the primary. */}}
{{- define "prost.mongodbUri" -}}
{{- $name := include "prost.componentName" (list . "mongodb") -}}
{{- $hosts := list -}}
{{- range $i := until (int .Values.mongodb.replicas) -}}
{{- $hosts = append $hosts (printf "%s-%d.%s:27017" $name $i $name) -}}
{{- end -}}
{{- printf "mongodb://%s/%s?replicaSet=%s" (join "," $hosts) .Values.mongodb.database .Values.mongodb.replicaSetName -}}
{{- end -}}

{{/*
The environment shared by the API, the worker and the CronJob: configuration from values, and
every secret through secretKeyRef (never a value). Argument: (list . "web"|"worker").
*/}}
{{- define "prost.env" -}}
{{- $root := index . 0 -}}
{{- $v := $root.Values -}}
- name: PROST_ROLE
  value: {{ index . 1 | quote }}
- name: PROST_PUBLIC_URL
  value: {{ $v.publicUrl | quote }}
- name: PROST_DATA_DIR
  value: /data
- name: PROST_REMINDER_LEAD
  value: {{ $v.reminderLead | quote }}
- name: PROST_JWT_SECRET
  {{- include "prost.secretRef" (list $root $v.secrets.jwtSecretKey) | nindent 2 }}
- name: MONGODB_URI
{{- if $v.mongodb.enabled }}
  value: {{ include "prost.mongodbUri" $root | quote }}
{{- else }}
  {{- include "prost.secretRef" (list $root $v.secrets.mongodbUriKey) | nindent 2 }}
{{- end }}
- name: REDIS_URL
{{- if $v.redis.enabled }}
  value: {{ printf "redis://%s:6379" (include "prost.componentName" (list $root "redis")) | quote }}
{{- else }}
  {{- include "prost.secretRef" (list $root $v.secrets.redisUrlKey) | nindent 2 }}
{{- end }}
{{- if $v.telegram.enabled }}
- name: TELEGRAM_BOT_TOKEN
  {{- include "prost.secretRef" (list $root $v.secrets.telegramBotTokenKey) | nindent 2 }}
{{- with $v.telegram.apiUrl }}
- name: TELEGRAM_API_URL
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- if $v.mail.enabled }}
- name: PROST_SMTP_URL
  {{- include "prost.secretRef" (list $root $v.secrets.smtpUrlKey) | nindent 2 }}
- name: PROST_MAIL_FROM
  value: {{ $v.mail.from | quote }}
{{- end }}
{{- with $v.oidc.providers }}
{{- $ids := list }}
{{- range . }}{{ $ids = append $ids .id }}{{ end }}
- name: PROST_OIDC_PROVIDERS
  value: {{ join "," $ids | quote }}
{{- range . }}
{{- $id := upper .id | replace "-" "_" }}
{{- with .issuer }}
- name: PROST_OIDC_{{ $id }}_ISSUER
  value: {{ . | quote }}
{{- end }}
- name: PROST_OIDC_{{ $id }}_CLIENT_ID
  value: {{ .clientId | quote }}
- name: PROST_OIDC_{{ $id }}_CLIENT_SECRET
  {{- include "prost.secretRef" (list $root .clientSecretKey) | nindent 2 }}
{{- with .name }}
- name: PROST_OIDC_{{ $id }}_NAME
  value: {{ . | quote }}
{{- end }}
{{- with .scopes }}
- name: PROST_OIDC_{{ $id }}_SCOPES
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Writable scratch space under a read-only root: the data dir (generated files) and /tmp. */}}
{{- define "prost.scratchVolumes" -}}
- name: data
  emptyDir:
    sizeLimit: 64Mi
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "prost.scratchMounts" -}}
- name: data
  mountPath: /data
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* httpGet probes on /readyz and /healthz. Argument: (list .Values.api.probes "http"). */}}
{{- define "prost.probes" -}}
{{- $p := index . 0 -}}
readinessProbe:
  httpGet:
    path: /readyz
    port: {{ index . 1 }}
  {{- toYaml $p.readiness | nindent 2 }}
livenessProbe:
  httpGet:
    path: /healthz
    port: {{ index . 1 }}
  {{- toYaml $p.liveness | nindent 2 }}
{{- end -}}

{{/*
Affinity of a user-facing component: replicas spread over nodes where possible (one node's loss
keeps it up), merged with the component's own rules from values. Argument: (list . "api" .Values.api.affinity).
*/}}
{{- define "prost.affinity" -}}
{{- $root := index . 0 -}}
{{- $spread := dict "podAntiAffinity" (dict "preferredDuringSchedulingIgnoredDuringExecution" (list (dict "weight" 100 "podAffinityTerm" (dict "topologyKey" "kubernetes.io/hostname" "labelSelector" (dict "matchLabels" (include "prost.selectorLabels" (list $root (index . 1)) | fromYaml)))))) -}}
{{- toYaml (mustMergeOverwrite $spread (deepCopy (index . 2))) -}}
{{- end -}}

{{/* Egress every Prost server pod needs: DNS, the in-cluster databases, and the outside. */}}
{{- define "prost.egressCommon" -}}
- to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
{{- if .Values.mongodb.enabled }}
- to:
    - podSelector:
        matchLabels:
          {{- include "prost.selectorLabels" (list . "mongodb") | nindent 10 }}
  ports:
    - {protocol: TCP, port: 27017}
{{- end }}
{{- if .Values.redis.enabled }}
- to:
    - podSelector:
        matchLabels:
          {{- include "prost.selectorLabels" (list . "redis") | nindent 10 }}
  ports:
    - {protocol: TCP, port: 6379}
{{- end }}
- to:
{{- if .Values.networkPolicy.egressCidrs }}
{{- range .Values.networkPolicy.egressCidrs }}
    - ipBlock:
        cidr: {{ . }}
{{- end }}
{{- else }}
    - ipBlock:
        cidr: 0.0.0.0/0
{{- end }}
{{- end -}}
