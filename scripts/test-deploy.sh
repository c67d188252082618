#!/usr/bin/env bash
# The deployment tests (`make test-deploy`): the Helm chart, the ArgoCD objects, the Terraform
# code and the container images, checked by the real tools, with a real kube-apiserver + etcd on
# 127.0.0.1 accepting what the chart renders. Installs what it needs on first use (Debian
# packages; Go tools and schemas cached under $PROST_TOOLS_DIR, see scripts/ensure-go-tool.sh and
# scripts/ensure-deploy-assets.sh).
#
#   scripts/test-deploy.sh            everything
#   scripts/test-deploy.sh chart ...  only the named groups: chart, images, terraform, cluster
#
# Environment: PROST_BIN (default ${CARGO_TARGET_DIR:-target}/debug/prost) for the web parity
# check; it is built when missing. TEST_DEPLOY_KEEP=1 keeps the scratch directory (every check's
# log, the renders, the API server's logs) and prints its path.
#
# Every check prints "ok NAME" or "FAIL NAME"; the last line is "test-deploy: N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "${here}/.." && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
cd "${root}"
log() { echo "test-deploy: $*" >&2; }

chart=deploy/helm/prost
kube_version=1.34.4
groups=("$@")
[[ ${#groups[@]} -gt 0 ]] || groups=(chart images terraform cluster)
wants() { [[ " ${groups[*]} " == *" $1 "* ]]; }

scratch=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop_process "${pid}"; done
  if [[ ${TEST_DEPLOY_KEEP:-0} == 1 ]]; then echo "test-deploy: logs kept in ${scratch}" >&2; else rm -rf "${scratch}"; fi
}
trap cleanup EXIT

passed=0
failed=0
failures=()
# check NAME CMD...: runs CMD, its output in ${scratch}/NAME.log, shown only on failure.
check() {
  local name=$1
  shift
  if "$@" >"${scratch}/${name}.log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   ${name}"
  else
    failed=$((failed + 1))
    failures+=("${name}")
    echo "FAIL ${name}"
    sed 's/^/     | /' "${scratch}/${name}.log" | tail -n 40
  fi
}
# refuse NAME PATTERN CMD...: CMD must fail, saying PATTERN (extended regex): a bad input the
# tools must reject, for the reason we expect rather than any reason at all.
refuse() {
  local name=$1 pattern=$2
  shift 2
  check "${name}" fails_saying "${pattern}" "$@"
}
fails_saying() {
  local pattern=$1 out
  shift
  if out=$("$@" 2>&1); then
    echo "accepted, but should have been refused:"
    echo "${out}" | tail -n 20
    return 1
  fi
  echo "${out}" | tail -n 20
  grep -Eq -- "${pattern}" <<<"${out}" || { echo "refused, but without /${pattern}/"; return 1; }
}

# ---- what the tests need ----
log "installing what is missing (first run builds Go tools: minutes)"
"${here}/ensure-apt.sh" python3-yaml etcd-server nginx-light libnginx-mod-http-brotli-static openssl >&2
helm=$("${here}/ensure-go-tool.sh" helm)
kubeconform=$("${here}/ensure-go-tool.sh" kubeconform)
if wants cluster; then
  apiserver=$("${here}/ensure-go-tool.sh" kube-apiserver)
  # The machine's kubectl when there is one (it is in the image here); else one of the server's version.
  if ! command -v kubectl >/dev/null 2>&1; then
    kubectl_bin=$("${here}/ensure-go-tool.sh" kubectl)
    PATH="$(dirname "${kubectl_bin}"):${PATH}"
  fi
fi
if wants terraform; then tofu=$("${here}/ensure-go-tool.sh" tofu); fi
if wants images; then hadolint=$("${here}/ensure-deploy-assets.sh" hadolint); fi
schemas=$("${here}/ensure-deploy-assets.sh" schemas)
argocd_crds=$("${here}/ensure-deploy-assets.sh" argocd-crds)
prometheus_crds=$("${here}/ensure-deploy-assets.sh" prometheus-crds)

crd_schemas=${scratch}/crd-schemas
python3 "${here}/deploy_checks.py" crd-schemas "${crd_schemas}" "${argocd_crds}"/*.yaml "${prometheus_crds}"/*.yaml >&2
# kubeconform -strict, and at least one object must have been checked (an empty file passes).
conform() {
  local out
  out=$("${kubeconform}" -strict -summary \
    -schema-location "${schemas}/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
    -schema-location "${crd_schemas}/{{ .ResourceKind }}_{{ .Group }}_{{ .ResourceAPIVersion }}.json" "$@") || { echo "${out}"; return 1; }
  echo "${out}"
  grep -Eq 'Valid: [1-9][0-9]*, Invalid: 0, Errors: 0, Skipped: 0' <<<"${out}"
}
render() { "${helm}" template prost "${chart}" --namespace prost --kube-version "${kube_version}" "$@"; }
# render_to FILE ARGS...: the rendered chart in FILE.
render_to() {
  local file=$1
  shift
  render "$@" >"${file}"
}

# The value sets every check runs on: the defaults, every switch on, and the two environments.
declare -A value_sets=(
  [default]=""
  [all-features]="${chart}/ci/all-features-values.yaml"
  [staging]="deploy/argocd/values/staging.yaml"
  [production]="deploy/argocd/values/production.yaml"
)
values_args() { if [[ -n ${value_sets[$1]} ]]; then echo "-f ${value_sets[$1]}"; fi; }

# ---- the chart ----
if wants chart; then
  for set in default all-features staging production; do
    # shellcheck disable=SC2046 # values_args is zero or two words
    check "helm-lint-strict-${set}" "${helm}" lint --strict --kube-version "${kube_version}" "${chart}" $(values_args "${set}")
    # shellcheck disable=SC2046
    check "helm-template-${set}" render_to "${scratch}/${set}.yaml" $(values_args "${set}")
    check "kubeconform-strict-${set}" conform "${scratch}/${set}.yaml"
  done
  check rendered-objects python3 "${here}/deploy_checks.py" rendered "${scratch}/default.yaml" "${scratch}/all-features.yaml"
  # The checks above can fail: web and API on one pool is caught.
  render --set 'web.nodeSelector.prost\.io/pool=api' >"${scratch}/shared-pool.yaml"
  refuse rendered-objects-catch-shared-pool "could share nodes" \
    python3 "${here}/deploy_checks.py" rendered "${scratch}/shared-pool.yaml" "${scratch}/all-features.yaml"
  check kubeconform-argocd conform deploy/argocd/project.yaml deploy/argocd/application-staging.yaml deploy/argocd/application-production.yaml
  # Bad values are refused by values.schema.json before anything renders.
  refuse schema-refuses-empty-existing-secret "at '/secrets/existingSecret': minLength" render --set secrets.existingSecret=
  refuse schema-refuses-privileged-port "at '/api/port': minimum" render --set api.port=80
  refuse schema-refuses-unknown-key "at '/api': additional properties 'nodeSelektor' not allowed" render --set api.nodeSelektor.pool=api
  refuse schema-refuses-bad-duration "at '/reminderLead': 'soon' does not match" render --set reminderLead=soon
  refuse schema-refuses-web-without-limits "at '/web/resources': missing property 'limits'" render --set web.resources.limits=null
  # An Application with a misspelt field fails against ArgoCD's own CRD schema.
  sed 's/selfHeal: true/selfHeal: true\n      prunne: true/' deploy/argocd/application-staging.yaml >"${scratch}/bad-application.yaml"
  refuse argocd-crd-refuses-unknown-field "prunne. not allowed" conform "${scratch}/bad-application.yaml"
fi

# ---- the images ----
if wants images; then
  dockerfiles=(deploy/images/api.Dockerfile deploy/images/web.Dockerfile)
  check hadolint "${hadolint}" --failure-threshold warning "${dockerfiles[@]}"
  # The linter can fail: an untagged base and a root `cd` are caught.
  printf 'FROM debian\nRUN cd /tmp && echo hi\n' >"${scratch}/bad.Dockerfile"
  refuse hadolint-catches-untagged-base "DL3006" "${hadolint}" --failure-threshold warning "${scratch}/bad.Dockerfile"
  check dockerfile-sources-and-run-steps python3 "${here}/deploy_checks.py" dockerfiles "${root}" "${dockerfiles[@]}"
  # The build stages run `cargo build --locked` and `npm ci`: both refuse a lock file that does
  # not match its manifest, which is the one way those steps fail on a tree that builds here.
  # Not --offline: a fresh machine has not downloaded the crates of other platforms that the
  # resolve names (the cold CI run failed here on android_system_properties).
  check api-image-cargo-lock-current cargo metadata --locked --format-version 1
  check web-image-npm-lock-current python3 -c '
import json, sys
pkg, lock = json.load(open("client/package.json")), json.load(open("client/package-lock.json"))
root = lock["packages"][""]
for field in ("dependencies", "devDependencies"):
    if pkg.get(field, {}) != root.get(field, {}):
        sys.exit(f"package-lock.json {field} differ from package.json: npm ci would refuse")
'
  prost_bin=${PROST_BIN:-${CARGO_TARGET_DIR:-target}/debug/prost}
  if [[ ! -x ${prost_bin} ]]; then
    log "building ${prost_bin} for the web parity check"
    cargo build --bin prost >&2
  fi
  check web-image-nginx-matches-prost python3 "${here}/web_parity.py" "${prost_bin}" deploy/images/nginx
fi

# ---- Terraform ----
if wants terraform; then
  # No user or machine CLI configuration (mirrors, credentials): the checks see the files alone.
  : >"${scratch}/tofurc"
  export TF_CLI_CONFIG_FILE=${scratch}/tofurc TF_IN_AUTOMATION=1 NO_COLOR=1
  check tofu-fmt "${tofu}" fmt -check -recursive -diff terraform
  # Only the values module needs no provider, so only it can be initialised and validated here
  # (terraform/README.md lists what is not checked).
  values_module=${scratch}/prost-values
  cp -r terraform/modules/prost-values "${values_module}"
  check tofu-validate-prost-values bash -c 'cd "$1" && "$2" init -backend=false -input=false -no-color && "$2" validate -no-color' _ "${values_module}" "${tofu}"
  check tofu-test-prost-values bash -c 'cd "$1" && "$2" test -no-color' _ "${values_module}" "${tofu}"
  # The rest needs providers for validate, but `tofu get` loads every file of each root's module
  # tree (a syntax error or a module source that does not resolve fails it), in a copy, so no
  # .terraform directory lands in the work tree.
  cp -r terraform "${scratch}/terraform"
  for env in staging production; do
    check "tofu-get-${env}" bash -c 'cd "$1" && "$2" get -no-color' _ "${scratch}/terraform/environments/${env}" "${tofu}"
  done
fi

# What the real API server must accept (and refuse); runs once it answers /readyz.
cluster_checks() {
  kc() { kubectl --request-timeout=30s "$@"; }
  # The CRDs the all-features values and the ArgoCD objects need, as a cluster would have them.
  check apply-crds kc apply --server-side -f "${argocd_crds}" -f "${prometheus_crds}"
  check crds-established kc wait --for condition=established --timeout=60s \
    crd/applications.argoproj.io crd/appprojects.argoproj.io crd/servicemonitors.monitoring.coreos.com
  kc create namespace argocd >/dev/null || true
  kc create namespace prost-staging >/dev/null || true
  kc create namespace prost-production >/dev/null || true
  check argocd-objects-accepted kc apply --dry-run=server -f deploy/argocd/project.yaml \
    -f deploy/argocd/application-staging.yaml -f deploy/argocd/application-production.yaml
  sed 's/prune: true/prune: "sometimes"/' deploy/argocd/application-staging.yaml >"${scratch}/bad-type.yaml"
  refuse argocd-server-refuses-wrong-type "prune.*boolean" kc apply --dry-run=server -f "${scratch}/bad-type.yaml"

  # What schemas do not check and the server does: object names must be RFC 1123 labels
  # (kubeconform -strict accepts this render).
  render --set fullnameOverride=Prost_Bad >"${scratch}/bad-names.yaml"
  refuse server-refuses-bad-names "RFC 1123" kc apply --dry-run=server -n prost-staging -f "${scratch}/bad-names.yaml"

  # The defaults, installed for real (stored in etcd), then upgraded to every feature.
  check helm-install-default "${helm}" install prost "${chart}" --namespace prost --create-namespace
  check installed-objects bash -c 'test "$(kubectl -n prost get deploy,svc,ing,hpa,pdb,networkpolicy,sa -o name | wc -l)" -ge 14'
  check api-deployment-stored bash -c "kubectl -n prost get deploy prost-api -o jsonpath='{.spec.template.spec.nodeSelector.prost\\.io/pool}' | grep -qx api"
  check helm-upgrade-all-features "${helm}" upgrade prost "${chart}" --namespace prost -f "${value_sets[all-features]}"
  check upgrade-added-optional-parts kc -n prost get cronjob/prost-worker-once statefulset/prost-mongodb statefulset/prost-redis servicemonitor/prost-api
  check upgrade-changed-the-api bash -c "kubectl -n prost get deploy prost-api -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name==\"MONGODB_URI\")].value}' | grep -q 'replicaSet=rs0'"
  check helm-history-two-revisions bash -c "\"${helm}\" history prost -n prost -o json | python3 -c 'import json,sys; h=json.load(sys.stdin); sys.exit(0 if [r[\"revision\"] for r in h]==[1,2] and h[-1][\"status\"]==\"deployed\" else 1)'"
  check helm-rollback "${helm}" rollback prost 1 --namespace prost
  check rollback-removed-optional-parts bash -c '! kubectl -n prost get cronjob/prost-worker-once 2>/dev/null'
  for set in staging production; do
    # shellcheck disable=SC2046 # values_args is zero or two words
    render --namespace "prost-${set}" $(values_args "${set}") >"${scratch}/server-${set}.yaml" || true
    check "server-accepts-${set}" kc apply --dry-run=server -n "prost-${set}" -f "${scratch}/server-${set}.yaml"
  done
  check helm-uninstall "${helm}" uninstall prost --namespace prost
  check uninstall-left-nothing bash -c 'test -z "$(kubectl -n prost get deploy,svc,ing,hpa -o name)"'
}

# ---- a real API server ----
if wants cluster; then
  etcd_port=$("${here}/free-port.sh")
  peer_port=$("${here}/free-port.sh")
  api_port=$("${here}/free-port.sh")
  k8s=${scratch}/k8s
  mkdir -p "${k8s}/certs"
  etcd --name prost-test --data-dir "${k8s}/etcd" \
    --listen-client-urls "http://127.0.0.1:${etcd_port}" --advertise-client-urls "http://127.0.0.1:${etcd_port}" \
    --listen-peer-urls "http://127.0.0.1:${peer_port}" --initial-advertise-peer-urls "http://127.0.0.1:${peer_port}" \
    --initial-cluster "prost-test=http://127.0.0.1:${peer_port}" >"${k8s}/etcd.log" 2>&1 &
  pids+=($!)
  openssl genrsa -out "${k8s}/sa.key" 2048 2>/dev/null
  token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  echo "${token},prost-admin,prost-admin,system:masters" >"${k8s}/tokens.csv"
  "${apiserver}" --etcd-servers "http://127.0.0.1:${etcd_port}" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "${api_port}" \
    --cert-dir "${k8s}/certs" --token-auth-file "${k8s}/tokens.csv" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "${k8s}/sa.key" \
    --service-account-signing-key-file "${k8s}/sa.key" --service-cluster-ip-range 10.96.0.0/16 \
    --disable-admission-plugins ServiceAccount --enable-priority-and-fairness=false \
    >"${k8s}/apiserver.log" 2>&1 &
  pids+=($!)
  export KUBECONFIG=${k8s}/kubeconfig
  cat >"${KUBECONFIG}" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: local
    cluster: {server: "https://127.0.0.1:${api_port}", insecure-skip-tls-verify: true}
users:
  - name: admin
    user: {token: "${token}"}
contexts:
  - name: local
    context: {cluster: local, user: admin}
current-context: local
EOF
  ready=0
  for _ in $(seq 1 120); do
    if kubectl get --raw /readyz >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.5
  done
  check kube-apiserver-ready test "${ready}" -eq 1
  if [[ ${ready} -eq 1 ]]; then
    log "kube-apiserver $("${apiserver}" --version) on 127.0.0.1:${api_port}, etcd $(etcd --version | head -n 1)"
    cluster_checks
  else
    tail -n 30 "${k8s}/etcd.log" "${k8s}/apiserver.log" >&2
  fi
fi

echo "test-deploy: ${passed} passed, ${failed} failed"
if [[ ${failed} -gt 0 ]]; then
  echo "failed: ${failures[*]}" >&2
  exit 1
fi
