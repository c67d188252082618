variable "cloud_id" {
  description = "Yandex Cloud id."
  type        = string
}

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
