#!/usr/bin/env bash
# The README's test command: installs what the tests need, then type-checks,
# lints, and runs unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc -p tsconfig.json --noEmit
npx eslint .
npx jest --selectProjects unit
npx jest --selectProjects integration --runInBand
