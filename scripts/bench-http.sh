#!/usr/bin/env bash
# HTTP beside nginx on one core: writes the "HTTP beside nginx" section of docs/benchmarks.md
# (replacing it if there is one). A release `prost serve` and nginx (Debian) both run pinned to
# CPU 0 with `taskset`, one after the other, and wrk (Debian) drives them from CPU 1. nginx
# serves the very bytes Prost answered, from files, which makes it the ceiling for a read:
#   - GET /healthz;
#   - GET /api/v1/events/{id} for an event of 48 slots answered by 20 guests;
#   - POST /api/v1/events (a 48-slot grid, no account): Prost's create rate, beside the
#     1.7 × Crab Fit that issue 13 measured (Crab Fit itself cannot be run here).
# Everything is on 127.0.0.1, each wrk run is bounded by its duration and `timeout`.
#
#   BENCH_OUT [docs/benchmarks.md]   BENCH_HTTP_SECONDS [8]   BENCH_HTTP_CONNECTIONS [32]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
root=$(cd "${here}/.." && pwd)
cd "${root}"
target=${CARGO_TARGET_DIR:-target}
out=${BENCH_OUT:-docs/benchmarks.md}
seconds=${BENCH_HTTP_SECONDS:-8}
connections=${BENCH_HTTP_CONNECTIONS:-32}
work=$(mktemp -d)
server_pid=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  stop_process "${server_pid}"
  rm -rf "${work}"
}
trap cleanup EXIT
log() { echo "bench-http.sh: $*" >&2; }

"${here}/ensure-apt.sh" nginx wrk util-linux >&2
cargo build --release -p prost --bin prost >&2
prost_bin=${target}/release/prost
port=$("${here}/free-port.sh")
base="http://127.0.0.1:${port}"

# wrk NAME URL [script]: one warm-up second, then the measured run, summarised as JSON.
measure() {
  local name=$1 url=$2 script=${3:-}
  local args=(-t1 -c"${connections}" --latency)
  [[ -n ${script} ]] && args+=(-s "${script}")
  taskset -c 1 wrk "${args[@]}" -d1s "${url}" >/dev/null
  timeout $((seconds + 30)) taskset -c 1 wrk "${args[@]}" -d"${seconds}s" "${url}" >"${work}/${name}.wrk"
  python3 - "${work}/${name}.wrk" >"${work}/${name}.json" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
def latency(p):
    m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m:
        return None
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors:.*", text)
print(json.dumps({"rate": float(rate.group(1)) if rate else 0.0, "p50": latency(50), "p99": latency(99),
                  "non2xx": int(bad.group(1)) if bad else 0, "socketErrors": errors.group(0) if errors else ""}))
PY
  log "${name}: $(cat "${work}/${name}.json")"
}

log "prost on CPU 0"
PROST_ADDR=127.0.0.1:${port} PROST_DATA_DIR=${work}/data RUST_LOG=warn \
  PROST_CREATE_RATE_PER_MIN=100000000 PROST_JOIN_RATE_PER_MIN=1000000 PROST_ANSWER_RATE_PER_MIN=1000000 \
  PROST_READ_RATE_PER_MIN=100000000 PROST_MAX_CONNECTIONS_PER_IP=100000 \
  taskset -c 0 "${prost_bin}" serve >"${work}/prost.log" 2>&1 &
server_pid=$!
"${here}/wait-http.sh" "${base}/healthz" 30

# The 20 × 48 event, and the bytes both servers will serve.
mkdir -p "${work}/www"
event_id=$(python3 - "${base}" <<'PY'
import json, random, sys, urllib.request
base = sys.argv[1]
def call(method, path, body, headers={}):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json", **headers})
    return json.load(urllib.request.urlopen(request))
event = call("POST", "/api/v1/events", {"title": "Twenty pints", "timezone": "UTC",
             "grid": {"dates": ["2027-06-04"], "from": "00:00", "to": "24:00", "stepMinutes": 30}})
slots = [s["id"] for s in event["slots"]]
assert len(slots) == 48, len(slots)
random.seed(20)
for n in range(20):
    joined = call("POST", f"/api/v1/events/{event['id']}/participants", {"name": f"Guest {n}"})
    answers = {s: random.choice(["yes", "maybe", "no"]) for s in slots}
    call("PUT", f"/api/v1/events/{event['id']}/participants/{joined['participant']['id']}/answers",
         {"slots": answers}, {"X-Participant-Token": joined["participantToken"]})
print(event["id"])
PY
)
curl -fsS "${base}/healthz" >"${work}/www/healthz"
curl -fsS "${base}/api/v1/events/${event_id}" >"${work}/www/event.json"
event_bytes=$(wc -c <"${work}/www/event.json")
# nginx's workers run as an unprivileged user: they must be able to read the files.
chmod 755 "${work}" "${work}/www"
chmod 644 "${work}/www/healthz" "${work}/www/event.json"
cat >"${work}/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"Same again","timezone":"Europe/Moscow","grid":{"dates":["2027-06-04","2027-06-05"],"from":"18:00","to":"06:00","stepMinutes":30}}'
LUA
measure prost-healthz "${base}/healthz"
measure prost-event "${base}/api/v1/events/${event_id}"
measure prost-create "${base}/api/v1/events" "${work}/create.lua"
prost_rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/${server_pid}/status")
stop_process "${server_pid}"

log "nginx on CPU 0"
cat >"${work}/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  server {
    listen 127.0.0.1:${port};
    default_type application/json;
    location = /healthz { alias ${work}/www/healthz; }
    location = /api/v1/events/${event_id} { alias ${work}/www/event.json; }
  }
}
NGINX
taskset -c 0 nginx -c "${work}/nginx.conf" -p "${work}" >"${work}/nginx.log" 2>&1 &
server_pid=$!
"${here}/wait-http.sh" "${base}/healthz" 30
measure nginx-healthz "${base}/healthz"
measure nginx-event "${base}/api/v1/events/${event_id}"
stop_process "${server_pid}"
server_pid=""

bench_machine_facts "$(git rev-parse --short HEAD)"
PYTHONPATH="${here}" python3 - "${work}" "${seconds}" "${connections}" "${event_bytes}" "${prost_rss_kb}" \
  >"${work}/section.md" <<'PY'
import json, os, sys
work, seconds, connections, event_bytes, rss_kb = sys.argv[1:6]
r = {n: json.load(open(os.path.join(work, n + ".json"))) for n in
     ["prost-healthz", "prost-event", "prost-create", "nginx-healthz", "nginx-event"]}
w = print
w("## HTTP beside nginx\n")
w("Written by `scripts/bench-http.sh` (`make bench`); it replaces only this section.")
w(f"Run {os.environ['BENCH_DATE']} on {os.environ['BENCH_CPU']} ({os.environ['BENCH_NPROC']} cores), "
  f"commit {os.environ['BENCH_COMMIT']}, {os.environ['BENCH_RUSTC']}.")
w("Each server alone on CPU 0 (`taskset -c 0`), wrk on CPU 1 "
  f"(`taskset -c 1 wrk -t1 -c{connections} -d{seconds}s --latency`), one run each, after a one-second")
w("warm-up. nginx serves the bytes Prost answered, from files: the ceiling for a read. The event is")
w(f"48 slots answered by 20 guests, {int(event_bytes):,} bytes of JSON.\n")
w("| request | Prost req/s | p50 ms | p99 ms | nginx req/s | nginx p99 ms | Prost ÷ nginx | before (issue 13) | target |")
w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
def fmt(v):
    return "–" if v is None else f"{v:.2f}"
for label, name, before, target in [("`GET /healthz`", "healthz", "0.26×", "≥ 0.8×"),
                                    ("`GET /api/v1/events/{id}` (20 × 48)", "event", "0.09×", "≥ 0.5×")]:
    p, n = r["prost-" + name], r["nginx-" + name]
    ratio = p["rate"] / n["rate"] if n["rate"] else 0
    w(f"| {label} | {p['rate']:,.0f} | {fmt(p['p50'])} | {fmt(p['p99'])} | {n['rate']:,.0f} | {fmt(n['p99'])} "
      f"| **{ratio:.2f}×** | {before} | {target} |")
c = r["prost-create"]
crab = 540 / 1.7
w(f"\nCreating events (`POST /api/v1/events`, a 48-slot grid, no account): **{c['rate']:,.0f} creates/s**, "
  f"p50 {fmt(c['p50'])} ms, p99 {fmt(c['p99'])} ms, {c['non2xx']} answers not 2xx. Issue 13 measured Prost at")
w(f"540 creates/s and 1.7 × Crab Fit, so Crab Fit creates about {crab:.0f}/s on this kind of machine: this run is "
  f"**{c['rate'] / crab:.1f} ×** that (target ≥ 5 ×).")
w(f"Peak RSS of the Prost process over the run: {int(rss_kb) / 1024:.0f} MiB.")
for name, v in r.items():
    if v["non2xx"] or v["socketErrors"]:
        w(f"\n{name}: {v['non2xx']} non-2xx answers; {v['socketErrors']}")
PY
python3 "${here}/bench_report.py" "${out}" "${work}/section.md"
cat "${work}/section.md" >&2
log "wrote the HTTP beside nginx section of ${out}"
