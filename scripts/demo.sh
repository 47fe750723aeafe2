#!/usr/bin/env bash
# The README's main command: installs what it needs, then runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tsx test/demo/demo.ts "$@"
