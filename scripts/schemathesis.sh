#!/usr/bin/env bash
# Property-based API tests: run Schemathesis against a real `prost serve` and its own OpenAPI doc.
#
#   scripts/schemathesis.sh                 # start the server, test it, stop it
#   scripts/schemathesis.sh --install-only  # only prepare the Schemathesis venv
#
# Environment:
#   PROST_BIN                    server binary (default: ${CARGO_TARGET_DIR:-target}/debug/prost)
#   PROST_TOOLS_DIR              cache for tools (default ~/.cache/prost-tools); the venv is in venv/
#   SCHEMATHESIS_CHECKS          checks to run (default: all)
#   SCHEMATHESIS_EXCLUDE_CHECKS  checks to skip (default: none)
#   SCHEMATHESIS_MAX_EXAMPLES    test cases per operation (default: 50)
#   SCHEMATHESIS_SEED            random seed (default: fixed, so CI is reproducible; "random" for a new one)
#   SCHEMATHESIS_TIMEOUT         hard limit for the whole run in seconds (default: 600)
#
# Checks: `all`. Every check in Schemathesis 4.x judges something the project owns: the status
# codes, headers and bodies our OpenAPI document promises, that invalid input is rejected with a
# 4xx (API.md: 400, never 422 or 500), that protected operations refuse missing/bad tokens, that
# deleted resources are gone, and 405 + Allow for undocumented methods. Rate limiting (429) is
# tolerated by the checks where it may legitimately occur, but it must be documented in the
# OpenAPI responses of throttled operations for status_code_conformance to pass. If a check turns
# out to report something outside our control, exclude it with SCHEMATHESIS_EXCLUDE_CHECKS here
# and say why in this comment.
#
# Excluded by default:
#   positive_data_acceptance: it expects every schema-valid body to be accepted, but the domain has
#     rules JSON Schema cannot state: an IANA zone name that exists, a slot that ends after it
#     starts, `slots` xor `grid`, a deadline that parses as RFC 3339. Those get a 400 with
#     `fields`, which the integration tests assert one by one.
# And the operation `GET /api/v1/events/{id}/live` is skipped: it is a WebSocket upgrade that
# plain HTTP fuzzing cannot drive (tests/api/live.rs covers it, including the 400 for a plain GET).
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
root=$(cd "${here}/.." && pwd)
tools_dir=${PROST_TOOLS_DIR:-${HOME}/.cache/prost-tools}
venv=${tools_dir}/venv
st=${venv}/bin/schemathesis

log() { echo "schemathesis.sh: $*" >&2; }

install_only=0
case ${1:-} in
  "") ;;
  --install-only) install_only=1 ;;
  *) echo "usage: $0 [--install-only]" >&2; exit 2 ;;
esac

ensure_venv() {
  local have="" py
  if [[ -x ${st} ]]; then
    have=$("${st}" --version 2>/dev/null || true)
  fi
  if [[ ${have} == *"version ${SCHEMATHESIS_VERSION}" ]]; then
    return 0
  fi
  log "installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv}"
  mkdir -p "${tools_dir}"
  if [[ ! -x ${venv}/bin/python ]]; then
    py=${PYTHON:-python3}
    if ! "${py}" -m venv "${venv}" >&2; then
      # Debian's python3 needs python3-venv for `-m venv`.
      rm -rf "${venv}"
      "${here}/ensure-apt.sh" python3-venv
      /usr/bin/python3 -m venv "${venv}" >&2
    fi
  fi
  "${venv}/bin/python" -m pip install --quiet --disable-pip-version-check \
    "schemathesis==${SCHEMATHESIS_VERSION}" >&2
  "${st}" --version >&2
}

mkdir -p "${tools_dir}"
# One installer at a time on this machine.
exec 9>"${tools_dir}/.venv.lock"
flock 9
ensure_venv
exec 9>&-
if [[ ${install_only} -eq 1 ]]; then
  exit 0
fi

cd "${root}"
bin=${PROST_BIN:-${CARGO_TARGET_DIR:-target}/debug/prost}
if [[ ! -x ${bin} ]]; then
  log "no server binary at ${bin} (run cargo build, or set PROST_BIN)"
  exit 1
fi

port=$("${here}/free-port.sh")
base=http://127.0.0.1:${port}
data=$(mktemp -d)
server_pid=""
fake_pid=""
status=1

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  stop_process "${server_pid}"
  stop_process "${fake_pid}"
  if [[ ${status} -ne 0 && -s ${data}/server.log ]]; then
    log "last lines of the server log:"
    tail -n 40 "${data}/server.log" | sed 's/^/  /' >&2
  fi
  rm -rf "${data}"
}
trap cleanup EXIT

# Telegram on, against the fake Bot API, so its endpoints are fuzzed doing their work (with
# Telegram off they answer 503 by design, which Schemathesis counts as a server error).
fake_bin=$(dirname "${bin}")/prost-fake-telegram
if [[ ! -x ${fake_bin} ]]; then
  cargo build -q -p prost-fake-telegram >&2
fi
"${fake_bin}" >"${data}/fake-telegram.url" 2>"${data}/fake-telegram.log" &
fake_pid=$!
for _ in $(seq 50); do
  [[ -s ${data}/fake-telegram.url ]] && break
  sleep 0.1
done
fake_url=$(head -n 1 "${data}/fake-telegram.url")

log "starting ${bin} serve on ${base} (data dir ${data}, Telegram at ${fake_url})"
# Schemathesis creates and joins far faster than people do; the budgets are for people.
PROST_ADDR=127.0.0.1:${port} PROST_DATA_DIR=${data} PROST_CREATE_RATE_PER_MIN=1000000 PROST_JOIN_RATE_PER_MIN=1000000 \
  PROST_ANSWER_RATE_PER_MIN=1000000 PROST_AUTH_RATE_PER_MIN=1000000 PROST_READ_RATE_PER_MIN=100000000 PROST_COMMENT_RATE_PER_MIN=1000000 TELEGRAM_BOT_TOKEN=123456:TEST-fake-token \
  TELEGRAM_API_URL=${fake_url} "${bin}" serve >"${data}/server.log" 2>&1 &
server_pid=$!

if ! "${here}/wait-http.sh" "${base}/healthz" 60; then
  log "server did not become healthy"
  exit 1
fi

# A user for the operations that need a token.
register_body='{"email":"schema@example.com","password":"correct horse battery","name":"Schema"}'
reply=$(curl -sS --max-time 10 -w '\n%{http_code}' -X POST "${base}/api/v1/auth/register" \
  -H 'Content-Type: application/json' --data "${register_body}")
code=${reply##*$'\n'}
reply=${reply%$'\n'*}
if [[ ${code} != 201 ]]; then
  log "register failed with HTTP ${code}: ${reply}"
  exit 1
fi
token=$("${venv}/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])' <<<"${reply}")

checks=${SCHEMATHESIS_CHECKS:-all}
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-50}
seed=${SCHEMATHESIS_SEED:-20261124}
args=(
  run "${base}/api/openapi.json"
  --checks "${checks}"
  --max-examples "${max_examples}"
  --header "Authorization: Bearer ${token}"
  --workers 2
  --request-timeout 10
  --no-color
)
exclude_checks=${SCHEMATHESIS_EXCLUDE_CHECKS-positive_data_acceptance}
if [[ -n ${exclude_checks} ]]; then
  args+=(--exclude-checks "${exclude_checks}")
fi
args+=(--exclude-path-regex '/live$')
if [[ ${seed} != random ]]; then
  args+=(--seed "${seed}")
fi

log "running schemathesis ${SCHEMATHESIS_VERSION}: checks=${checks} max-examples=${max_examples} seed=${seed}"
# --output-sanitize (on by default) hides the bearer token in reports.
run_schemathesis() {
  set +e
  timeout --kill-after=10 "${SCHEMATHESIS_TIMEOUT:-600}" "${st}" "${args[@]}" </dev/null | tee "${data}/report.txt"
  status=${PIPESTATUS[0]}
  set -e
}
run_schemathesis
# Schemathesis 4.x sometimes stops on an error of its own ("Runtime Error ... Inconsistent
# results", a KeyError inside its generator) with no failure found in our API. Such a run says
# nothing about the server, so it is run once more; a real failure is never retried. With a fixed
# seed the same error comes back, so the rerun takes the next seed, and when the error was in the
# examples phase (building strategies from the documented examples) it skips that phase: the
# other phases still cover every operation.
if [[ ${status} -ne 0 && ${status} -ne 124 ]] && ! grep -q 'unique failure' "${data}/report.txt" \
  && grep -q 'Runtime Error' "${data}/report.txt"; then
  log "schemathesis stopped on an internal error without finding a failure; running it once more"
  if [[ ${seed} != random ]]; then
    args+=(--seed "$((seed + 1))")
  fi
  if grep -q 'get_strategies_from_examples' "${data}/report.txt"; then
    args+=(--phases coverage,fuzzing,stateful)
  fi
  run_schemathesis
fi

case ${status} in
  0) echo "schemathesis: PASSED against ${base}/api/openapi.json (checks=${checks}, max-examples=${max_examples})" ;;
  124|137) echo "schemathesis: FAILED: timed out after ${SCHEMATHESIS_TIMEOUT:-600}s" ;;
  *) echo "schemathesis: FAILED (exit ${status}); see the failures above" ;;
esac
exit "${status}"
