# The production environment: the cloud (module yandex-cloud), then ArgoCD and the Prost Application
# (module argocd) with the values module prost-values computes. Apply in two steps the first
# time, because the Application's CRD comes with ArgoCD (terraform/README.md):
#   tofu apply -target=module.cloud -target=module.argocd.helm_release.argocd
#   tofu apply

provider "yandex" {
  cloud_id  = var.cloud_id
  folder_id = var.folder_id
  zone      = "ru-central1-a"
}

# Both providers reach the new cluster with a short-lived IAM token from the yc CLI.
provider "helm" {
  kubernetes = {
    host                   = module.cloud.cluster_endpoint
    cluster_ca_certificate = module.cloud.cluster_ca_certificate
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "yc"
      args        = ["k8s", "create-token"]
    }
  }
}

provider "kubernetes" {
  host                   = module.cloud.cluster_endpoint
  cluster_ca_certificate = module.cloud.cluster_ca_certificate
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "yc"
    args        = ["k8s", "create-token"]
  }
}

module "cloud" {
  source = "../../modules/yandex-cloud"

  name                 = "prost-production"
  folder_id            = var.folder_id
  regional_master      = true
  master_allowed_cidrs = var.master_allowed_cidrs
  deletion_protection  = true
  node_groups = {
    web = { cores = 2, memory_gb = 4, min = 2, max = 6 }
    api = { cores = 4, memory_gb = 8, min = 3, max = 12 }
  }
  mongodb = { resource_preset_id = "s3-c4-m16", disk_gb = 64 }
  redis   = { resource_preset_id = "hm3-c2-m8", disk_gb = 16, hosts = 3 }
  labels  = { environment = "production" }
}

module "values" {
  source = "../../modules/prost-values"

  host             = var.host
  image_registry   = var.image_registry
  image_tag        = var.image_tag
  api_replicas     = { min = 3, max = 12 }
  web_replicas     = 3
  telegram_enabled = var.telegram_bot_token != ""
  mail_enabled     = var.smtp_url != ""
}

resource "random_password" "jwt" {
  length  = 64
  special = false
}

module "argocd" {
  source = "../../modules/argocd"

  environment     = "production"
  repo_url        = var.repo_url
  target_revision = "production"
  value_files     = ["../../argocd/values/production.yaml"]
  values          = module.values.values
  credentials = merge(
    {
      (module.values.secret_keys.jwt_secret)  = random_password.jwt.result
      (module.values.secret_keys.mongodb_uri) = module.cloud.mongodb_uri
      (module.values.secret_keys.redis_url)   = module.cloud.redis_url
    },
    var.telegram_bot_token == "" ? {} : { (module.values.secret_keys.telegram_bot_token) = var.telegram_bot_token },
    var.smtp_url == "" ? {} : { (module.values.secret_keys.smtp_url) = var.smtp_url },
  )
}
