#!/usr/bin/env bash
# Builds Shipmode and opens the desktop app on its default database (in the user's
# data folder); on an empty database the app offers the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh run
export PATH="$PATH:/usr/local/go/bin"
export LANG=${LANG:-en_US.UTF-8}
echo "building (the first build compiles the OpenGL and SQLite parts: a few minutes)…"
go build -o shipmode .
exec ./shipmode "$@"
