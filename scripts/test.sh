#!/usr/bin/env bash
# Runs every test of Shipmode: installs what the tests need, vets, starts a throwaway
# PostgreSQL server, runs the Go tests (unit, golden, property, fuzz seed corpora, CLI
# end-to-end, LibreOffice checks; the store's and the operations' tests once on
# PostgreSQL and once on SQLite) and cross-compiles the Windows binary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh test
export PATH="$PATH:/usr/local/go/bin"
export LANG=en_US.UTF-8
echo "== go vet"
go vet ./...
echo "== PostgreSQL for team mode (a throwaway server, stopped at the end)"
pgroot=$(mktemp -d /tmp/shipmode-pg.XXXXXX)
chmod 755 "$pgroot"
port=${SHIPMODE_PG_PORT:-55432}
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
trap 'scripts/pg-server.sh stop "$pgroot/data" >/dev/null 2>&1 || true; rm -rf "$pgroot"' EXIT
SHIPMODE_TEST_PG=$(scripts/pg-server.sh start "$pgroot/data" "$port")
export SHIPMODE_TEST_PG
echo "server: $SHIPMODE_TEST_PG"
echo "== go test (the store and the operations on PostgreSQL; team mode's two-process tests)"
go test -timeout 15m ./...
echo "== go test (the store and the operations on SQLite)"
SHIPMODE_TEST_PG= go test -timeout 15m ./store/... ./ops/...
echo "== windows cross-build"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc go build -o /tmp/shipmode-windows.exe .
echo "windows build ok: $(du -h /tmp/shipmode-windows.exe | cut -f1)"
