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

# The facts every benchmark report starts with, exported for its report writer. $1 is the
# commit the binaries were built from.
bench_machine_facts() {
  export BENCH_DATE BENCH_CPU BENCH_NPROC BENCH_FREE BENCH_KERNEL BENCH_COMMIT BENCH_RUSTC
  BENCH_DATE=$(date -u)
  BENCH_CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)
  BENCH_NPROC=$(nproc)
  BENCH_FREE=$(free -g)
  BENCH_KERNEL=$(uname -srm)
  BENCH_COMMIT=$1
  BENCH_RUSTC=$(rustc --version)
}

# Prints the path of a Go toolchain (the machine's, Go's usual install places, or Debian's
# golang-go installed on the spot). Callers define `log`.
go_toolchain() {
  local d
  for d in "" /usr/local/go/bin "${HOME}/go/bin" "${HOME}/sdk/go/bin" /usr/lib/go/bin; do
    if [[ -z ${d} ]]; then
      command -v go 2>/dev/null && return 0
    elif [[ -x ${d}/go ]]; then
      echo "${d}/go"
      return 0
    fi
  done
  log "no Go toolchain found; installing Debian's golang-go"
  "$(dirname "${BASH_SOURCE[0]}")/ensure-apt.sh" golang-go >&2
  command -v go 2>/dev/null || { [[ -x /usr/lib/go/bin/go ]] && echo /usr/lib/go/bin/go; }
}

# Moves a freshly built tool into place atomically (a concurrent reader sees the old binary or
# the new one, never half of one). Callers define `log`.
install_tool() {
  local built=$1 out=$2
  mkdir -p "$(dirname "${out}")"
  mv -f "${built}" "${out}.tmp.$$"
  mv -f "${out}.tmp.$$" "${out}"
  log "installed ${out}"
}

# Takes the per-tool build lock on fd 9 for the rest of the script: one build of a tool at a time
# on this machine (e.g. two `make test` runs).
lock_tool_build() {
  local tools_dir=$1 name=$2
  mkdir -p "${tools_dir}"
  exec 9>"${tools_dir}/.${name}.lock"
  flock 9
}
