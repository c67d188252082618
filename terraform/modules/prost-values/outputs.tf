output "values" {
  description = "Values for the Prost chart, as an object (ArgoCD's helm.valuesObject, or yamlencode for a file)."
  value       = local.values
}

output "pool_label" {
  description = "The node label that separates the pools; the cloud module sets it on each node group."
  value       = local.pool_label
}

output "secret_keys" {
  description = "Keys of the Secret the chart reads, by purpose."
  value       = local.secret_keys
}
