output "namespace" {
  description = "Namespace Prost runs in."
  value       = kubernetes_namespace_v1.prost.metadata[0].name
}

output "application" {
  description = "Name of the ArgoCD Application (argocd app get <name>)."
  value       = kubernetes_manifest.application.manifest.metadata.name
}
