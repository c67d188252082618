#!/usr/bin/env bash
# Run Prost's benchmarks and write the results to docs/benchmarks.md (`make bench`).
#
#   1. benches/actor_throughput.rs: answers/s one event actor sustains with write-through,
#      on the embedded store and on MongoDB (FerretDB), 1 and 32 clients.
#   2. prost-loadtest fanout: 1,000 watchers of one event, 200 changes, JSON and MessagePack:
#      send → receipt latency at every watcher, and lost diffs.
#   3. prost-loadtest idle: 10,000 idle sockets from 4 processes: server RSS per connection,
#      spread over 100 events, then all on one event.
#   4. prost-loadtest events: 1,000 events × 10 watchers, one change per event at once.
#
# Everything runs against 127.0.0.1 only, every step is bounded by `timeout`, and the servers
# started here are stopped on exit. These are measurements, not pass/fail tests: a scenario
# that fails is recorded in the report and the script goes on.
#
# Environment (defaults in brackets):
#   BENCH_OUT [docs/benchmarks.md]   where the report goes
#   BENCH_WATCHERS [1000] BENCH_CHANGES [200] BENCH_FANOUT_PROCESSES [2]
#   BENCH_IDLE_CONNECTIONS [10000] BENCH_IDLE_PROCESSES [4] BENCH_IDLE_HOLD [20] BENCH_IDLE_EVENTS [100]
#   BENCH_EVENTS [1000] BENCH_EVENT_WATCHERS [10] BENCH_EVENTS_PROCESSES [4] (BENCH_EVENTS=0 skips)
#   BENCH_SKIP_ACTOR=1               skip the actor benchmark (e.g. while iterating on the rest)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
root=$(cd "${here}/.." && pwd)
cd "${root}"
target=${CARGO_TARGET_DIR:-target}
out=${BENCH_OUT:-docs/benchmarks.md}
watchers=${BENCH_WATCHERS:-1000}
changes=${BENCH_CHANGES:-200}
fanout_processes=${BENCH_FANOUT_PROCESSES:-2}
idle_connections=${BENCH_IDLE_CONNECTIONS:-10000}
idle_processes=${BENCH_IDLE_PROCESSES:-4}
idle_hold=${BENCH_IDLE_HOLD:-20}
idle_events=${BENCH_IDLE_EVENTS:-100}
events=${BENCH_EVENTS:-1000}
event_watchers=${BENCH_EVENT_WATCHERS:-10}
events_processes=${BENCH_EVENTS_PROCESSES:-4}

log() { echo "bench.sh: $*" >&2; }

work=$(mktemp -d)
server_pid=""

stop_server() {
  stop_process "${server_pid}"
  server_pid=""
}
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  stop_server
  rm -rf "${work}"
}
trap cleanup EXIT

# The exact commands, as run, for the report.
commands=${work}/commands.txt
: >"${commands}"
record() { printf '%q ' "$@" | sed 's/ $//' >>"${commands}"; echo >>"${commands}"; }

# ---- build ----
log "finding FerretDB"
ferretdb=$(timeout 1800 "${here}/ensure-ferretdb.sh")
log "building release binaries"
record cargo build --release --bins -p prost -p prost-loadtest
timeout 3600 cargo build --release --bins -p prost -p prost-loadtest
prost_bin=${target}/release/prost
loadtest_bin=${target}/release/prost-loadtest

# ---- 1. actor throughput ----
if [[ ${BENCH_SKIP_ACTOR:-0} != 1 ]]; then
  log "actor throughput (takes a few minutes)"
  record env "PROST_TEST_FERRETDB=${ferretdb}" cargo bench --bench actor_throughput -- --bench
  if ! PROST_TEST_FERRETDB=${ferretdb} timeout 1800 cargo bench --bench actor_throughput -- --bench \
      >"${work}/actor.md" 2>"${work}/actor.log"; then
    log "actor benchmark failed; see the report"
    echo "failed (exit $?)" >"${work}/actor.failed"
  fi
  tail -n 5 "${work}/actor.log" >&2 || true
fi

# ---- the server ----
# A fresh server (and data dir) per scenario, so each memory baseline and each store file
# starts clean. Prints the base URL.
start_server() {
  local name=$1 port data
  port=$("${here}/free-port.sh")
  data=${work}/data-${name}
  mkdir -p "${data}"
  record env "PROST_ADDR=127.0.0.1:${port}" "PROST_DATA_DIR=${data}" PROST_AUTH_RATE_PER_MIN=100000 PROST_CREATE_RATE_PER_MIN=1000000 PROST_JOIN_RATE_PER_MIN=1000000 PROST_ANSWER_RATE_PER_MIN=1000000 PROST_MAX_CONNECTIONS_PER_IP=100000 PROST_MAX_SOCKETS_PER_IP=100000 PROST_READ_RATE_PER_MIN=100000000 PROST_COMMENT_RATE_PER_MIN=1000000 RUST_LOG=warn \
    "${prost_bin}" serve
  PROST_ADDR=127.0.0.1:${port} PROST_DATA_DIR=${data} PROST_AUTH_RATE_PER_MIN=100000 PROST_CREATE_RATE_PER_MIN=1000000 PROST_JOIN_RATE_PER_MIN=1000000 PROST_ANSWER_RATE_PER_MIN=1000000 PROST_MAX_CONNECTIONS_PER_IP=100000 PROST_MAX_SOCKETS_PER_IP=100000 PROST_READ_RATE_PER_MIN=100000000 PROST_COMMENT_RATE_PER_MIN=1000000 RUST_LOG=warn \
    "${prost_bin}" serve >"${work}/server-${name}.log" 2>&1 &
  server_pid=$!
  if ! "${here}/wait-http.sh" "http://127.0.0.1:${port}/healthz" 60; then
    log "the server did not become healthy:"
    tail -n 20 "${work}/server-${name}.log" >&2
    exit 1
  fi
  base=http://127.0.0.1:${port}
}

# Runs one load scenario: results in ${work}/NAME.json, its log in ${work}/NAME.log.
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
  # A crash under load is a result too.
  if ! kill -0 "${server_pid}" 2>/dev/null; then
    echo "the server process died during ${name}" >>"${work}/${name}.failed"
  elif ! curl -s -o /dev/null --max-time 5 "${base}/healthz"; then
    echo "the server stopped answering /healthz after ${name}" >>"${work}/${name}.failed"
  fi
}

# ---- 2. fan-out ----
start_server fanout
for codec in json msgpack; do
  scenario "fanout-${codec}" 600 fanout --url "${base}" --watchers "${watchers}" --changes "${changes}" \
    --processes "${fanout_processes}" --codec "${codec}" --max-secs 300 --json
done
stop_server

# ---- 3. idle connections ----
# Spread over events first (the memory a connection costs), then all on one event (what
# presence updates cost when thousands watch the same board).
for spread in "${idle_events}" 1; do
  name=idle-${spread}
  start_server "${name}"
  scenario "${name}" 900 idle --url "${base}" --connections "${idle_connections}" --events "${spread}" \
    --processes "${idle_processes}" --hold-secs "${idle_hold}" --server-pid "${server_pid}" --max-secs 600 --json
  stop_server
done

# ---- 4. many events ----
if [[ ${events} -gt 0 ]]; then
  start_server events
  scenario events 900 events --url "${base}" --events "${events}" --watchers-per-event "${event_watchers}" \
    --processes "${events_processes}" --max-secs 600 --json
  stop_server
fi

# ---- the report ----
mkdir -p "$(dirname "${out}")"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain 2>/dev/null) ]]; then commit="${commit} (with uncommitted changes)"; fi
bench_machine_facts "${commit}"
PYTHONPATH="${here}" python3 - "${work}" >"${out}.tmp" <<'PY'
import json, os, re, sys

work = sys.argv[1]
env = os.environ

from bench_report import Run, ms

run = Run(work)
read, result, failure = run.read, run.result, run.failure


out = []
w = out.append
w("# Benchmarks\n")
w("Written by `scripts/bench.sh` (`make bench`); rerun it to refresh this page. These are")
w("measurements on a small shared machine, not pass/fail tests: absolute numbers move from run to")
w("run (the load generator, the server and anything else running share the same two cores), so")
w("compare the **ratios** more than the raw values.\n")
w("## Machine\n")
w(f"- date: {env['BENCH_DATE']}")
w(f"- commit: {env['BENCH_COMMIT']}")
w(f"- CPU: {env['BENCH_CPU']} × {env['BENCH_NPROC']} (`nproc`)")
w(f"- kernel: {env['BENCH_KERNEL']}")
w(f"- toolchain: {env['BENCH_RUSTC']}")
w("- memory (`free -g`):\n")
w("```\n" + env["BENCH_FREE"].rstrip() + "\n```\n")
w("## Commands\n")
w("Run in this order (ports and temporary directories are picked at run time):\n")
w("```sh\n" + read("commands.txt").rstrip() + "\n```\n")

w("## 1. One event actor with write-through: answers per second\n")
w("`benches/actor_throughput.rs` drives one event actor through the `Registry`, as the HTTP and")
w("WebSocket handlers do. Every answer is planned, written to the store, and only then")
w("acknowledged, so one store round trip per answer bounds the rate. *1 client* sends answers one")
w("at a time; *32 clients* are 32 guest participants sending at once (the actor still applies")
w("them one by one). Latency is per answer, as the client sees it.\n")
actor = read("actor.md").strip()
if actor:
    w(actor + "\n")
elif not read("actor.failed"):
    w("_Not run (BENCH_SKIP_ACTOR=1)._\n")
if read("actor.failed"):
    tail = "\n".join(read("actor.log").splitlines()[-20:])
    w(f"**The actor benchmark failed ({read('actor.failed').strip()}).** Last lines:\n\n```\n{tail}\n```\n")

w("## 2. Live fan-out: one event, many watchers\n")
w("`prost-loadtest fanout`: read-only watcher sockets on one event, then a guest (the painter)")
w("toggles one cell per change on its own socket, waiting for each `ack` before the next. Each")
w("watcher timestamps the `diff` of every version; latency is painter send → watcher receipt")
w("(wall clock; the generator processes share the machine). *Delivered* counts (watcher, diff)")
w("pairs against connected watchers × acknowledged changes.\n")
fan = {c: result("fanout-" + c) for c in ("json", "msgpack")}
w("| codec | watchers up | changes acked | delivered / expected | lost | p50 ms | p90 ms | p99 ms | max ms | ack p50 ms | ack p99 ms | sockets ended early |")
w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for codec, r in fan.items():
    if r is None:
        w(f"| {codec} | no result | | | | | | | | | | |")
        continue
    d, l, a = r["delivery"], r["delivery"]["latency"], r["ack"]
    ended = sum(r["closes"].values())
    w(f"| {codec} | {r['connected']}/{r['watchers']} | {r['acked']}/{r['changes']} | {d['delivered']}/{d['expected']} | {d['lost']} "
      f"| {ms(l['p50Ms'])} | {ms(l['p90Ms'])} | {ms(l['p99Ms'])} | {ms(l['maxMs'])} | {ms(a['p50Ms'])} | {ms(a['p99Ms'])} | {ended} |")
w("")
if fan["json"] and fan["msgpack"]:
    lj, lm = fan["json"]["delivery"]["latency"], fan["msgpack"]["delivery"]["latency"]
    def rat(a, b):
        return f"{a / b:.2f}×" if b else "n/a"
    w(f"- msgpack ÷ json latency: p50 {rat(lm['p50Ms'], lj['p50Ms'])}, p99 {rat(lm['p99Ms'], lj['p99Ms'])}, max {rat(lm['maxMs'], lj['maxMs'])}")
    w(f"- changes per second the painter got through: json {fan['json']['acked'] / max(fan['json']['paintSecs'], 1e-9):.0f}, "
      f"msgpack {fan['msgpack']['acked'] / max(fan['msgpack']['paintSecs'], 1e-9):.0f}")
for codec, r in fan.items():
    if r and r["closes"]:
        w(f"- {codec}: sockets that ended before the run did: {r['closes']}")
    if r and (r["outOfOrder"] or r["resyncs"] or r["errors"] or r["delivery"]["unexpected"]):
        w(f"- {codec}: out-of-order diffs {r['outOfOrder']}, resync snapshots {r['resyncs']}, error messages {r['errors']}, "
          f"unexpected diffs {r['delivery']['unexpected']}")
w(failure("fanout-json") + failure("fanout-msgpack"))

w("## 3. Idle connections: server memory per socket\n")
w("`prost-loadtest idle`: idle watcher sockets (hello, snapshot, then nothing), opened from several")
w("generator processes. The server's `VmRSS` is read from `/proc/<pid>/status` before opening and")
w("after all are open (plus a settle pause); per connection = (after − before) ÷ connected. That")
w("figure only means something when the sockets stayed open (the last column is 0).\n")
idle_runs = sorted((f[:-5] for f in os.listdir(work) if f.startswith("idle-") and f.endswith(".json")),
                   key=lambda n: -int(n.split("-")[1]))
w("| events | connections up | processes | open time s | RSS before MiB | RSS all open MiB | RSS peak MiB | RSS 3 s after closing MiB | **KiB per connection** | ended before the hold was over |")
w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
mib = lambda k: f"{k / 1024:.1f}" if k is not None else "n/a"
for name in idle_runs:
    r = result(name)
    if r is None:
        w(f"| {name.split('-')[1]} | no result | | | | | | | | |")
        continue
    per = r["perConnectionKib"]
    per = f"{per:.1f}" if per is not None else "n/a"
    w(f"| {r['events']} | {r['connected']}/{r['connections']} | {r['processes']} | {r['openSecs']:.1f} | {mib(r['rssBeforeKib'])} "
      f"| {mib(r['rssAfterKib'])} | {mib(r['rssPeakKib'])} | {mib(r['rssClosedKib'])} | {per} | {r['droppedEarly']} |")
w("")
for name in idle_runs:
    r = result(name)
    if r:
        w(f"- {r['events']} event(s): the watchers received {r['presence']:,} presence messages while the sockets opened"
          + (f"; sockets that ended during the hold: {r['closes']}" if r["closes"] else ""))
w("")
for name in idle_runs:
    w(failure(name))


r = result("events")
if r or read("events.failed"):
    w("## 4. Many events: one change each, all at once\n")
    w("`prost-loadtest events`: many events with a few read-only watchers each and one painter per")
    w("event; every painter sends one change at the same moment. Latency as in section 2.\n")
if r:
    d, l, a = r["delivery"], r["delivery"]["latency"], r["ack"]
    w("| events × watchers | watchers up | changes acked | delivered / expected | lost | p50 ms | p90 ms | p99 ms | max ms | ack p50 ms | ack p99 ms |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    w(f"| {r['events']} × {r['watchersPerEvent']} | {r['connected']} | {r['acked']}/{r['events']} | {d['delivered']}/{d['expected']} | {d['lost']} "
      f"| {ms(l['p50Ms'])} | {ms(l['p90Ms'])} | {ms(l['p99Ms'])} | {ms(l['maxMs'])} | {ms(a['p50Ms'])} | {ms(a['p99Ms'])} |")
    w("")
    w(f"- watcher latency ÷ painter ack, p50: {l['p50Ms'] / max(a['p50Ms'], 1e-9):.2f}× (near 1: the time goes into applying the")
    w("  changes, which all share one store, rather than into fanning them out)")
    if r["closes"]:
        w(f"- sockets that ended before the run did: {r['closes']}")
    w("")
w(failure("events"))

# Observations that follow from the numbers above; each appears only when its pattern does.
seen = []
runs = {n: result(n) for n in ["fanout-json", "fanout-msgpack", "events"] + idle_runs}
lagged = {n: r["closes"].get("close 4008", 0) for n, r in runs.items() if r and r["closes"].get("close 4008")}
if lagged:
    seen.append("- **Watchers closed with 4008** (\"fell behind\"): " + ", ".join(f"{n}: {c}" for n, c in lagged.items())
                + ". The server closes a socket whose queue in the event's broadcast channel (512 messages) overflows."
                " Every join and every leave sends a `presence` message to every watcher of the event, so W watchers"
                " arriving cause about W²/2 messages (see the presence counts in section 3); with thousands of watchers"
                " on one event that overflows the queue, and each closed watcher must reconnect, which causes more."
                " A diff queued behind the presence messages is lost to that socket.")
slow_ack = [c for c, r in fan.items() if r and r["ack"]["p99Ms"] >= 30 and r["delivery"]["latency"]["p99Ms"] * 2 < r["ack"]["p99Ms"]]
if slow_ack:
    seen.append(f"- **The painter's ack is slower than the fan-out** ({', '.join(slow_ack)}): the diff reaches 1,000 other"
                " sockets sooner than the ack reaches the painter (compare the p99 columns). The ack is the second small frame written to the"
                " painter's socket right after its own diff; with Nagle's algorithm on (no TCP_NODELAY on accepted"
                " sockets) it waits for the client's delayed ACK, about 40 ms on Linux, which is also why the painter"
                " gets through only about 40 changes per second.")
for name in idle_runs:
    r = result(name)
    if r and r["perConnectionKib"] and r["perConnectionKib"] > 64 and not r["droppedEarly"]:
        seen.append(f"- **{r['perConnectionKib']:.0f} KiB per idle connection** ({r['events']} events): close to the 128 KiB default"
                    " WebSocket read buffer (axum's `WebSocketUpgrade::read_buffer_size`), which tungstenite fills"
                    " with zeros before its first read, so the whole buffer of every socket is resident.")
    if (r and not r["droppedEarly"] and r["rssAfterKib"] and r["rssClosedKib"]
            and r["rssClosedKib"] > 0.8 * r["rssAfterKib"] and r["rssAfterKib"] > 4 * r["rssBeforeKib"]):
        seen.append(f"- After the {r['connected']:,} sockets of the {r['events']}-event run closed, the server kept"
                    f" {r['rssClosedKib'] / 1024:.0f} MiB resident: freed memory stays with the process (the allocator's"
                    " high-water mark), so the peak number of sockets decides the memory a server keeps.")
w("## Reading the results\n")
w("\n".join(seen) if seen else "Nothing unusual: no lagging closes, acks as fast as the fan-out, modest memory per socket.")
w("")

notes = []
for f in sorted(os.listdir(work)):
    if f.startswith("server-") and f.endswith(".log"):
        lines = [x for x in read(f).splitlines() if re.search(r"\b(WARN|ERROR)\b", x) or "panicked" in x]
        if lines:
            notes.append(f"- `{f}`: {len(lines)} warning/error lines, first ones:\n\n```\n" + "\n".join(x[:300] for x in lines[:8]) + "\n```")
w("## Server logs\n")
w("\n".join(notes) if notes else "No warnings or errors in the server logs (`RUST_LOG=warn`).")
print(re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n")
PY
mv "${out}.tmp" "${out}"
log "wrote ${out}"
