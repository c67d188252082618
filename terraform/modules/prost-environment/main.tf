# One Prost environment on Yandex Cloud: the cloud (yandex-cloud), the chart's values
# (prost-values), a JWT key, and ArgoCD with the Application (argocd). The roots under
# environments/ only configure the providers and the backend and pick the sizes.

module "cloud" {
  source = "../yandex-cloud"

  name                 = "prost-${var.environment}"
  folder_id            = var.folder_id
  regional_master      = var.regional_master
  master_allowed_cidrs = var.master_allowed_cidrs
  deletion_protection  = var.deletion_protection
  node_groups          = var.node_groups
  mongodb              = var.mongodb
  redis                = var.redis
  labels               = { environment = var.environment }
}

module "values" {
  source = "../prost-values"

  host             = var.host
  image_registry   = var.image_registry
  image_tag        = var.image_tag
  api_replicas     = var.api_replicas
  web_replicas     = var.web_replicas
  telegram_enabled = var.telegram_bot_token != ""
  mail_enabled     = var.smtp_url != ""
}

resource "random_password" "jwt" {
  length  = 64
  special = false
}

module "argocd" {
  source = "../argocd"

  environment     = var.environment
  repo_url        = var.repo_url
  target_revision = var.target_revision
  value_files     = ["../../argocd/values/${var.environment}.yaml"]
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
