#!/usr/bin/env bash
# The README's main command: installs what it needs, then runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Node itself (not npx/tsx's wrapper process) so that Ctrl-C reaches the demo directly and it can tear down.
exec node --import tsx test/demo/demo.ts "$@"
