variable "host" {
  description = "Public hostname of the site, e.g. prost.example (no scheme)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", var.host))
    error_message = "host must be a bare DNS name such as prost.example."
  }
}

variable "image_registry" {
  description = "Registry path the api and web images live under, e.g. cr.yandex/<registry id>/prost."
  type        = string
}

variable "image_tag" {
  description = "Tag of both images (the release pipeline sets it)."
  type        = string
  default     = "0.1.0"
}

variable "secret_name" {
  description = "Name of the Secret holding Prost's credentials in the release namespace."
  type        = string
  default     = "prost-secrets"
}

variable "web_pool" {
  description = "Value of the prost.io/pool label on the web client's nodes."
  type        = string
  default     = "web"
}

variable "api_pool" {
  description = "Value of the prost.io/pool label on the API's (and the worker's) nodes."
  type        = string
  default     = "api"
}

variable "tainted_pools" {
  description = "Whether the node groups carry a prost.io/pool=<pool>:NoSchedule taint (the pods then tolerate it)."
  type        = bool
  default     = true
}

variable "api_replicas" {
  description = "The API autoscaler's floor and ceiling."
  type        = object({ min = number, max = number })
  default     = { min = 2, max = 10 }

  validation {
    condition     = var.api_replicas.min >= 1 && var.api_replicas.max >= var.api_replicas.min
    error_message = "api_replicas needs 1 <= min <= max."
  }
}

variable "web_replicas" {
  description = "Replicas of the web client (nginx)."
  type        = number
  default     = 2
}

variable "worker_replicas" {
  description = "Replicas of the background worker (jobs are leased, more are safe)."
  type        = number
  default     = 1
}

variable "telegram_enabled" {
  description = "Turn the Telegram bot on (the Secret must then hold telegram-bot-token)."
  type        = bool
  default     = false
}

variable "mail_enabled" {
  description = "Send mail through SMTP (the Secret must then hold smtp-url)."
  type        = bool
  default     = false
}
