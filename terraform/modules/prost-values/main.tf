# Turns an environment's few decisions into the Prost chart's values (deploy/helm/prost), so the
# node pool labels, the Secret's keys and the hostname agree between the cluster module, the
# ArgoCD module and the chart. Built-ins only: `tofu validate` and `tofu test` run it anywhere.

locals {
  # The label the cloud module puts on each node group, and the chart's nodeSelector reads.
  pool_label = "prost.io/pool"

  # The keys of the Secret the chart reads (secrets.*Key in values.yaml).
  secret_keys = {
    jwt_secret         = "jwt-secret"
    mongodb_uri        = "mongodb-uri"
    redis_url          = "redis-url"
    telegram_bot_token = "telegram-bot-token"
    smtp_url           = "smtp-url"
  }

  values = {
    publicUrl = "https://${var.host}"
    image = {
      api = { repository = "${var.image_registry}/api", tag = var.image_tag }
      web = { repository = "${var.image_registry}/web", tag = var.image_tag }
    }
    secrets = {
      existingSecret      = var.secret_name
      jwtSecretKey        = local.secret_keys.jwt_secret
      mongodbUriKey       = local.secret_keys.mongodb_uri
      redisUrlKey         = local.secret_keys.redis_url
      telegramBotTokenKey = local.secret_keys.telegram_bot_token
      smtpUrlKey          = local.secret_keys.smtp_url
    }
    telegram = { enabled = var.telegram_enabled }
    mail     = { enabled = var.mail_enabled }
    api = {
      nodeSelector = { (local.pool_label) = var.api_pool }
      tolerations  = var.tainted_pools ? [{ key = local.pool_label, operator = "Equal", value = var.api_pool, effect = "NoSchedule" }] : []
    }
    autoscaling = {
      enabled     = true
      minReplicas = var.api_replicas.min
      maxReplicas = var.api_replicas.max
    }
    web = {
      replicas     = var.web_replicas
      nodeSelector = { (local.pool_label) = var.web_pool }
      tolerations  = var.tainted_pools ? [{ key = local.pool_label, operator = "Equal", value = var.web_pool, effect = "NoSchedule" }] : []
    }
    worker = {
      replicas     = var.worker_replicas
      nodeSelector = { (local.pool_label) = var.api_pool }
      tolerations  = var.tainted_pools ? [{ key = local.pool_label, operator = "Equal", value = var.api_pool, effect = "NoSchedule" }] : []
    }
    ingress = {
      host = var.host
      tls  = { enabled = true, secretName = "${var.secret_name}-tls" }
    }
  }
}

# Fails the plan when the two pools collapse into one: the seed wants web and API apart.
resource "terraform_data" "pools_apart" {
  input = { web = var.web_pool, api = var.api_pool }

  lifecycle {
    precondition {
      condition     = var.web_pool != var.api_pool
      error_message = "web_pool and api_pool must differ: the web client and the API run on separate node pools."
    }
  }
}
