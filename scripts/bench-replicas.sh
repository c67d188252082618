#!/usr/bin/env bash
# Multi-replica load tests: writes the "Replicas" section at the end of docs/benchmarks.md
# (replacing it if there is one; the sections scripts/bench.sh writes are left alone).
#
#   1. Single-node baseline: one `prost serve` alone, no REDIS_URL, on its own FerretDB (the
#      same binary and SQLite backend as the cluster's), so the ratio isolates what Redis and
#      the other replicas add rather than a different store.
#   2. The cluster (target/release/prost-cluster: Redis, FerretDB, replicas r1–r3, HAProxy):
#      setup calls and the painter always on r1, the watchers either all on r1 or round-robin
#      over r1, r2, r3 (`--watch-url`), so two thirds of them get every diff via Redis pub/sub.
#      - prost-loadtest fanout: 1,000 and 10,000 watchers of one event;
#      - prost-loadtest events: 1,000 events × 10 watchers, one change per event at once;
#      - prost-loadtest reads: sequential GETs through HAProxy vs straight to a replica, and
#        cache hits vs the first read after each change; /metrics' prost_view_cache_total
#        before and after.
#   3. loadtest/k6/run.sh when it exists (its own cluster; k6 scenarios through HAProxy and
#      direct): its table and ratios are copied into the report as they are.
#
# Everything runs against 127.0.0.1, every step is bounded by `timeout` and by the load
# generator's own --max-secs, and everything started here is stopped on exit. These are
# measurements, not pass/fail tests: a scenario that fails is recorded and the script goes on.
#
# Environment (defaults in brackets):
#   BENCH_OUT [docs/benchmarks.md]
#   BENCH_SMALL [1000] BENCH_SMALL_CHANGES [50]   fan-out watchers and changes, smaller run
#   BENCH_LARGE [10000] BENCH_LARGE_CHANGES [20]  fan-out watchers and changes, larger run
#   BENCH_PROCESSES [2]                           generator processes holding the watchers
#   BENCH_EVENTS [1000] BENCH_EVENT_WATCHERS [10] BENCH_EVENTS_PROCESSES [2]
#   BENCH_READS [300] BENCH_READ_CHANGES [100]    reads scenario: hot GETs, changes per server
#   BENCH_SKIP_SINGLE=1 / BENCH_SKIP_K6=1          skip the single-node baseline / loadtest/k6/run.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
root=$(cd "${here}/.." && pwd)
cd "${root}"
target=${CARGO_TARGET_DIR:-target}
out=${BENCH_OUT:-docs/benchmarks.md}
small=${BENCH_SMALL:-1000}
small_changes=${BENCH_SMALL_CHANGES:-50}
large=${BENCH_LARGE:-10000}
large_changes=${BENCH_LARGE_CHANGES:-20}
processes=${BENCH_PROCESSES:-2}
events=${BENCH_EVENTS:-1000}
event_watchers=${BENCH_EVENT_WATCHERS:-10}
events_processes=${BENCH_EVENTS_PROCESSES:-2}
reads=${BENCH_READS:-300}
read_changes=${BENCH_READ_CHANGES:-100}

log() { echo "bench-replicas.sh: $*" >&2; }

work=$(mktemp -d)
server_pid=""
ferret_pid=""
cluster_pid=""

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  stop_process "${server_pid}"
  stop_process "${ferret_pid}"
  # prost-cluster stops its children on SIGTERM (and they die with it on SIGKILL).
  stop_process "${cluster_pid}"
  rm -rf "${work}"
}
trap cleanup EXIT

commands=${work}/commands.txt
: >"${commands}"
record() { printf '%q ' "$@" | sed 's/ $//' >>"${commands}"; echo >>"${commands}"; }

# ---- build ----
log "finding FerretDB"
ferretdb=$(timeout 1800 "${here}/ensure-ferretdb.sh")
# Another engineer may be mid-edit in src/: a failed build is retried after a pause.
build() {
  local attempt
  record cargo build --release "$@"
  for attempt in 1 2 3; do
    if timeout 3600 cargo build --release "$@"; then return 0; fi
    log "build failed (attempt ${attempt}); retrying in 60 s"
    sleep 60
  done
  return 1
}
log "building release binaries"
build --bin prost --bin prost-cluster -p prost -p prost-cluster
build --bin prost-loadtest -p prost-loadtest
prost_bin=${target}/release/prost
cluster_bin=${target}/release/prost-cluster
loadtest_bin=${target}/release/prost-loadtest

# Runs one load scenario: results in ${work}/NAME.json, its log in ${work}/NAME.log. The pids
# given after `--pids` must still be alive afterwards (a crash under load is a result too).
scenario() {
  local name=$1 limit=$2
  shift 2
  record "${loadtest_bin}" "$@"
  log "scenario ${name}"
  local status=0
  timeout --kill-after=10 "${limit}" "${loadtest_bin}" "$@" >"${work}/${name}.json" 2>"${work}/${name}.log" || status=$?
  cat "${work}/${name}.log" >&2
  if [[ ${status} -ne 0 ]]; then
    echo "exit ${status}" >"${work}/${name}.failed"
  fi
  local pid
  for pid in ${server_pid} ${cluster_pid}; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      echo "process ${pid} died during ${name}" >>"${work}/${name}.failed"
    fi
  done
}

# The replica holding the lease of the event a scenario used, e.g. "r1 http://…".
owner_of() {
  local name=$1 event
  event=$(python3 -c 'import json,sys
for line in reversed(open(sys.argv[1]).read().splitlines()):
    if line.startswith("{"):
        print(json.loads(line).get("event", "")); break' "${work}/${name}.json" 2>/dev/null || true)
  [[ -n ${event} ]] || return 0
  redis-cli -u "${PROST_REDIS_URL}" GET "prost:lease:${event}" >"${work}/${name}.owner" 2>/dev/null || true
}

limits=(PROST_AUTH_RATE_PER_MIN=1000000 PROST_CREATE_RATE_PER_MIN=1000000 PROST_JOIN_RATE_PER_MIN=1000000
  PROST_ANSWER_RATE_PER_MIN=1000000 PROST_MAX_CONNECTIONS_PER_IP=100000 PROST_MAX_SOCKETS_PER_IP=100000 PROST_READ_RATE_PER_MIN=100000000 PROST_COMMENT_RATE_PER_MIN=1000000)

# Shared by the single node and the cluster: only where the watchers go differs.
fanout_and_events() {
  local prefix=$1 painter=$2 spread=$3
  local n changes
  for n in "${small}" "${large}"; do
    changes=${small_changes}
    [[ ${n} == "${large}" ]] && changes=${large_changes}
    scenario "${prefix}-one-fanout-${n}" 300 fanout --url "${painter}" --watchers "${n}" --changes "${changes}" \
      --processes "${processes}" --settle-secs 5 --max-secs 120 --json
    [[ ${prefix} == cluster ]] && owner_of "${prefix}-one-fanout-${n}"
    if [[ -n ${spread} ]]; then
      scenario "${prefix}-spread-fanout-${n}" 300 fanout --url "${painter}" --watch-url "${spread}" --watchers "${n}" \
        --changes "${changes}" --processes "${processes}" --settle-secs 5 --max-secs 120 --json
      owner_of "${prefix}-spread-fanout-${n}"
    fi
  done
  if [[ ${events} -gt 0 ]]; then
    # Setting up 1,000 events on FerretDB alone can take minutes once it holds earlier runs'
    # events (the setup runs before --max-secs starts counting).
    scenario "${prefix}-one-events" 600 events --url "${painter}" --events "${events}" \
      --watchers-per-event "${event_watchers}" --processes "${events_processes}" --max-secs 180 --json
    if [[ -n ${spread} ]]; then
      scenario "${prefix}-spread-events" 600 events --url "${painter}" --watch-url "${spread}" --events "${events}" \
        --watchers-per-event "${event_watchers}" --processes "${events_processes}" --max-secs 180 --json
    fi
  fi
}

# Other work on the machine skews every number; the report shows the load averages.
BENCH_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 1. single node ----
if [[ ${BENCH_SKIP_SINGLE:-0} != 1 ]]; then
  log "single node: FerretDB and one prost without Redis"
  ferret_port=$("${here}/free-port.sh")
  mkdir -p "${work}/ferretdb"
  # The same flags prost-cluster uses (cluster/src/ferretdb.rs).
  ferret_cmd=("${ferretdb}" --handler=sqlite "--sqlite-url=file:${work}/ferretdb/" "--listen-addr=127.0.0.1:${ferret_port}"
    --telemetry=disable --debug-addr=- "--state-dir=${work}/ferretdb" --log-level=error)
  record "${ferret_cmd[@]}"
  "${ferret_cmd[@]}" >"${work}/ferretdb.log" 2>&1 &
  ferret_pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/${ferret_port}") 2>/dev/null && break
    sleep 0.2
  done
  port=$("${here}/free-port.sh")
  mkdir -p "${work}/single"
  single_env=("PROST_ADDR=127.0.0.1:${port}" "PROST_DATA_DIR=${work}/single"
    "MONGODB_URI=mongodb://127.0.0.1:${ferret_port}/prost_single" "${limits[@]}" RUST_LOG=warn)
  record env "${single_env[@]}" "${prost_bin}" serve
  env -u REDIS_URL "${single_env[@]}" "${prost_bin}" serve >"${work}/server-single.log" 2>&1 &
  server_pid=$!
  if ! "${here}/wait-http.sh" "http://127.0.0.1:${port}/readyz" 60; then
    log "the single node did not become ready:"
    tail -n 20 "${work}/server-single.log" >&2
    exit 1
  fi
  single=http://127.0.0.1:${port}
  fanout_and_events single "${single}" ""
  scenario single-reads 300 reads --url "${single}" --requests "${reads}" --changes "${read_changes}" --max-secs 120 --json
  stop_process "${server_pid}"
  server_pid=""
  stop_process "${ferret_pid}"
  ferret_pid=""
fi

# ---- 2. the cluster ----
log "starting the cluster"
record env "PROST_BIN=${prost_bin}" "PROST_TEST_FERRETDB=${ferretdb}" "${cluster_bin}"
PROST_BIN=${prost_bin} PROST_TEST_FERRETDB=${ferretdb} "${cluster_bin}" >"${work}/cluster.env" 2>"${work}/cluster.log" &
cluster_pid=$!
for _ in $(seq 1 600); do
  grep -q '^READY=1' "${work}/cluster.env" 2>/dev/null && break
  kill -0 "${cluster_pid}" 2>/dev/null || break
  sleep 0.2
done
if ! grep -q '^READY=1' "${work}/cluster.env"; then
  log "the cluster did not start:"
  tail -n 30 "${work}/cluster.log" >&2
  exit 1
fi
cat "${work}/cluster.env" >&2
# Only the NAME=VALUE lines it prints, nothing else is evaluated.
while IFS='=' read -r name value; do
  [[ ${name} =~ ^PROST_[A-Z0-9_]+$ ]] && printf -v "${name}" '%s' "${value}"
done <"${work}/cluster.env"
r1=${PROST_REPLICA_1_URL}
spread=${PROST_REPLICA_1_URL},${PROST_REPLICA_2_URL},${PROST_REPLICA_3_URL}
# Which replica a scenario's painter (and so the event's lease) sits on, for the report.
echo "${r1}" >"${work}/painter-url"

fanout_and_events cluster "${r1}" "${spread}"

scrape_cache() {
  local i url
  for i in 1 2 3; do
    url=PROST_REPLICA_${i}_URL
    curl -s --max-time 5 "${!url}/metrics" | grep '^prost_view_cache_total' | sed "s/^/r${i} /" || true
  done
}
scrape_cache >"${work}/cache-before.txt"
scenario cluster-reads 300 reads --url "${r1}" --read-url "${PROST_HAPROXY_URL},${PROST_REPLICA_1_URL},${PROST_REPLICA_2_URL}" \
  --ca "${PROST_HAPROXY_CA}" --requests "${reads}" --changes "${read_changes}" --max-secs 180 --json
owner_of cluster-reads
scrape_cache >"${work}/cache-after.txt"
grep -E 'WARN|ERROR|panicked' "${PROST_CLUSTER_DIR}"/r*/prost.log 2>/dev/null | head -n 40 >"${work}/cluster-warnings.txt" || true
stop_process "${cluster_pid}"
cluster_pid=""

# ---- 3. k6, when its runner exists ----
if [[ -x loadtest/k6/run.sh && ${BENCH_SKIP_K6:-0} != 1 ]]; then
  log "loadtest/k6/run.sh"
  record loadtest/k6/run.sh
  k6_status=0
  # It starts a cluster of its own (ours is stopped by now) and prints its table and ratios on
  # stdout; progress and k6's own output go to stderr.
  timeout --kill-after=10 1200 loadtest/k6/run.sh >"${work}/k6.out" 2>"${work}/k6.log" || k6_status=$?
  cat "${work}/k6.out" >&2
  if [[ ${k6_status} -ne 0 ]]; then echo "exit ${k6_status}" >"${work}/k6.failed"; fi
fi

# ---- the report ----
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain 2>/dev/null) ]]; then commit="${commit} (with uncommitted changes in the work tree)"; fi
export BENCH_EVENTS_N=${events}
export BENCH_LOAD_BEFORE BENCH_LOAD_AFTER BENCH_HAPROXY BENCH_REDIS
BENCH_LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
bench_machine_facts "${commit}"
# The whole output first: `| head -n 1` would end haproxy with SIGPIPE, a failure under pipefail.
BENCH_HAPROXY=$(haproxy -v 2>/dev/null || echo unknown)
BENCH_HAPROXY=${BENCH_HAPROXY%%$'\n'*}
BENCH_REDIS=$(redis-server --version 2>/dev/null || echo unknown)
touch "${out}"
PYTHONPATH="${here}" python3 - "${work}" >"${work}/section.md" <<'PY'
import json, os, re, sys

work = sys.argv[1]
env = os.environ

from bench_report import Run, ms

run = Run(work)
read, result, failure = run.read, run.result, run.failure


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "n/a"



def owner(name):
    text = read(name + ".owner").strip()
    return text.split()[0] if text else "?"


def short(url, fallback=None):
    """r1/r2/r3/HAProxy for the cluster's URLs, `fallback` (or the URL) otherwise."""
    names = {}
    for line in read("cluster.env").splitlines():
        m = re.match(r"PROST_REPLICA_(\d)_URL=(.*)", line)
        if m:
            names[m.group(2)] = "r" + m.group(1)
        m = re.match(r"PROST_HAPROXY_URL=(.*)", line)
        if m:
            names[m.group(1)] = "HAProxy (TLS)"
    return names.get(url, fallback or url)


out = []
w = out.append
w("## Replicas\n")
w("Written by `scripts/bench-replicas.sh`; rerun it to refresh this section (it replaces only this")
w("section; `scripts/bench.sh` rewrites the ones above and drops this one). One run on a noisy")
w("two-core machine shared by the load generator, Redis, FerretDB, HAProxy and every replica: read")
w("the **ratios** and percentiles, not pass/fail.\n")
w("### Machine and setup\n")
w(f"- date: {env['BENCH_DATE']}")
w(f"- commit: {env['BENCH_COMMIT']}")
w(f"- CPU: {env['BENCH_CPU']} × {env['BENCH_NPROC']} (`nproc`); kernel {env['BENCH_KERNEL']}; {env['BENCH_RUSTC']}")
w(f"- {env['BENCH_HAPROXY']}; {env['BENCH_REDIS']}")
w(f"- load average (1, 5, 15 min) when the runs started: {env['BENCH_LOAD_BEFORE']}; after the last one: {env['BENCH_LOAD_AFTER']}")
w("- memory (`free -g`):\n")
w("```\n" + env["BENCH_FREE"].rstrip() + "\n```\n")
w("- **single node**: one `prost serve` started alone without `REDIS_URL`, on a FerretDB of its own")
w("  (same binary and SQLite backend as the cluster's), so it differs from a replica only by Redis")
w("  and the other replicas.")
w("- **cluster**: `target/release/prost-cluster` (Redis, FerretDB, replicas r1–r3, HAProxy with TLS).")
w("  Setup calls and the painter always go to r1, which therefore takes the event's lease;")
w("  *one replica* puts every watcher on r1 too, *spread* assigns watchers round-robin to r1, r2, r3")
w("  (`--watch-url`), so two thirds of them get each diff through Redis pub/sub.")
w("- latency is painter send → watcher receipt on the machine's wall clock, as in section 2.\n")
w("Commands, in order (ports and temporary directories are picked at run time):\n")
w("```sh\n" + read("commands.txt").rstrip() + "\n```\n")

placements = [("single", "one", "single node"), ("cluster", "one", "cluster, one replica (r1)"),
              ("cluster", "spread", "cluster, spread r1/r2/r3")]


def closes(r):
    return sum(r["closes"].values())


def fan_row(label, r, name):
    if r is None:
        return f"| {label} | no result | | | | | | | | | |"
    d, l, a = r["delivery"], r["delivery"]["latency"], r["ack"]
    odd = f"{r['outOfOrder']}/{r['resyncs']}/{closes(r)}"
    return (f"| {label} | {r['connected']}/{r['watchers']} | {r['acked']}/{r['changes']} | {d['delivered']}/{d['expected']} | {d['lost']} "
            f"| {ms(l['p50Ms'])} | {ms(l['p99Ms'])} | {ms(l['maxMs'])} | {ms(a['p50Ms'])} | {ms(a['p99Ms'])} | {odd} |")


def servers_table(r):
    if not r or len(r.get("servers", [])) < 2:
        return
    w("")
    w("| watchers on | watchers | diffs received | p50 ms | p99 ms | max ms |")
    w("|---|---:|---:|---:|---:|---:|")
    for s in r["servers"]:
        l = s["latency"]
        w(f"| {short(s['url'])} | {s['watchers']} | {s['received']} | {ms(l['p50Ms'])} | {ms(l['p99Ms'])} | {ms(l['maxMs'])} |")


sizes = sorted({int(m.group(1)) for f in os.listdir(work) for m in [re.match(r".*-fanout-(\d+)\.json$", f)] if m})
fails = []
for n in sizes:
    w(f"### Fan-out: {n:,} watchers of one event\n")
    rows = [(label, result(f"{p}-{how}-fanout-{n}"), f"{p}-{how}-fanout-{n}") for p, how, label in placements]
    rows = [row for row in rows if row[1] is not None or read(row[2] + ".failed")]
    any_r = next((r for _, r, _ in rows if r), None)
    if any_r:
        w(f"`prost-loadtest fanout`, {any_r['processes']} generator processes, {any_r['changes']} changes one at a time.\n")
    w("| placement | watchers up | changes acked | delivered / expected | lost | p50 ms | p99 ms | max ms | ack p50 ms | ack p99 ms | out of order / resyncs / ended early |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, r, name in rows:
        w(fan_row(label, r, name))
        fails.append(failure(name))
    spread = result(f"cluster-spread-fanout-{n}")
    if spread:
        w(f"\nSpread run by replica (the event's lease: {owner(f'cluster-spread-fanout-{n}')}):")
        servers_table(spread)
    w("")

ev = [(label, result(f"{p}-{how}-events"), f"{p}-{how}-events") for p, how, label in placements]
ev = [row for row in ev if row[1] is not None or read(row[2] + ".failed")]
if ev:
    first = next(r for _, r, _ in ev if r) if any(r for _, r, _ in ev) else {"events": 0, "watchersPerEvent": 0}
    w(f"### Many events: {first['events']:,} events × {first['watchersPerEvent']} watchers, one change each at once\n")
    w("`prost-loadtest events`: every event has its own painter (in the cluster on r1, so r1 owns all")
    w("of them); every painter sends one change at the same moment.\n")
    w("| placement | watchers up | changes acked | delivered / expected | lost | p50 ms | p99 ms | max ms | ack p50 ms | ack p99 ms | ended early |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, r, name in ev:
        fails.append(failure(name))
        if r is None:
            w(f"| {label} | no result | | | | | | | | | |")
            continue
        d, l, a = r["delivery"], r["delivery"]["latency"], r["ack"]
        w(f"| {label} | {r['connected']} | {r['acked']}/{r['events']} | {d['delivered']}/{d['expected']} | {d['lost']} "
          f"| {ms(l['p50Ms'])} | {ms(l['p99Ms'])} | {ms(l['maxMs'])} | {ms(a['p50Ms'])} | {ms(a['p99Ms'])} | {closes(r)} |")
    spread = result("cluster-spread-events")
    if spread:
        w("\nSpread run by replica:")
        servers_table(spread)
    w("")

reads = {"single": result("single-reads"), "cluster": result("cluster-reads")}
if any(reads.values()):
    w("### Reads: through HAProxy vs direct, cache hit vs miss\n")
    w("`prost-loadtest reads`: one event; sequential `GET /api/v1/events/{id}` on one keep-alive")
    w("connection per server (TLS set up before timing). *Hot*: the unchanged event, interleaved over")
    w("the servers. Then per server: a change (`PUT …/answers` on r1), the first GET after it, and")
    w("one more. Each read is classed by the `X-Prost-Cache: hit` header: *hit* came from the Redis")
    w("view cache, *built* was built by the event's owner (a miss; forwarded to the owner when the")
    w("server is not it; without Redis every read is built by the local actor).\n")
    w("| server | hot p50 ms | hot p99 ms | hot max ms | hot hits / built | first after change: hits / built | hit p50 ms | hit p99 ms | built p50 ms | built p99 ms | answered by |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for kind, r in reads.items():
        if not r:
            continue
        for s in r["servers"]:
            h, hit, built = s["hot"], s["hit"], s["built"]
            by = ", ".join(f"{k} {v}" for k, v in s["replicas"].items())
            d = lambda x: ms(x) if x else "–"
            w(f"| {short(s['url'], 'single node' if kind == 'single' else None)} | {ms(h['all']['p50Ms'])} | {ms(h['all']['p99Ms'])} | {ms(h['all']['maxMs'])} | {h['hits']}/{h['built']} "
              f"| {s['afterChange']['hits']}/{s['afterChange']['built']} | {d(hit['p50Ms'])} | {d(hit['p99Ms'])} | {d(built['p50Ms'])} | {d(built['p99Ms'])} | {by} |")
    w("")
    for kind, r in reads.items():
        if r:
            wr = r["write"]
            w(f"- {kind}: {wr['count']} changes (`PUT …/answers` to {short(r['url'], 'the single node')}): p50 {ms(wr['p50Ms'])} ms, p99 {ms(wr['p99Ms'])} ms"
              + (f"; {r['stopped']}" if r.get("stopped") else ""))
    if reads["cluster"]:
        w(f"- the read event's lease: {owner('cluster-reads')}")

    def counts(text):
        total = {"hit": 0.0, "miss": 0.0}
        for line in text.splitlines():
            m = re.search(r'result="(hit|miss)"\}\s+([0-9.e+]+)', line)
            if m:
                total[m.group(1)] += float(m.group(2))
        return total
    before, after = counts(read("cache-before.txt")), counts(read("cache-after.txt"))
    hits, misses = after["hit"] - before["hit"], after["miss"] - before["miss"]
    if hits + misses:
        w(f"- `prost_view_cache_total` summed over r1–r3 during the reads run: {hits:.0f} hits, {misses:.0f} misses, "
          f"hit ratio {hits / (hits + misses):.1%} (the mix this scenario makes: mostly hot reads, then one miss per change)")
    w("")
    fails += [failure("single-reads"), failure("cluster-reads")]

# ---- ratios ----
w("### Ratios\n")


def lat(name):
    r = result(name)
    return r["delivery"]["latency"] if r else None


lines = []
for n in sizes:
    single, one, spread = lat(f"single-one-fanout-{n}"), lat(f"cluster-one-fanout-{n}"), lat(f"cluster-spread-fanout-{n}")
    if single and spread:
        lines.append(f"- **replicas vs single node, fan-out to {n:,}** (cluster spread ÷ single node): p50 {ratio(spread['p50Ms'], single['p50Ms'])}, "
                     f"p99 {ratio(spread['p99Ms'], single['p99Ms'])}, max {ratio(spread['maxMs'], single['maxMs'])}. "
                     + ("Above 1: the Redis hop to the other replicas costs more than sharing the socket writes saves."
                        if spread["p50Ms"] > single["p50Ms"] else
                        "Below 1: three processes writing a third of the sockets each outweigh the Redis hop, even on the same two cores."))
    if single and one:
        lines.append(f"- fan-out to {n:,}, cluster with every watcher on r1 ÷ single node: p50 {ratio(one['p50Ms'], single['p50Ms'])}, "
                     f"p99 {ratio(one['p99Ms'], single['p99Ms'])}: the cost of the replica machinery (Redis publish, lease, presence hash) with no spreading.")
    spread_r = result(f"cluster-spread-fanout-{n}")
    if spread_r and len(spread_r.get("servers", [])) > 1:
        local = next((s for s in spread_r["servers"] if short(s["url"]) == owner(f"cluster-spread-fanout-{n}")), None)
        remote = [s for s in spread_r["servers"] if s is not local and s["received"]]
        if local and remote and local["latency"]["p50Ms"]:
            rp50 = max(s["latency"]["p50Ms"] for s in remote)
            lines.append(f"- fan-out to {n:,}, spread: watchers on other replicas ÷ watchers on the owner, p50: {ratio(rp50, local['latency']['p50Ms'])}"
                         " (the Redis hop as the watchers see it, the slower of r2/r3).")
single_ev, one_ev, spread_ev = lat("single-one-events"), lat("cluster-one-events"), lat("cluster-spread-events")
if single_ev and spread_ev:
    lines.append(f"- **replicas vs single node, 1,000 events × 10** (cluster spread ÷ single node): p50 {ratio(spread_ev['p50Ms'], single_ev['p50Ms'])}, "
                 f"p99 {ratio(spread_ev['p99Ms'], single_ev['p99Ms'])}. Here the time goes into applying 1,000 changes at once on one owner and its store,"
                 " so this says how much the replica path adds to that burst.")
cr = reads["cluster"]
if cr and len(cr["servers"]) >= 2:
    by = {short(s["url"]): s for s in cr["servers"]}
    proxy, r1s, r2s = by.get("HAProxy (TLS)"), by.get("r1"), by.get("r2")
    if proxy and r1s:
        lines.append(f"- **through HAProxy vs direct** (hot GET via HAProxy ÷ straight to r1): p50 {ratio(proxy['hot']['all']['p50Ms'], r1s['hot']['all']['p50Ms'])}, "
                     f"p99 {ratio(proxy['hot']['all']['p99Ms'], r1s['hot']['all']['p99Ms'])}. What TLS termination and one more hop on loopback"
                     " cost per read on an open connection; both are answered from the cache.")
    for name, s in (("r1, the owner", r1s), ("r2, not the owner", r2s)):
        if s and s["hit"]["count"] and s["built"]["count"]:
            lines.append(f"- **cache miss vs hit** on {name} (built ÷ hit): p50 {ratio(s['built']['p50Ms'], s['hit']['p50Ms'])}, "
                         f"p99 {ratio(s['built']['p99Ms'], s['hit']['p99Ms'])}. "
                         + ("A miss is built by the local actor and serialised; a hit is one Redis GET." if "owner" in name and "not" not in name
                            else "A miss here is forwarded to the owner over HTTP and relayed back; a hit is one Redis GET."))
sr = reads["single"]
if sr and cr:
    by = {short(s["url"]): s for s in cr["servers"]}
    s1 = sr["servers"][0]
    if by.get("r1") and s1["hot"]["all"]["p50Ms"]:
        faster = by["r1"]["hot"]["all"]["p50Ms"] < s1["hot"]["all"]["p50Ms"]
        lines.append(f"- hot GET, cluster r1 (cache hit) ÷ single node (local actor, no cache): p50 {ratio(by['r1']['hot']['all']['p50Ms'], s1['hot']['all']['p50Ms'])}: "
                     + ("the Redis cache answers faster than the single node's in-memory view." if faster else
                        "a Redis round trip costs more than the single node's in-memory view; the cache is there to spare the owner, not to be faster."))
w("\n".join(lines) if lines else "No ratios: a scenario on one side failed.")
w("")

# ---- what stood out ----
notes = []
events_n = f"{int(env.get('BENCH_EVENTS_N', '0')):,}"
for f in sorted(os.listdir(work)):
    if not f.endswith(".json"):
        continue
    r = result(f[:-5])
    if not r or "delivery" not in r:
        continue
    d = r["delivery"]
    if d["lost"] or r.get("outOfOrder") or r.get("resyncs", 0) > r.get("connected", 0) or r["closes"] or d["unexpected"]:
        notes.append(f"- `{f[:-5]}`: lost {d['lost']}, unexpected {d['unexpected']}, out of order {r.get('outOfOrder', 0)}, "
                     f"snapshots {r.get('resyncs', 0)} (one per socket is the first), sockets ended early {r['closes'] or 0}")
def plain(lines):
    """Log lines without colour codes, and without the start-up note that no web client was built
    (the benchmarks serve no web pages)."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", x) for x in lines]
    return [x for x in lines if "no web client build here" not in x]


for f in sorted(os.listdir(work)):
    r = result(f[:-5]) if f.endswith("-events.json") else None
    if r and r["refused"] and r["delivery"]["unexpected"]:
        notes.append(f"- **`{f[:-5]}`: {r['refused']} of {r['events']} changes were refused** (`unavailable`, \"the event did not answer in time\"),"
                     f" yet the watchers received {r['delivery']['unexpected']:,} diffs of versions no ack announced: the refusal is a timeout in"
                     " front of a busy actor, not a rollback, so the change is applied after the client was told it failed"
                     " (a client that retries sends it again). The burst of 1,000 writes at once is what FerretDB cannot absorb in time;"
                     " on the embedded store (section 4) the same burst is acknowledged.")
    if r and r.get("completed", 0) < r["connected"] and r["refused"]:
        notes.append(f"- `{f[:-5]}`: {r['completed']:,} of {r['connected']:,} watchers had their diff within 15 s of the last acknowledged change.")
for f in sorted(os.listdir(work)):
    if f.endswith("-events.log") and read(f[:-4] + ".failed"):
        m = re.search(r"set up in ([0-9.]+) s", read(f))
        if m:
            notes.append(f"- `{f[:-4]}`: creating and joining {events_n} events took {m.group(1)} s before any watcher connected.")
warn = plain(read("cluster-warnings.txt").splitlines())
if warn:
    notes.append("- warnings in the replicas' logs (first lines):\n\n```\n" + "\n".join(x[:300] for x in warn[:12]) + "\n```")
single_log = plain(x for x in read("server-single.log").splitlines() if re.search(r"\b(WARN|ERROR)\b", x) or "panicked" in x)
if single_log:
    notes.append("- warnings in the single node's log (first lines):\n\n```\n" + "\n".join(x[:300] for x in single_log[:8]) + "\n```")
w("### Losses, gaps and logs\n")
w("\n".join(notes) if notes else "Every run: nothing lost, nothing out of order, no socket closed early, no warnings in the logs"
  " (beyond the start-up note that no web client is built).")
w("".join(fails))

k6 = read("k6.out").strip()
if k6 or read("k6.failed"):
    w("### k6: `loadtest/k6/run.sh`\n")
    w("The k6 scenarios (`loadtest/k6/*.js`, their own cluster, 20 virtual users for 30 s each by")
    w("default), each run through HAProxy over HTTPS and straight at r1; its output as printed:\n")
    if k6:
        w("```\n" + k6 + "\n```\n")
    if read("k6.failed"):
        tail = "\n".join(read("k6.log").splitlines()[-20:])
        w(f"**run.sh exited non-zero ({read('k6.failed').strip()}; it does when a scenario crosses an error-rate threshold).** Last lines of its log:\n\n```\n{tail}\n```\n")
print(re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n")
PY
# Keep everything above an existing "## Replicas" heading (it is the last section), then append.
python3 - "${out}" "${work}/section.md" <<'PY'
import sys
path, section = sys.argv[1], open(sys.argv[2]).read()
text = open(path).read()
lines = text.splitlines(keepends=True)
cut = next((i for i, line in enumerate(lines) if line.rstrip() == "## Replicas"), len(lines))
head = "".join(lines[:cut]).rstrip("\n")
open(path, "w").write((head + "\n\n" if head else "") + section)
PY
log "wrote the Replicas section of ${out}"
