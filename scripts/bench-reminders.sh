#!/usr/bin/env bash
# Reminder lag through the outbox: writes the "Telegram reminders" section of docs/benchmarks.md
# (replacing it if there is one). `prost-loadtest reminders` starts the fake Bot API and a
# release `prost serve` against it, links BENCH_REMINDERS guests to as many chats, locks a plan
# whose reminders all fall due at one instant, and reports per-chat lag (receipt at the fake
# minus the due time) and how many chats got exactly one reminder. Once on the embedded store,
# once on FerretDB. Everything is on 127.0.0.1 and bounded by `timeout`.
#
#   BENCH_OUT [docs/benchmarks.md]   BENCH_REMINDERS [1000]   BENCH_REMINDERS_DUE_IN [60]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "${here}/lib.sh"
root=$(cd "${here}/.." && pwd)
cd "${root}"
target=${CARGO_TARGET_DIR:-target}
out=${BENCH_OUT:-docs/benchmarks.md}
count=${BENCH_REMINDERS:-1000}
due_in=${BENCH_REMINDERS_DUE_IN:-60}
work=$(mktemp -d)
ferret_pid=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  stop_process "${ferret_pid}"
  rm -rf "${work}"
}
trap cleanup EXIT
log() { echo "bench-reminders.sh: $*" >&2; }

cargo build --release -p prost --bin prost >&2
cargo build --release -p prost-loadtest >&2
prost_bin=$(pwd)/${target}/release/prost
loadtest_bin=${target}/release/prost-loadtest

run() {
  local name=$1
  shift
  log "scenario ${name}"
  local status=0
  timeout --kill-after=10 1200 "${loadtest_bin}" reminders --prost-bin "${prost_bin}" --count "${count}" \
    --due-in-secs "${due_in}" "$@" >"${work}/${name}.json" 2>"${work}/${name}.log" || status=$?
  cat "${work}/${name}.log" >&2
  [[ ${status} -eq 0 ]] || echo "exit ${status}" >"${work}/${name}.failed"
}

run embedded
ferretdb=$(scripts/ensure-ferretdb.sh)
ferret_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "${work}/ferret"
"${ferretdb}" --handler=sqlite --sqlite-url="file:${work}/ferret/" --listen-addr="127.0.0.1:${ferret_port}" \
  --telemetry=disable --debug-addr=- --state-dir="${work}/ferret" --log-level=error >"${work}/ferret.log" 2>&1 &
ferret_pid=$!
sleep 2
run mongo --mongodb-uri "mongodb://127.0.0.1:${ferret_port}/reminders_bench"

bench_machine_facts "$(git rev-parse --short HEAD)"
PYTHONPATH="${here}" python3 - "${work}" "${count}" "${due_in}" >"${work}/section.md" <<'PY'
import os
import sys
from bench_report import Run, ms
run, count, due_in = Run(sys.argv[1]), sys.argv[2], sys.argv[3]
w = print
w("## Telegram reminders\n")
w("Written by `scripts/bench-reminders.sh` (`make bench`); it replaces only this section.")
w(f"`prost-loadtest reminders --count {count} --due-in-secs {due_in}`: {count} guests of one event, each linked")
w("to its own chat through the fake Bot API (a real HTTP server on 127.0.0.1), one plan locked so that")
w("every reminder falls due at the same instant. Lag = arrival at the fake − due time, per chat.")
w("The bot paces itself to Telegram's documented limit (about 30 messages a second per bot, 28 here),")
w("so the spread is the limit at work, not the outbox: 1,000 messages need about 36 s at 28/s.\n")
e = os.environ
w(f"Run {e['BENCH_DATE']} on {e['BENCH_CPU']} ({e['BENCH_NPROC']} cores), {e['BENCH_KERNEL']}, commit {e['BENCH_COMMIT']}, {e['BENCH_RUSTC']}.\n")
w("| store | chats | exactly once | twice or more | missing | lag p50 ms | p90 ms | p99 ms | max ms | send span ms |")
w("|---|---|---|---|---|---|---|---|---|---|")
for name in ("embedded", "mongo"):
    r = run.result(name)
    if r is None:
        w(f"| {name} | failed | | | | | | | | |")
        continue
    lag = r["lag"]
    w(f"| {r['store']} | {r['chats']} | {r['remindedOnce']} | {r['remindedTwiceOrMore']} | {r['missing']} | "
      f"{ms(lag['p50Ms'])} | {ms(lag['p90Ms'])} | {ms(lag['p99Ms'])} | {ms(lag['maxMs'])} | {ms(r['sendSpanMs'])} |")
w("")
w("The duplicate window: `prost_outbox_ack_window_seconds`, from Telegram's answer to the store's record of")
w("it (every outbox job of the run: the fan-out, plan messages, reminders). A crash inside it repeats that one message; nowhere")
w("else can a crash send twice (a crash before the answer retries a message Telegram never took).\n")
w("| store | jobs | mean ms | p99 ≤ ms | max ≤ ms |")
w("|---|---|---|---|---|")
for name in ("embedded", "mongo"):
    r = run.result(name)
    if r is not None:
        a = r["ackWindow"]
        w(f"| {r['store']} | {a['count']} | {ms(a['meanMs'])} | {ms(a['p99AtMostMs'])} | {ms(a['maxBucketMs'])} |")
for name in ("embedded", "mongo"):
    w(run.failure(name))
PY
python3 "${here}/bench_report.py" "${out}" "${work}/section.md"
log "wrote the Telegram reminders section of ${out}"
