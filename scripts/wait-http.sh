#!/usr/bin/env bash
# Usage: wait-http.sh URL [timeout_s]
# Poll URL until it answers HTTP 200, or fail after timeout_s seconds (default 60).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 URL [timeout_s]" >&2
  exit 2
fi
url=$1
timeout_s=${2:-60}

deadline=$(( $(date +%s) + timeout_s ))
code=000
while :; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${url}" 2>/dev/null) || true
  if [[ ${code} == 200 ]]; then
    exit 0
  fi
  if (( $(date +%s) >= deadline )); then
    echo "wait-http.sh: ${url} did not answer 200 within ${timeout_s}s (last status: ${code:-none})" >&2
    exit 1
  fi
  sleep 0.2
done
