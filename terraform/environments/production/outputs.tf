output "cluster_id" {
  description = "yc managed-kubernetes cluster get-credentials --id <this> --external"
  value       = module.cloud.cluster_id
}

output "argocd_application" {
  description = "The ArgoCD Application that deploys Prost here."
  value       = module.argocd.application
}

output "namespace" {
  description = "Namespace Prost runs in."
  value       = module.argocd.namespace
}
