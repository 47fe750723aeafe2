#!/usr/bin/env bash
# Runs a command after making sure the machine has what Hitless needs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx "$@"
