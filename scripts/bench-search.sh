#!/usr/bin/env bash
# Search latency through the stores' indexes: writes the "Search latency" section of
# docs/benchmarks.md (replacing it if there is one). benches/search_latency.rs fills each store
# with public events and times `search_events` (what `GET /events` calls) for no filter, a miss,
# a word, a weekend, `near`, and a one-sided range the indexes cannot narrow; p50/p99 of 200
# queries each. Once on the embedded store, once on FerretDB.
#
#   BENCH_OUT [docs/benchmarks.md]   SEARCH_BENCH_SIZES [1000,10000]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
root=$(cd "${here}/.." && pwd)
cd "${root}"
out=${BENCH_OUT:-docs/benchmarks.md}
sizes=${SEARCH_BENCH_SIZES:-1000,10000}
work=$(mktemp -d)
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() { rm -rf "${work}"; }
trap cleanup EXIT
log() { echo "bench-search.sh: $*" >&2; }

ferretdb=$(scripts/ensure-ferretdb.sh)
status=0
SEARCH_BENCH_SIZES=${sizes} PROST_TEST_FERRETDB=${ferretdb} timeout --kill-after=10 3600 \
  cargo bench --bench search_latency -- --bench >"${work}/table.md" 2>"${work}/bench.log" || status=$?
cat "${work}/bench.log" >&2
[[ ${status} -eq 0 ]] || echo "exit ${status}" >"${work}/bench.failed"

bench_machine_facts "$(git rev-parse --short HEAD)"
PYTHONPATH="${here}" python3 - "${work}" "${sizes}" >"${work}/section.md" <<'PY'
import os
import sys
from bench_report import Run
run, sizes = Run(sys.argv[1]), sys.argv[2]
w = print
e = os.environ
w("## Search latency\n")
w("Written by `scripts/bench-search.sh` (`make bench`); it replaces only this section.")
w(f"`SEARCH_BENCH_SIZES={sizes} cargo bench --bench search_latency -- --bench`: each store is filled with")
w("that many public events (three slots each over the next 60 days, one place round Moscow or Petersburg,")
w("\"пиво\" in one title in ten), then `search_events` (what `GET /events` calls, without HTTP) runs 200")
w("times per case as a guest, 20 a page. \"from: past every event\" is a one-sided range that no index")
w("narrows: it reads the scan budget (8 entries an item) and answers an empty page with a cursor.\n")
w(f"Run {e['BENCH_DATE']} on {e['BENCH_CPU']} ({e['BENCH_NPROC']} cores), {e['BENCH_KERNEL']}, commit {e['BENCH_COMMIT']}, {e['BENCH_RUSTC']}.\n")
w(run.read("table.md").strip() or "No results.")
w("")
w(run.failure("bench"))
PY
python3 "${here}/bench_report.py" "${out}" "${work}/section.md"
log "wrote the Search latency section of ${out}"
