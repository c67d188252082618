#!/usr/bin/env bash
# Print a TCP port on 127.0.0.1 that is free right now.
# The kernel picks it (bind to port 0), so two callers rarely get the same one;
# callers that need certainty should still retry on EADDRINUSE.
set -euo pipefail

if command -v python3 >/dev/null 2>&1; then
  exec python3 - <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
fi

# Fallback without python3: try random high ports until nothing answers on one.
for _ in $(seq 1 200); do
  port=$(( (RANDOM % 20000) + 30000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
    echo "${port}"
    exit 0
  fi
done
echo "free-port.sh: no free port found" >&2
exit 1
