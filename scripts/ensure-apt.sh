#!/usr/bin/env bash
# Usage: ensure-apt.sh PKG...
# Install the Debian packages from the list that are not installed yet.
# `apt-get update` runs once, and only when something is missing. Needs root
# (CI and the dev machines run as root); falls back to sudo when it exists.
set -euo pipefail

missing=()
for pkg in "$@"; do
  [[ -n ${pkg} ]] || continue
  status=$(dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null || true)
  if [[ ${status} != "install ok installed" ]]; then
    missing+=("${pkg}")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "ensure-apt: all present: $*" >&2
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "ensure-apt: need root to install: ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg run (e.g. a background `apt-get update`) instead of failing.
lock_wait=(-o DPkg::Lock::Timeout=600)

echo "ensure-apt: installing: ${missing[*]}" >&2
"${sudo[@]}" apt-get "${lock_wait[@]}" update -qq >&2
"${sudo[@]}" apt-get "${lock_wait[@]}" install -y -qq --no-install-recommends "${missing[@]}" </dev/null >&2
echo "ensure-apt: done" >&2
