# shellcheck shell=bash
# Shared shell helpers; source it: `. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"`.

# stop_process PID: SIGTERM (Prost drains and exits), wait up to 10 s, then SIGKILL; reaps it.
stop_process() {
  local pid=$1
  [[ -n ${pid} ]] || return 0
  if kill -0 "${pid}" 2>/dev/null; then
    kill -TERM "${pid}" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "${pid}" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "${pid}" 2>/dev/null || true
  fi
  wait "${pid}" 2>/dev/null || true
}
