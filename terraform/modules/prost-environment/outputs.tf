output "cluster_id" {
  description = "yc managed-kubernetes cluster get-credentials --id <this> --external"
  value       = module.cloud.cluster_id
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint, for the helm and kubernetes providers."
  value       = module.cloud.cluster_endpoint
}

output "cluster_ca_certificate" {
  description = "Kubernetes API CA, for the helm and kubernetes providers."
  value       = module.cloud.cluster_ca_certificate
}

output "argocd_application" {
  description = "The ArgoCD Application that deploys Prost here."
  value       = module.argocd.application
}

output "namespace" {
  description = "Namespace Prost runs in."
  value       = module.argocd.namespace
}
