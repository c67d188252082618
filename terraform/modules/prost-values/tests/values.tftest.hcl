# `tofu test` (run by make test-deploy): the values this module hands the chart.

variables {
  host           = "prost.example"
  image_registry = "cr.yandex/crp123/prost"
}

run "defaults_put_web_and_api_on_their_pools" {
  command = plan

  assert {
    condition     = output.values.web.nodeSelector["prost.io/pool"] == "web"
    error_message = "web must select the web pool"
  }
  assert {
    condition     = output.values.api.nodeSelector["prost.io/pool"] == "api"
    error_message = "api must select the api pool"
  }
  assert {
    condition     = output.values.api.tolerations[0].value == "api" && output.values.web.tolerations[0].value == "web"
    error_message = "each tier tolerates only its own pool's taint"
  }
  assert {
    condition     = output.values.secrets.existingSecret == "prost-secrets" && output.values.secrets.mongodbUriKey == "mongodb-uri"
    error_message = "the chart must read the Secret the argocd module writes"
  }
  assert {
    condition     = output.values.publicUrl == "https://prost.example" && output.values.ingress.tls.enabled
    error_message = "public URL and TLS follow the host"
  }
  assert {
    condition     = output.values.image.api.repository == "cr.yandex/crp123/prost/api"
    error_message = "image repositories hang under the registry"
  }
}

run "untainted_pools_need_no_tolerations" {
  command = plan
  variables {
    tainted_pools = false
  }
  assert {
    condition     = length(output.values.api.tolerations) == 0 && length(output.values.web.tolerations) == 0
    error_message = "no taints, no tolerations"
  }
}

run "one_pool_for_both_is_refused" {
  command = plan
  variables {
    web_pool = "shared"
    api_pool = "shared"
  }
  expect_failures = [terraform_data.pools_apart]
}

run "a_url_is_not_a_host" {
  command = plan
  variables {
    host = "https://prost.example"
  }
  expect_failures = [var.host]
}

run "autoscaler_bounds_are_checked" {
  command = plan
  variables {
    api_replicas = { min = 5, max = 2 }
  }
  expect_failures = [var.api_replicas]
}
