terraform {
  # OpenTofu 1.6+ (or Terraform 1.5+): terraform_data and preconditions.
  required_version = ">= 1.6.0"
}
