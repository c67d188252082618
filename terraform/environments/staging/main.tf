# The staging environment: the cloud (module yandex-cloud), then ArgoCD and the Prost Application
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

  name                 = "prost-staging"
  folder_id            = var.folder_id
  regional_master      = false
  master_allowed_cidrs = var.master_allowed_cidrs
  deletion_protection  = false
  node_groups = {
    web = { cores = 2, memory_gb = 2, core_fraction = 50, min = 1, max = 2, preemptible = true }
    api = { cores = 2, memory_gb = 4, min = 1, max = 3, preemptible = true }
  }
  mongodb = { resource_preset_id = "s3-c2-m8", disk_gb = 16, environment = "PRESTABLE" }
  redis   = { resource_preset_id = "hm3-c2-m8", disk_gb = 16, environment = "PRESTABLE" }
  labels  = { environment = "staging" }
}

module "values" {
  source = "../../modules/prost-values"

  host             = var.host
  image_registry   = var.image_registry
  image_tag        = var.image_tag
  api_replicas     = { min = 2, max = 3 }
  web_replicas     = 1
  telegram_enabled = var.telegram_bot_token != ""
  mail_enabled     = var.smtp_url != ""
}

resource "random_password" "jwt" {
  length  = 64
  special = false
}

module "argocd" {
  source = "../../modules/argocd"

  environment     = "staging"
  repo_url        = var.repo_url
  target_revision = "main"
  value_files     = ["../../argocd/values/staging.yaml"]
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
