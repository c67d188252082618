#!/usr/bin/env bash
# Print the path of a working k6 binary (stdout: the path alone; progress on stderr).
#
# k6 runs the HTTP load scenarios in loadtest/k6/. It is a Go module, so it is built with the Go
# toolchain (no prebuilt download can work here) into $PROST_TOOLS_DIR/bin/k6 (default
# ~/.cache/prost-tools), outside the work tree, so fresh clones on the same machine reuse it.
#
# K6_VERSION defaults to `latest` (`go install go.k6.io/k6@latest`, v1.8.1 when this was written);
# any cached k6 is then kept, so benchmark runs on one machine keep measuring with the same load
# generator. Set K6_VERSION=v1.8.1 (say) to pin one: a cached binary of another version is rebuilt.
#
# Options:
#   --rebuild ignore the cached binary.
set -euo pipefail

K6_VERSION=${K6_VERSION:-latest}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
tools_dir=${PROST_TOOLS_DIR:-${HOME}/.cache/prost-tools}
out=${tools_dir}/bin/k6

rebuild=0
for arg in "$@"; do
  case ${arg} in
    --rebuild) rebuild=1 ;;
    *) echo "usage: $0 [--rebuild]" >&2; exit 2 ;;
  esac
done

log() { echo "ensure-k6: $*" >&2; }

has_version() {
  local v
  [[ -x $1 ]] || return 1
  [[ ${K6_VERSION} == latest ]] && return 0
  # Capture first: `| grep -q` would close the pipe early and pipefail would turn that into a miss.
  v=$("$1" version 2>/dev/null) || return 1
  grep -q "k6 ${K6_VERSION}" <<<"${v}"
}

build() {
  local go gobin
  go=$(go_toolchain)
  log "building k6 ${K6_VERSION} with $("${go}" version) (a few minutes the first time)"
  gobin=$(mktemp -d)
  work=${gobin}
  # GOBIN: install into a scratch dir first, so a failed build never replaces a working binary.
  GOWORK=off GOFLAGS=-buildvcs=false GOBIN=${gobin} "${go}" install -trimpath "go.k6.io/k6@${K6_VERSION}" >&2
  if ! has_version "${gobin}/k6"; then
    log "built binary does not report ${K6_VERSION}:"
    "${gobin}/k6" version >&2 || true
    return 1
  fi
  install_tool "${gobin}/k6" "${out}"
}

work=""
cleanup() { if [[ -n ${work} ]]; then rm -rf "${work}"; fi; }
trap cleanup EXIT

lock_tool_build "${tools_dir}" k6

if [[ ${rebuild} -eq 1 ]] || ! has_version "${out}"; then
  build
fi

echo "${out}"
