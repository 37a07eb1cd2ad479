#!/usr/bin/env bash
# Runs every test: Go (unit, site, fuzz seed corpora, browser end-to-end)
# and the JavaScript tests with node's built-in runner.
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
go test ./...
node --test internal/searchindex/
