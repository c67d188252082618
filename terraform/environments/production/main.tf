# The production environment: a regional master, three MongoDB and three Redis hosts, deletion protection; follows the production branch.
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

  environment          = "production"
  target_revision      = "production"
  folder_id            = var.folder_id
  repo_url             = var.repo_url
  image_registry       = var.image_registry
  image_tag            = var.image_tag
  host                 = var.host
  master_allowed_cidrs = var.master_allowed_cidrs
  telegram_bot_token   = var.telegram_bot_token
  smtp_url             = var.smtp_url

  regional_master     = true
  deletion_protection = true
  node_groups = {
    web = { cores = 2, memory_gb = 4, min = 2, max = 6 }
    api = { cores = 4, memory_gb = 8, min = 3, max = 12 }
  }
  mongodb      = { resource_preset_id = "s3-c4-m16", disk_gb = 64 }
  redis        = { resource_preset_id = "hm3-c2-m8", disk_gb = 16, hosts = 3 }
  api_replicas = { min = 3, max = 12 }
  web_replicas = 3
}
