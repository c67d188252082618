#!/usr/bin/env bash
# Usage: loadtest/k6/run.sh [SCENARIO...]      (default: events reads votes)
#
# Starts a local cluster (Redis, FerretDB, three replicas, HAProxy with TLS; see
# cluster/src/bin/prost-cluster.rs), runs each k6 scenario twice, through HAProxy over HTTPS and
# straight at replica r1 over HTTP, and prints p50/p95/p99 of each, with the ratios
# docs/benchmarks.md wants: "through HAProxy vs direct" and "cache hit vs miss" (hot reads vs
# reads right after a write). Summaries (k6 JSON) stay in $PROST_K6_OUT (default target/k6).
#
# Environment: VUS (≤ 50, default 20), DURATION (≤ 60s, default 30s), PROFILE (release, the
# default, or debug: debug timings are not worth publishing), PROST_K6_OUT (not K6_OUT, which
# k6 itself reads as --out).
# Every request goes to 127.0.0.1; the cluster is stopped and removed on exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "${root}"
scenarios=("$@")
if [[ ${#scenarios[@]} -eq 0 ]]; then scenarios=(events reads votes); fi
for scenario in "${scenarios[@]}"; do
  [[ -f loadtest/k6/${scenario}.js ]] || { echo "run.sh: no scenario loadtest/k6/${scenario}.js" >&2; exit 2; }
done

profile=${PROFILE:-release}
target_dir=${CARGO_TARGET_DIR:-${root}/target}
out=${PROST_K6_OUT:-${target_dir}/k6}
mkdir -p "${out}"

scripts/ensure-apt.sh redis-server haproxy openssl python3
ferretdb=$(scripts/ensure-ferretdb.sh)
k6=$(scripts/ensure-k6.sh)
profile_flag=()
if [[ ${profile} == release ]]; then profile_flag=(--release); fi
cargo build "${profile_flag[@]}" -p prost --bin prost -p prost-cluster --bin prost-cluster >&2
bin_dir=${target_dir}/${profile}

echo "run.sh: starting the cluster (${profile} build)" >&2
PROST_BIN=${bin_dir}/prost PROST_TEST_FERRETDB=${ferretdb} \
  "${bin_dir}/prost-cluster" >"${out}/cluster.env" 2>"${out}/cluster.log" &
cluster_pid=$!
stop_cluster() {
  # SIGTERM lets prost-cluster drop the cluster: every child killed, temp dir removed.
  kill -TERM "${cluster_pid}" 2>/dev/null || true
  wait "${cluster_pid}" 2>/dev/null || true
}
trap stop_cluster EXIT

for _ in $(seq 1 600); do
  if grep -q '^READY=1$' "${out}/cluster.env" 2>/dev/null; then break; fi
  if ! kill -0 "${cluster_pid}" 2>/dev/null; then
    echo "run.sh: the cluster did not start:" >&2
    tail -n 40 "${out}/cluster.log" >&2
    exit 1
  fi
  sleep 0.1
done
grep -q '^READY=1$' "${out}/cluster.env" || { echo "run.sh: cluster not ready after 60 s" >&2; exit 1; }
# shellcheck disable=SC1091
source "${out}/cluster.env"

status=0
for scenario in "${scenarios[@]}"; do
  for via in haproxy direct; do
    if [[ ${via} == haproxy ]]; then base=${PROST_HAPROXY_URL}; else base=${PROST_REPLICA_1_URL}; fi
    echo "== ${scenario} via ${via} (${base})" >&2
    # SSL_CERT_FILE: k6 (Go) then trusts the cluster's self-signed certificate, verifying it
    # rather than skipping verification.
    if ! SSL_CERT_FILE=${PROST_HAPROXY_CA} "${k6}" run --quiet --no-usage-report \
      -e BASE_URL="${base}" -e SUMMARY_JSON="${out}/${scenario}-${via}.json" \
      "loadtest/k6/${scenario}.js"; then
      echo "run.sh: ${scenario} via ${via} crossed an error-rate threshold" >&2
      status=1
    fi
  done
done

python3 - "${out}" "${scenarios[@]}" <<'PY'
import json, os, sys

out, scenarios = sys.argv[1], sys.argv[2:]

def trends(scenario, via):
    path = os.path.join(out, f"{scenario}-{via}.json")
    if not os.path.exists(path):
        return {}
    metrics = json.load(open(path))["metrics"]
    return {name: m["values"] for name, m in metrics.items() if m.get("type") == "trend" and name.endswith("_ms")}

def rate(scenario, via, name):
    path = os.path.join(out, f"{scenario}-{via}.json")
    if not os.path.exists(path):
        return None
    metric = json.load(open(path))["metrics"].get(name)
    return metric["values"]["rate"] if metric else None

print()
print(f"{'scenario':10} {'metric':22} {'via':8} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}")
rows = {}
for scenario in scenarios:
    for via in ("haproxy", "direct"):
        for name, v in sorted(trends(scenario, via).items()):
            rows[(scenario, name, via)] = v
            print(f"{scenario:10} {name:22} {via:8} {v['med']:9.2f} {v['p(95)']:9.2f} {v['p(99)']:9.2f}")

print()
print("through HAProxy / direct (p50, p95, p99):")
for (scenario, name, via), v in sorted(rows.items()):
    direct = rows.get((scenario, name, "direct"))
    if via == "haproxy" and direct:
        ratios = [v[k] / direct[k] if direct[k] else float("nan") for k in ("med", "p(95)", "p(99)")]
        print(f"  {scenario}/{name}: " + ", ".join(f"{r:.2f}" for r in ratios))

if "reads" in scenarios:
    print()
    print("cache miss (read after write) / hit (hot read) (p50, p95, p99):")
    for via in ("haproxy", "direct"):
        hit, miss = rows.get(("reads", "read_hot_ms", via)), rows.get(("reads", "read_after_write_ms", via))
        if hit and miss:
            ratios = [miss[k] / hit[k] if hit[k] else float("nan") for k in ("med", "p(95)", "p(99)")]
            print(f"  {via}: " + ", ".join(f"{r:.2f}" for r in ratios))
        for name in ("hot_read_cache_hit", "after_write_cache_hit"):
            r = rate("reads", via, name)
            if r is not None:
                print(f"  {via}: {name} = {r * 100:.1f}%")
PY
exit "${status}"
