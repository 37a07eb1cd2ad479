#!/usr/bin/env bash
# Installs the npm devDependencies the tests load (axe-core for the
# accessibility test in internal/a11y), exactly as package-lock.json pins.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error >/dev/null
