output "cluster_id" {
  description = "Managed Kubernetes cluster id (yc managed-kubernetes cluster get-credentials --id ...)."
  value       = yandex_kubernetes_cluster.this.id
}

output "cluster_endpoint" {
  description = "HTTPS endpoint of the Kubernetes API (public when master_public_ip)."
  value       = var.master_public_ip ? yandex_kubernetes_cluster.this.master[0].external_v4_endpoint : yandex_kubernetes_cluster.this.master[0].internal_v4_endpoint
}

output "cluster_ca_certificate" {
  description = "PEM CA certificate of the Kubernetes API."
  value       = yandex_kubernetes_cluster.this.master[0].cluster_ca_certificate
}

output "node_pools" {
  description = "Node group id by pool; nodes carry the label prost.io/pool=<pool>."
  value       = { for k, g in yandex_kubernetes_node_group.pool : k => g.id }
}

output "pool_label" {
  description = "The node label the chart's nodeSelectors use."
  value       = local.pool_label
}

output "mongodb_uri" {
  description = "MONGODB_URI for Prost: every replica set member, TLS, the prost database."
  sensitive   = true
  value = format(
    "mongodb://%s:%s@%s/%s?replicaSet=rs01&tls=true&authSource=%s",
    yandex_mdb_mongodb_user.prost.name,
    random_password.mongodb.result,
    join(",", [for h in yandex_mdb_mongodb_cluster.this.host : "${h.name}:27018"]),
    yandex_mdb_mongodb_database.prost.name,
    yandex_mdb_mongodb_database.prost.name,
  )
}

output "redis_url" {
  description = "REDIS_URL for Prost (rediss://, TLS on 6380), pointing at the current master's host."
  sensitive   = true
  value       = "rediss://:${random_password.redis.result}@c-${yandex_mdb_redis_cluster.this.id}.rw.mdb.yandexcloud.net:6380"
}
