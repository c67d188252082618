terraform {
  required_version = ">= 1.6.0"

  required_providers {
    # Yandex Cloud's own provider (registry: yandex-cloud/yandex). Written against 0.150;
    # not downloadable here, so `tofu validate` does not run on this module (terraform/README.md).
    yandex = {
      source  = "yandex-cloud/yandex"
      version = "~> 0.150"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}
