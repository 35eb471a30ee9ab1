#!/usr/bin/env bash
# Runs every test of Shipmode: installs what the tests need, vets, runs the Go tests
# (unit, golden, property, fuzz seed corpora, CLI end-to-end, LibreOffice checks) and
# cross-compiles the Windows binary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh test
export PATH="$PATH:/usr/local/go/bin"
export LANG=en_US.UTF-8
echo "== go vet"
go vet ./...
echo "== go test"
go test -timeout 15m ./...
echo "== windows cross-build"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc go build -o /tmp/shipmode-windows.exe .
echo "windows build ok: $(du -h /tmp/shipmode-windows.exe | cut -f1)"
