variable "name" {
  description = "Prefix of every resource, e.g. prost-staging."
  type        = string

  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{1,40}$", var.name))
    error_message = "name: lowercase letters, digits and dashes, starting with a letter, at most 41 characters."
  }
}

variable "folder_id" {
  description = "Yandex Cloud folder that holds everything."
  type        = string
}

variable "zones" {
  description = "Availability zones, one subnet each; the first also hosts a zonal master when regional_master is false."
  type        = list(string)
  default     = ["ru-central1-a", "ru-central1-b", "ru-central1-d"]

  validation {
    condition     = length(var.zones) >= 1 && length(var.zones) <= 3
    error_message = "zones: one to three ru-central1 zones."
  }
}

variable "subnet_cidrs" {
  description = "One IPv4 CIDR per zone, in the same order."
  type        = list(string)
  default     = ["10.10.0.0/20", "10.10.16.0/20", "10.10.32.0/20"]
}

variable "cluster_ipv4_range" {
  description = "Pod CIDR of the cluster."
  type        = string
  default     = "10.112.0.0/16"
}

variable "service_ipv4_range" {
  description = "Service CIDR of the cluster."
  type        = string
  default     = "10.96.0.0/16"
}

variable "kubernetes_version" {
  description = "Managed Kubernetes version (the chart needs 1.25 or newer)."
  type        = string
  default     = "1.31"
}

variable "regional_master" {
  description = "A master in every zone (production) instead of one zonal master (staging)."
  type        = bool
  default     = false
}

variable "master_public_ip" {
  description = "Give the master a public address (for kubectl from outside the VPC)."
  type        = bool
  default     = true
}

variable "master_allowed_cidrs" {
  description = "CIDRs allowed to reach the Kubernetes API on 443/6443."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "node_groups" {
  description = <<-EOT
    The two node groups. Each is labelled prost.io/pool=<key> (and tainted with it when
    taint = true), which is what the chart's nodeSelector for web and api selects.
  EOT
  type = map(object({
    cores         = number
    memory_gb     = number
    core_fraction = optional(number, 100)
    disk_gb       = optional(number, 64)
    min           = number
    max           = number
    preemptible   = optional(bool, false)
    taint         = optional(bool, true)
  }))
  default = {
    web = { cores = 2, memory_gb = 4, min = 1, max = 3 }
    api = { cores = 4, memory_gb = 8, min = 2, max = 6 }
  }

  validation {
    condition     = alltrue([for k in ["web", "api"] : contains(keys(var.node_groups), k)])
    error_message = "node_groups needs a web and an api group."
  }
}

variable "mongodb" {
  description = "Managed MongoDB: version, host class, disk, one host per zone."
  type = object({
    version            = optional(string, "7.0")
    resource_preset_id = optional(string, "s3-c2-m8")
    disk_gb            = optional(number, 32)
    disk_type_id       = optional(string, "network-ssd")
    environment        = optional(string, "PRODUCTION")
  })
  default = {}
}

variable "redis" {
  description = "Managed Redis (Valkey-compatible): version, host class, disk; TLS on."
  type = object({
    version            = optional(string, "7.2")
    resource_preset_id = optional(string, "hm3-c2-m8")
    disk_gb            = optional(number, 16)
    disk_type_id       = optional(string, "network-ssd")
    environment        = optional(string, "PRODUCTION")
    hosts              = optional(number, 1)
  })
  default = {}
}

variable "deletion_protection" {
  description = "Protect the cluster and the databases from `tofu destroy` (on in production)."
  type        = bool
  default     = true
}

variable "labels" {
  description = "Labels put on every resource."
  type        = map(string)
  default     = {}
}
