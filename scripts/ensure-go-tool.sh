#!/usr/bin/env bash
# Usage: ensure-go-tool.sh [--rebuild] TOOL
# Print the path of a working TOOL binary (stdout: the path alone; progress on stderr), building it
# from the Go module proxy the first time. TOOL is one of:
#
#   helm            helm.sh/helm/v3 v3.22.0                 (about 6 min cold on 2 idle cores)
#   kubeconform     github.com/yannh/kubeconform v0.8.0     (about 1 min cold)
#   kube-apiserver  k8s.io/kubernetes v1.34.4               (about 13 min cold)
#   kubectl         k8s.io/kubernetes v1.34.4               (only where no kubectl is installed)
#   tofu            github.com/opentofu/opentofu v1.12.6    (8-18 min cold)
#
# Binaries are cached at $PROST_TOOLS_DIR/bin/TOOL (default ~/.cache/prost-tools), outside the work
# tree, like FerretDB (scripts/ensure-ferretdb.sh), so fresh clones on one machine reuse them. A
# cached binary that reports another version is rebuilt. Builds run under `nice -n 19`: the cores
# are shared.
#
# Why wrapper modules for kube-apiserver and tofu: `go install pkg@version` refuses a module whose
# go.mod has `replace` directives. Both modules have them (Kubernetes points every k8s.io/* staging
# module at ./staging; OpenTofu swaps in its fork of HCL), so we build from a throwaway module that
# requires the exact version and repeats those replaces with published versions.
set -euo pipefail

HELM_VERSION=v3.22.0
KUBECONFORM_VERSION=v0.8.0
KUBERNETES_VERSION=v1.34.4
# The k8s.io/* staging modules are published as v0.<minor>.<patch> of the same release.
KUBERNETES_STAGING_VERSION=v0.34.4
TOFU_VERSION=v1.12.6
TOFU_HCL_REPLACE="github.com/hashicorp/hcl/v2=github.com/opentofu/hcl/v2@v2.20.2-0.20251021132045-587d123c2828"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
tools_dir=${PROST_TOOLS_DIR:-${HOME}/.cache/prost-tools}

rebuild=0
tool=""
for arg in "$@"; do
  case ${arg} in
    --rebuild) rebuild=1 ;;
    helm | kubeconform | kube-apiserver | kubectl | tofu) tool=${arg} ;;
    *) echo "usage: $0 [--rebuild] helm|kubeconform|kube-apiserver|kubectl|tofu" >&2; exit 2 ;;
  esac
done
[[ -n ${tool} ]] || { echo "usage: $0 [--rebuild] helm|kubeconform|kube-apiserver|kubectl|tofu" >&2; exit 2; }
out=${tools_dir}/bin/${tool}

log() { echo "ensure-go-tool(${tool}): $*" >&2; }

# The version line each tool prints, and what it must contain.
has_version() {
  local bin=$1 v
  [[ -x ${bin} ]] || return 1
  # Capture first: `| grep -q` would close the pipe early and pipefail would turn that into a miss.
  case ${tool} in
    helm) v=$("${bin}" version --short 2>/dev/null) || return 1; [[ ${v} == "${HELM_VERSION}"* ]] ;;
    kubeconform) v=$("${bin}" -v 2>/dev/null) || return 1; [[ ${v} == "${KUBECONFORM_VERSION}"* ]] ;;
    kube-apiserver) v=$("${bin}" --version 2>/dev/null) || return 1; [[ ${v} == "Kubernetes ${KUBERNETES_VERSION}" ]] ;;
    kubectl) v=$("${bin}" version --client 2>/dev/null) || return 1; grep -q "Client Version: ${KUBERNETES_VERSION}" <<<"${v}" ;;
    # tofu may print CLI-configuration warnings before its version line.
    tofu) v=$("${bin}" version 2>/dev/null) || return 1; grep -qx "OpenTofu ${TOFU_VERSION}" <<<"${v}" ;;
  esac
}

# Writes go.mod + tools.go of a wrapper module requiring $1@$2 and importing package $3.
wrapper_module() {
  local module=$1 version=$2 pkg=$3
  cat >go.mod <<GOMOD
module prosttools

go 1.24

require ${module} ${version}
GOMOD
  cat >tools.go <<GO
//go:build tools

package tools

import _ "${pkg}"
GO
}

build() {
  local go bin
  go=$(go_toolchain)
  log "building with $("${go}" version); nice -n 19, this takes minutes the first time"
  work=$(mktemp -d)
  bin=${work}/${tool}
  local started=${SECONDS}
  (
    cd "${work}"
    export GOWORK=off GOFLAGS=-buildvcs=false GO111MODULE=on
    case ${tool} in
      helm)
        GOBIN=${work} nice -n 19 "${go}" install -trimpath \
          -ldflags "-X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}" \
          "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}" >&2
        ;;
      kubeconform)
        GOBIN=${work} nice -n 19 "${go}" install -trimpath \
          -ldflags "-X main.version=${KUBECONFORM_VERSION}" \
          "github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}" >&2
        ;;
      kube-apiserver | kubectl)
        mkdir mod && cd mod
        wrapper_module k8s.io/kubernetes "${KUBERNETES_VERSION}" "k8s.io/kubernetes/cmd/${tool}"
        # Repeat Kubernetes' own replaces (k8s.io/X => ./staging/src/k8s.io/X) with published versions.
        local gomod rep
        gomod=$("${go}" mod download -json "k8s.io/kubernetes@${KUBERNETES_VERSION}" |
          python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
        for rep in $("${go}" mod edit -json "${gomod}" | python3 -c '
import json, sys
for r in json.load(sys.stdin).get("Replace") or []:
    if r["New"]["Path"].startswith("./staging/"):
        print(r["Old"]["Path"])'); do
          "${go}" mod edit -replace "${rep}=${rep}@${KUBERNETES_STAGING_VERSION}"
        done
        "${go}" mod tidy >&2
        nice -n 19 "${go}" build -trimpath -o "${bin}" \
          -ldflags "-X k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION} -X k8s.io/client-go/pkg/version.gitVersion=${KUBERNETES_VERSION}" \
          "k8s.io/kubernetes/cmd/${tool}" >&2
        ;;
      tofu)
        mkdir mod && cd mod
        wrapper_module github.com/opentofu/opentofu "${TOFU_VERSION}" github.com/opentofu/opentofu/cmd/tofu
        "${go}" mod edit -replace "${TOFU_HCL_REPLACE}"
        "${go}" mod tidy >&2
        nice -n 19 "${go}" build -trimpath -o "${bin}" \
          -ldflags "-X github.com/opentofu/opentofu/version.dev=no" \
          github.com/opentofu/opentofu/cmd/tofu >&2
        ;;
    esac
  )
  if ! has_version "${bin}"; then
    log "built binary does not report the expected version; it says:"
    case ${tool} in
      helm) "${bin}" version --short >&2 || true ;;
      kubeconform) "${bin}" -v >&2 || true ;;
      kube-apiserver) "${bin}" --version >&2 || true ;;
      kubectl) "${bin}" version --client >&2 || true ;;
      tofu) "${bin}" version >&2 || true ;;
    esac
    return 1
  fi
  log "built in $((SECONDS - started)) s"
  install_tool "${bin}" "${out}"
}

work=""
cleanup() { if [[ -n ${work} ]]; then chmod -R u+w "${work}" 2>/dev/null || true; rm -rf "${work}"; fi; }
trap cleanup EXIT

lock_tool_build "${tools_dir}" "${tool}"

if [[ ${rebuild} -eq 1 ]] || ! has_version "${out}"; then
  build
fi

echo "${out}"
