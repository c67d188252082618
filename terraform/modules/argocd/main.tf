# ArgoCD, and the Prost Application in it, on any cluster the helm and kubernetes providers reach.
# The Application and its project are the same objects as deploy/argocd/*.yaml, with this
# environment's repository, revision and values filled in.

locals {
  namespace = "prost-${var.environment}"
  app_name  = "prost-${var.environment}"
}

resource "helm_release" "argocd" {
  count            = var.install_argocd ? 1 : 0
  name             = "argocd"
  namespace        = "argocd"
  create_namespace = true
  repository       = "https://argoproj.github.io/argo-helm"
  chart            = "argo-cd"
  version          = var.argocd_chart_version
  wait             = true
  timeout          = 600

  values = [yamlencode({
    # TLS ends at the ingress controller in front of ArgoCD's own UI, when exposed.
    configs = { params = { "server.insecure" = true } }
    # Enough for one team; raise for many Applications.
    controller = { replicas = 1 }
  })]
}

resource "kubernetes_namespace_v1" "prost" {
  metadata {
    name   = local.namespace
    labels = { "app.kubernetes.io/part-of" = "prost" }
  }
}

# Prost's credentials. ArgoCD never sees them: the project forbids it to manage Secrets.
resource "kubernetes_secret_v1" "prost" {
  count = var.create_secret ? 1 : 0

  metadata {
    name      = var.secret_name
    namespace = kubernetes_namespace_v1.prost.metadata[0].name
    labels    = { "app.kubernetes.io/part-of" = "prost" }
  }

  data = var.credentials
}

resource "kubernetes_manifest" "project" {
  manifest = {
    apiVersion = "argoproj.io/v1alpha1"
    kind       = "AppProject"
    metadata   = { name = "prost-${var.environment}", namespace = "argocd" }
    spec = {
      description  = "Prost (${var.environment})"
      sourceRepos  = [var.repo_url]
      destinations = [{ server = "https://kubernetes.default.svc", namespace = local.namespace }]
      # The chart makes no cluster-scoped objects.
      clusterResourceWhitelist   = []
      namespaceResourceBlacklist = [{ group = "", kind = "Secret" }]
    }
  }

  depends_on = [helm_release.argocd]
}

resource "kubernetes_manifest" "application" {
  manifest = {
    apiVersion = "argoproj.io/v1alpha1"
    kind       = "Application"
    metadata = {
      name       = local.app_name
      namespace  = "argocd"
      finalizers = ["resources-finalizer.argocd.argoproj.io"]
      labels     = { "app.kubernetes.io/part-of" = "prost", "prost.io/environment" = var.environment }
    }
    spec = {
      project = kubernetes_manifest.project.manifest.metadata.name
      source = {
        repoURL        = var.repo_url
        targetRevision = var.target_revision
        path           = var.chart_path
        helm = {
          releaseName  = "prost"
          valueFiles   = var.value_files
          valuesObject = var.values
        }
      }
      destination = { server = "https://kubernetes.default.svc", namespace = local.namespace }
      syncPolicy = {
        automated   = { prune = true, selfHeal = true }
        syncOptions = ["ServerSideApply=true", "RespectIgnoreDifferences=true"]
        retry       = { limit = 5, backoff = { duration = "10s", factor = 2, maxDuration = "3m" } }
      }
      ignoreDifferences = [{ group = "apps", kind = "Deployment", name = "prost-api", jsonPointers = ["/spec/replicas"] }]
    }
  }

  depends_on = [kubernetes_secret_v1.prost]
}
