# Prost on Yandex Cloud: a VPC with one subnet per zone, a managed Kubernetes cluster with a web
# and an api node group, managed MongoDB (a replica set across the zones) and managed Redis.

locals {
  labels     = merge({ app = "prost", managed-by = "opentofu" }, var.labels)
  pool_label = "prost.io/pool"
  subnets    = { for i, zone in var.zones : zone => var.subnet_cidrs[i] }
}

# ---- network ----

resource "yandex_vpc_network" "this" {
  name      = var.name
  folder_id = var.folder_id
  labels    = local.labels
}

# Nodes have no public addresses; they reach the internet (Telegram, SMTP, OIDC, images) here.
resource "yandex_vpc_gateway" "nat" {
  name      = "${var.name}-nat"
  folder_id = var.folder_id
  shared_egress_gateway {}
}

resource "yandex_vpc_route_table" "egress" {
  name       = "${var.name}-egress"
  folder_id  = var.folder_id
  network_id = yandex_vpc_network.this.id

  static_route {
    destination_prefix = "0.0.0.0/0"
    gateway_id         = yandex_vpc_gateway.nat.id
  }
}

resource "yandex_vpc_subnet" "zone" {
  for_each       = local.subnets
  name           = "${var.name}-${each.key}"
  folder_id      = var.folder_id
  zone           = each.key
  network_id     = yandex_vpc_network.this.id
  v4_cidr_blocks = [each.value]
  route_table_id = yandex_vpc_route_table.egress.id
  labels         = local.labels
}

# Cluster traffic: nodes and pods talk freely inside the VPC; health checks of the network load
# balancer (the HAProxy ingress controller's Service) come from Yandex's checker range.
resource "yandex_vpc_security_group" "cluster" {
  name       = "${var.name}-cluster"
  folder_id  = var.folder_id
  network_id = yandex_vpc_network.this.id

  ingress {
    description       = "inside the security group"
    protocol          = "ANY"
    predefined_target = "self_security_group"
    from_port         = 0
    to_port           = 65535
  }
  ingress {
    description    = "pods and services"
    protocol       = "ANY"
    v4_cidr_blocks = concat(var.subnet_cidrs, [var.cluster_ipv4_range, var.service_ipv4_range])
    from_port      = 0
    to_port        = 65535
  }
  ingress {
    description    = "load balancer health checks"
    protocol       = "TCP"
    v4_cidr_blocks = ["198.18.235.0/24", "198.18.248.0/24"]
    from_port      = 0
    to_port        = 65535
  }
  ingress {
    description    = "HTTP and HTTPS to the ingress controller"
    protocol       = "TCP"
    v4_cidr_blocks = ["0.0.0.0/0"]
    from_port      = 80
    to_port        = 443
  }
  ingress {
    description    = "Kubernetes API"
    protocol       = "TCP"
    v4_cidr_blocks = var.master_allowed_cidrs
    port           = 443
  }
  ingress {
    description    = "Kubernetes API (6443)"
    protocol       = "TCP"
    v4_cidr_blocks = var.master_allowed_cidrs
    port           = 6443
  }
  egress {
    description    = "anywhere"
    protocol       = "ANY"
    v4_cidr_blocks = ["0.0.0.0/0"]
    from_port      = 0
    to_port        = 65535
  }
}

# The databases accept connections from the cluster's subnets only.
resource "yandex_vpc_security_group" "databases" {
  name       = "${var.name}-databases"
  folder_id  = var.folder_id
  network_id = yandex_vpc_network.this.id

  ingress {
    description    = "MongoDB from the cluster"
    protocol       = "TCP"
    v4_cidr_blocks = concat(var.subnet_cidrs, [var.cluster_ipv4_range])
    port           = 27018
  }
  ingress {
    description    = "Redis (TLS) from the cluster"
    protocol       = "TCP"
    v4_cidr_blocks = concat(var.subnet_cidrs, [var.cluster_ipv4_range])
    port           = 6380
  }
}

# ---- identities ----

resource "yandex_iam_service_account" "cluster" {
  name      = "${var.name}-k8s-cluster"
  folder_id = var.folder_id
}

resource "yandex_iam_service_account" "nodes" {
  name      = "${var.name}-k8s-nodes"
  folder_id = var.folder_id
}

resource "yandex_resourcemanager_folder_iam_member" "cluster" {
  for_each  = toset(["k8s.clusters.agent", "vpc.publicAdmin", "load-balancer.admin", "kms.keys.encrypterDecrypter"])
  folder_id = var.folder_id
  role      = each.key
  member    = "serviceAccount:${yandex_iam_service_account.cluster.id}"
}

resource "yandex_resourcemanager_folder_iam_member" "nodes_pull" {
  folder_id = var.folder_id
  role      = "container-registry.images.puller"
  member    = "serviceAccount:${yandex_iam_service_account.nodes.id}"
}

# Kubernetes Secrets (Prost's credentials among them) are encrypted in etcd with this key.
resource "yandex_kms_symmetric_key" "secrets" {
  name              = "${var.name}-k8s-secrets"
  folder_id         = var.folder_id
  default_algorithm = "AES_256"
  rotation_period   = "8760h"
}

# ---- Kubernetes ----

resource "yandex_kubernetes_cluster" "this" {
  name                    = var.name
  folder_id               = var.folder_id
  network_id              = yandex_vpc_network.this.id
  cluster_ipv4_range      = var.cluster_ipv4_range
  service_ipv4_range      = var.service_ipv4_range
  service_account_id      = yandex_iam_service_account.cluster.id
  node_service_account_id = yandex_iam_service_account.nodes.id
  # Calico enforces the chart's NetworkPolicies.
  network_policy_provider = "CALICO"
  release_channel         = "STABLE"
  labels                  = local.labels

  master {
    version            = var.kubernetes_version
    public_ip          = var.master_public_ip
    security_group_ids = [yandex_vpc_security_group.cluster.id]

    dynamic "zonal" {
      for_each = var.regional_master ? [] : [var.zones[0]]
      content {
        zone      = zonal.value
        subnet_id = yandex_vpc_subnet.zone[zonal.value].id
      }
    }

    dynamic "regional" {
      for_each = var.regional_master ? ["ru-central1"] : []
      content {
        region = regional.value
        dynamic "location" {
          for_each = var.zones
          content {
            zone      = location.value
            subnet_id = yandex_vpc_subnet.zone[location.value].id
          }
        }
      }
    }

    maintenance_policy {
      auto_upgrade = true
      maintenance_window {
        day        = "monday"
        start_time = "02:00"
        duration   = "3h"
      }
    }
  }

  kms_provider {
    key_id = yandex_kms_symmetric_key.secrets.id
  }

  depends_on = [yandex_resourcemanager_folder_iam_member.cluster, yandex_resourcemanager_folder_iam_member.nodes_pull]
}

# One node group per pool, spread over the zones and autoscaled. The label (and taint) is what
# keeps the web client and the API on separate machines.
resource "yandex_kubernetes_node_group" "pool" {
  for_each   = var.node_groups
  cluster_id = yandex_kubernetes_cluster.this.id
  name       = "${var.name}-${each.key}"
  version    = var.kubernetes_version
  labels     = local.labels

  node_labels = { (local.pool_label) = each.key }
  node_taints = each.value.taint ? ["${local.pool_label}=${each.key}:NoSchedule"] : []

  instance_template {
    platform_id = "standard-v3"

    resources {
      cores         = each.value.cores
      memory        = each.value.memory_gb
      core_fraction = each.value.core_fraction
    }

    boot_disk {
      type = "network-ssd"
      size = each.value.disk_gb
    }

    network_interface {
      subnet_ids         = [for z in var.zones : yandex_vpc_subnet.zone[z].id]
      security_group_ids = [yandex_vpc_security_group.cluster.id]
      nat                = false
    }

    scheduling_policy {
      preemptible = each.value.preemptible
    }

    container_runtime {
      type = "containerd"
    }
  }

  scale_policy {
    auto_scale {
      min     = each.value.min
      max     = each.value.max
      initial = each.value.min
    }
  }

  allocation_policy {
    dynamic "location" {
      for_each = var.zones
      content {
        zone = location.value
      }
    }
  }

  deploy_policy {
    max_expansion   = 1
    max_unavailable = 0
  }

  maintenance_policy {
    auto_upgrade = true
    auto_repair  = true
    maintenance_window {
      day        = "tuesday"
      start_time = "02:00"
      duration   = "3h"
    }
  }
}

# ---- databases ----

resource "random_password" "mongodb" {
  length  = 32
  special = false
}

resource "random_password" "redis" {
  length  = 32
  special = false
}

resource "yandex_mdb_mongodb_cluster" "this" {
  name                = var.name
  folder_id           = var.folder_id
  environment         = var.mongodb.environment
  network_id          = yandex_vpc_network.this.id
  security_group_ids  = [yandex_vpc_security_group.databases.id]
  deletion_protection = var.deletion_protection
  labels              = local.labels

  cluster_config {
    version = var.mongodb.version
    backup_window_start {
      hours   = 3
      minutes = 0
    }
    backup_retain_period_days = 14
  }

  resources_mongod {
    resource_preset_id = var.mongodb.resource_preset_id
    disk_size          = var.mongodb.disk_gb
    disk_type_id       = var.mongodb.disk_type_id
  }

  # One member per zone: a replica set that survives a zone.
  dynamic "host" {
    for_each = var.zones
    content {
      zone_id   = host.value
      subnet_id = yandex_vpc_subnet.zone[host.value].id
    }
  }
}

resource "yandex_mdb_mongodb_database" "prost" {
  cluster_id = yandex_mdb_mongodb_cluster.this.id
  name       = "prost"
}

resource "yandex_mdb_mongodb_user" "prost" {
  cluster_id = yandex_mdb_mongodb_cluster.this.id
  name       = "prost"
  password   = random_password.mongodb.result

  permission {
    database_name = yandex_mdb_mongodb_database.prost.name
    roles         = ["readWrite"]
  }
}

resource "yandex_mdb_redis_cluster" "this" {
  name                = var.name
  folder_id           = var.folder_id
  environment         = var.redis.environment
  network_id          = yandex_vpc_network.this.id
  security_group_ids  = [yandex_vpc_security_group.databases.id]
  tls_enabled         = true
  deletion_protection = var.deletion_protection
  labels              = local.labels

  config {
    version  = var.redis.version
    password = random_password.redis.result
    # Prost's Redis data (leases, caches, rate counters) may be evicted least-recently-used.
    maxmemory_policy = "ALLKEYS_LRU"
  }

  resources {
    resource_preset_id = var.redis.resource_preset_id
    disk_size          = var.redis.disk_gb
    disk_type_id       = var.redis.disk_type_id
  }

  dynamic "host" {
    for_each = slice(var.zones, 0, min(var.redis.hosts, length(var.zones)))
    content {
      zone      = host.value
      subnet_id = yandex_vpc_subnet.zone[host.value].id
    }
  }
}
