#!/usr/bin/env bash
# The README's test command: installs what the tests need, then type-checks,
# lints, and runs unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc -p tsconfig.json --noEmit
# The dashboard is browser code: its own config, with the DOM library.
npx tsc -p apps/dashboard/tsconfig.json --noEmit
# The module-boundary lint rule reads Nx's project graph; build it first.
NX_DAEMON=false npx nx show projects >/dev/null
npx eslint .
npx jest --selectProjects unit
npx jest --selectProjects integration --runInBand
