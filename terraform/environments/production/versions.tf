terraform {
  required_version = ">= 1.6.0"

  # State in Yandex Object Storage (S3 API). Credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
  # of a static key; the bucket is made once by hand (terraform/README.md).
  backend "s3" {
    bucket = "prost-tofu-state"
    key    = "production/terraform.tfstate"
    region = "ru-central1"
    endpoints = {
      s3 = "https://storage.yandexcloud.net"
    }
    skip_region_validation      = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
    skip_s3_checksum            = true
    use_lockfile                = true
  }

  required_providers {
    yandex = {
      source  = "yandex-cloud/yandex"
      version = "~> 0.150"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.38"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}
