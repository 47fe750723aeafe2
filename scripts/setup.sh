#!/usr/bin/env bash
# Installs what Hitless needs on a Debian machine, idempotently and quickly when
# it is already there: Debian packages, npm dependencies, kernel settings.
set -euo pipefail
cd "$(dirname "$0")/.."

# systemd brings systemd-analyze, which checks the units in deploy/; chromium runs
# the dashboard test (driven by playwright-core, which downloads no browser). The
# install test (test/install) builds clean Debian roots with mmdebstrap, checks the
# packages with lintian, and builds the server's container image with podman.
DEBIAN_PACKAGES=(haproxy iproute2 iptables procps systemd chromium mmdebstrap lintian podman)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's package enables and may start haproxy.service; Hitless manages its own
  # instances in tests and the demo, so the stock service must not hold ports here.
fi

# npm dependencies: `npm ci` when the lock changed since the last install.
stamp=node_modules/.hitless-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

# Network namespaces live under /run/netns; make sure the mount point exists.
mkdir -p /run/netns
