# The staging environment: small and cheap: a zonal master, preemptible nodes, PRESTABLE databases, no deletion protection; follows main.
# Everything else is modules/prost-environment; variables.tf and outputs.tf are shared with the
# other environment (symlinks to ../shared). Apply in two steps the first time, because the
# Application's CRD comes with ArgoCD (terraform/README.md):
#   tofu apply -target=module.prost.module.cloud -target=module.prost.module.argocd.helm_release.argocd
#   tofu apply

provider "yandex" {
  cloud_id  = var.cloud_id
  folder_id = var.folder_id
  zone      = "ru-central1-a"
}

# Both providers reach the new cluster with a short-lived IAM token from the yc CLI.
provider "helm" {
  kubernetes = {
    host                   = module.prost.cluster_endpoint
    cluster_ca_certificate = module.prost.cluster_ca_certificate
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "yc"
      args        = ["k8s", "create-token"]
    }
  }
}

provider "kubernetes" {
  host                   = module.prost.cluster_endpoint
  cluster_ca_certificate = module.prost.cluster_ca_certificate
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "yc"
    args        = ["k8s", "create-token"]
  }
}

module "prost" {
  source = "../../modules/prost-environment"

  environment          = "staging"
  target_revision      = "main"
  folder_id            = var.folder_id
  repo_url             = var.repo_url
  image_registry       = var.image_registry
  image_tag            = var.image_tag
  host                 = var.host
  master_allowed_cidrs = var.master_allowed_cidrs
  telegram_bot_token   = var.telegram_bot_token
  smtp_url             = var.smtp_url

  regional_master     = false
  deletion_protection = false
  node_groups = {
    web = { cores = 2, memory_gb = 2, core_fraction = 50, min = 1, max = 2, preemptible = true }
    api = { cores = 2, memory_gb = 4, min = 1, max = 3, preemptible = true }
  }
  mongodb      = { resource_preset_id = "s3-c2-m8", disk_gb = 16, environment = "PRESTABLE" }
  redis        = { resource_preset_id = "hm3-c2-m8", disk_gb = 16, environment = "PRESTABLE" }
  api_replicas = { min = 2, max = 3 }
  web_replicas = 1
}
