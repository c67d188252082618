output "cluster_id" {
  description = "yc managed-kubernetes cluster get-credentials --id <this> --external"
  value       = module.prost.cluster_id
}

output "argocd_application" {
  description = "The ArgoCD Application that deploys Prost here."
  value       = module.prost.argocd_application
}

output "namespace" {
  description = "Namespace Prost runs in."
  value       = module.prost.namespace
}
