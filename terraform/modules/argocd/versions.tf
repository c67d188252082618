terraform {
  required_version = ">= 1.6.0"

  required_providers {
    # Written against helm 3.0 (`kubernetes = {}` attribute syntax) and kubernetes 2.38; neither
    # is downloadable here, so `tofu validate` does not run on this module (terraform/README.md).
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.38"
    }
  }
}
