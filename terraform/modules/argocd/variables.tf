variable "environment" {
  description = "Environment name: the Application is prost-<environment> in namespace prost-<environment>."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}$", var.environment))
    error_message = "environment: lowercase letters, digits and dashes."
  }
}

variable "argocd_chart_version" {
  description = "Version of the argo-cd Helm chart (argo-helm), which installs ArgoCD itself."
  type        = string
  default     = "9.1.0"
}

variable "install_argocd" {
  description = "Install ArgoCD; false when the cluster already runs one (in namespace argocd)."
  type        = bool
  default     = true
}

variable "repo_url" {
  description = "Git URL of this repository, which ArgoCD reads the chart from."
  type        = string
}

variable "target_revision" {
  description = "Branch, tag or commit ArgoCD follows."
  type        = string
  default     = "main"
}

variable "chart_path" {
  description = "Path of the chart inside the repository."
  type        = string
  default     = "deploy/helm/prost"
}

variable "value_files" {
  description = "Value files relative to the chart, applied in order (e.g. ../../argocd/values/staging.yaml)."
  type        = list(string)
  default     = []
}

variable "values" {
  description = "Values applied after the files (the prost-values module's output), as an object."
  type        = any
  default     = {}
}

variable "create_secret" {
  description = "Write the Secret Prost reads from the credentials below. False: manage it elsewhere (External Secrets, Sealed Secrets, kubectl)."
  type        = bool
  default     = true
}

variable "secret_name" {
  description = "Name of that Secret (the chart's secrets.existingSecret)."
  type        = string
  default     = "prost-secrets"
}

variable "credentials" {
  description = "Secret values by key (jwt-secret, mongodb-uri, redis-url, telegram-bot-token, smtp-url, oidc-*-client-secret). Kept in state: use an encrypted backend."
  type        = map(string)
  sensitive   = true
  default     = {}

  validation {
    condition     = length(var.credentials) == 0 || contains(keys(var.credentials), "jwt-secret")
    error_message = "credentials must hold jwt-secret (every replica signs with it)."
  }
}
