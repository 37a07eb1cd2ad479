#!/usr/bin/env bash
# Installs Versity's S3 gateway, the S3-compatible server that the
# internal/deploy integration tests start on 127.0.0.1. Idempotent: returns at
# once when versitygw is already on PATH or in $(go env GOPATH)/bin.
set -euo pipefail

gobin="$(go env GOPATH)/bin"
if command -v versitygw >/dev/null 2>&1 || [ -x "$gobin/versitygw" ]; then
	exit 0
fi
# Pinned (the version the tests were written against) so CI is reproducible;
# set VERSITYGW_VERSION=latest to try a newer one.
version="${VERSITYGW_VERSION:-v1.8.0}"
echo "installing versitygw@$version" >&2
go install "github.com/versity/versitygw/cmd/versitygw@$version"
