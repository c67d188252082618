#!/usr/bin/env bash
# The JMeter load test (`make loadtest-jmeter`, part of `make bench`): starts a fresh release
# `prost serve` on a free 127.0.0.1 port with an empty embedded store, runs src/test/jmeter/prost.jmx
# through jmeter-maven-plugin (Maven Central; Debian's Maven 3.8), then writes the "JMeter" section
# of docs/benchmarks.md from the samples. Fails when the plugin's error threshold is passed.
#
# Environment (defaults in brackets):
#   PROST_BIN          server binary            [${CARGO_TARGET_DIR:-target}/release/prost, built if missing]
#   JMETER_THREADS     virtual users            [20]
#   JMETER_DURATION    seconds of load          [60]
#   JMETER_RAMPUP      seconds to start them    [5]
#   JMETER_READS       reads per answer         [5]
#   JMETER_MAX_ERRORS  failing error rate, %    [0.1]
#   BENCH_OUT          report to update         [docs/benchmarks.md]
# The whole run is bounded: the load lasts JMETER_DURATION seconds and Maven is killed after
# JMETER_DURATION + 600 s (the first run downloads JMeter).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "${here}/../.." && pwd)
# shellcheck source=scripts/lib.sh
. "${root}/scripts/lib.sh"
cd "${root}"
log() { echo "loadtest-jmeter: $*" >&2; }

threads=${JMETER_THREADS:-20}
duration=${JMETER_DURATION:-60}
rampup=${JMETER_RAMPUP:-5}
reads=${JMETER_READS:-5}
max_errors=${JMETER_MAX_ERRORS:-0.1}
out=${BENCH_OUT:-docs/benchmarks.md}
prost_bin=${PROST_BIN:-${CARGO_TARGET_DIR:-target}/release/prost}

"${root}/scripts/ensure-apt.sh" maven default-jre-headless >&2
if [[ ! -x ${prost_bin} ]]; then
  log "building ${prost_bin}"
  cargo build --release --bin prost >&2
fi

work=$(mktemp -d)
server=""
cleanup() {
  stop_process "${server}"
  rm -rf "${work}"
}
trap cleanup EXIT

port=$("${root}/scripts/free-port.sh")
# The per-IP limits guard real users from one abusive address; here every virtual user shares
# 127.0.0.1, so they are lifted for the run (the limits themselves have their own tests).
PROST_ADDR=127.0.0.1:${port} PROST_DATA_DIR=${work}/data PROST_WEB_DIR=${work}/no-client \
  PROST_AUTH_RATE_PER_MIN=100000 PROST_CREATE_RATE_PER_MIN=1000000 PROST_JOIN_RATE_PER_MIN=1000000 PROST_ANSWER_RATE_PER_MIN=1000000 PROST_MAX_CONNECTIONS_PER_IP=100000 PROST_MAX_SOCKETS_PER_IP=100000 PROST_READ_RATE_PER_MIN=100000000 PROST_COMMENT_RATE_PER_MIN=1000000 \
  RUST_LOG=warn "${prost_bin}" serve >"${work}/prost.log" 2>&1 &
server=$!
"${root}/scripts/wait-http.sh" "http://127.0.0.1:${port}/readyz" >&2

# Other work on the machine moves these numbers; the report says how busy it was.
export BENCH_LOADAVG
BENCH_LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
log "${threads} users for ${duration} s against 127.0.0.1:${port}"
# A stale file from an earlier run must not stand in for this one's.
rm -rf "${here}/target/jmeter/results"
status=0
timeout "$((duration + 600))" mvn -B -f "${here}/pom.xml" verify \
  -Dprost.port="${port}" -Dprost.threads="${threads}" -Dprost.duration="${duration}" \
  -Dprost.rampup="${rampup}" -Dprost.reads="${reads}" -Dprost.maxErrorPercent="${max_errors}" \
  >"${work}/maven.log" 2>&1 || status=$?
tail -n 25 "${work}/maven.log" >&2

results=${here}/target/jmeter/results/prost.csv
if [[ ! -s ${results} ]]; then
  log "no results file; Maven exited ${status}"
  exit 1
fi
bench_machine_facts "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
python3 "${here}/report.py" "${results}" "${out}" "${threads}" "${duration}" "${reads}" "${max_errors}" "${status}"
if [[ ${status} -ne 0 ]]; then
  log "the run failed (Maven exited ${status}); server log tail:"
  tail -n 20 "${work}/prost.log" >&2
  exit "${status}"
fi
