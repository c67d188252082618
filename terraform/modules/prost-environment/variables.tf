variable "folder_id" {
  description = "Folder the environment lives in."
  type        = string
}

variable "repo_url" {
  description = "Git URL of the Prost repository ArgoCD follows."
  type        = string
}

variable "image_registry" {
  description = "Container Registry path of the images, e.g. cr.yandex/<registry id>/prost."
  type        = string
}

variable "image_tag" {
  description = "Tag of the api and web images to run."
  type        = string
}

variable "host" {
  description = "Public hostname of this environment."
  type        = string
}

variable "master_allowed_cidrs" {
  description = "Who may reach the Kubernetes API."
  type        = list(string)
}

variable "telegram_bot_token" {
  description = "Telegram bot token; empty leaves the bot off."
  type        = string
  sensitive   = true
  default     = ""
}

variable "smtp_url" {
  description = "SMTP URL with credentials (smtps://user:pass@host:465); empty writes mail to the log."
  type        = string
  sensitive   = true
  default     = ""
}

variable "environment" {
  description = "Environment name (staging, production): resource prefix, namespace, values file."
  type        = string
}

variable "target_revision" {
  description = "Git branch ArgoCD follows."
  type        = string
}

variable "regional_master" {
  description = "A Kubernetes master in every zone (production) instead of one (staging)."
  type        = bool
}

variable "deletion_protection" {
  description = "Protect the cluster and databases from destroy."
  type        = bool
}

variable "node_groups" {
  description = "The web and api node groups (see modules/yandex-cloud)."
  type        = any
}

variable "mongodb" {
  description = "Managed MongoDB sizing (see modules/yandex-cloud)."
  type        = any
  default     = {}
}

variable "redis" {
  description = "Managed Redis sizing (see modules/yandex-cloud)."
  type        = any
  default     = {}
}

variable "api_replicas" {
  description = "The API autoscaler's floor and ceiling."
  type        = object({ min = number, max = number })
}

variable "web_replicas" {
  description = "Replicas of the web client."
  type        = number
}
