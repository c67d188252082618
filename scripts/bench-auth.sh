#!/usr/bin/env bash
# Register and login under a burst: writes the "Accounts: register and login" section of
# docs/benchmarks.md (replacing it if there is one). Starts a release `prost serve` on the
# embedded store, then BENCH_AUTH_ROUNDS bursts of BENCH_AUTH_AT_ONCE clients that each register
# and then log in at the same moment. Reports p50/p99 of each, how many answered 503 (the argon2
# semaphore's queue was full: they carry Retry-After), and the server's peak RSS (VmHWM), which
# the semaphore keeps bounded however many arrive. Everything is on 127.0.0.1.
#
#   BENCH_OUT [docs/benchmarks.md]   BENCH_AUTH_AT_ONCE [50]   BENCH_AUTH_ROUNDS [3]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
root=$(cd "${here}/.." && pwd)
cd "${root}"
target=${CARGO_TARGET_DIR:-target}
out=${BENCH_OUT:-docs/benchmarks.md}
at_once=${BENCH_AUTH_AT_ONCE:-50}
rounds=${BENCH_AUTH_ROUNDS:-3}
work=$(mktemp -d)
server_pid=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  stop_process "${server_pid}"
  rm -rf "${work}"
}
trap cleanup EXIT
log() { echo "bench-auth.sh: $*" >&2; }

cargo build --release -p prost --bin prost >&2
port=$("${here}/free-port.sh")
base=http://127.0.0.1:${port}
PROST_ADDR=127.0.0.1:${port} PROST_DATA_DIR=${work}/data PROST_AUTH_RATE_PER_MIN=1000000 \
  "${target}/release/prost" serve >"${work}/server.log" 2>&1 &
server_pid=$!
"${here}/wait-http.sh" "${base}/healthz" 60
log "server on ${base}: ${rounds} bursts of ${at_once} register + login"

bench_machine_facts "$(git rev-parse --short HEAD)"
python3 - "${base}" "${server_pid}" "${at_once}" "${rounds}" >"${work}/section.md" <<'PY'
import json, os, sys, threading, time, urllib.error, urllib.request
base, pid, at_once, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

def post(path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as e:
        status = e.code
    return status, (time.perf_counter() - started) * 1000

def rss(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return 0.0

timings = {"register": [], "login": []}
statuses = {"register": {}, "login": {}}
idle_rss = rss("VmRSS")
for round_ in range(rounds):
    gate = threading.Barrier(at_once)
    def client(i):
        email = f"bench.{round_}.{i}@example.com"
        body = {"email": email, "password": "a bench stout for everyone", "name": f"Bench {i}"}
        gate.wait()
        for op, path in (("register", "/api/v1/auth/register"), ("login", "/api/v1/auth/login")):
            payload = body if op == "register" else {"email": email, "password": body["password"]}
            status, ms = post(path, payload)
            timings[op].append(ms)
            statuses[op][status] = statuses[op].get(status, 0) + 1
    threads = [threading.Thread(target=client, args=(i,)) for i in range(at_once)]
    [t.start() for t in threads]
    [t.join() for t in threads]

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

e = os.environ
w = print
w("## Accounts: register and login\n")
w("Written by `scripts/bench-auth.sh` (`make bench`); it replaces only this section.")
w(f"A release `prost serve` on the embedded store; {rounds} bursts of {at_once} clients (Python threads on the")
w("same machine) that each register, then log in, all released at once. Every request hashes or checks an")
w("argon2id password (19 MiB, 2 passes); the server runs at most one hash per CPU and lets 64 per CPU wait for a turn, so")
w("a burst waits its turn instead of taking memory. 503s would carry `Retry-After`.\n")
w(f"Run {e['BENCH_DATE']} on {e['BENCH_CPU']} ({e['BENCH_NPROC']} cores), {e['BENCH_KERNEL']}, commit {e['BENCH_COMMIT']}, {e['BENCH_RUSTC']}.")
w(f"Command: `BENCH_AUTH_AT_ONCE={at_once} BENCH_AUTH_ROUNDS={rounds} scripts/bench-auth.sh`.\n")
w("| operation | requests | answers | p50 ms | p99 ms | max ms |")
w("|---|---|---|---|---|---|")
for op in ("register", "login"):
    t = timings[op]
    answers = ", ".join(f"{n}× {s}" for s, n in sorted(statuses[op].items()))
    w(f"| {op} | {len(t)} | {answers} | {pct(t, 50):.0f} | {pct(t, 99):.0f} | {max(t):.0f} |")
w("")
w(f"Server RSS: {idle_rss:.0f} MiB idle before the bursts, peak (VmHWM) {rss('VmHWM'):.0f} MiB.")
PY
python3 "${here}/bench_report.py" "${out}" "${work}/section.md"
cat "${work}/section.md" >&2
log "wrote the accounts section of ${out}"
