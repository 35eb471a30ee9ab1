#!/usr/bin/env bash
# The orders screen's performance on a million orders (issue targets: a filter change
# shows its first rows within 300 ms; scrolling never waits on the database):
#   - BenchmarkFilterToFirstRows: filter change → first block applied, with the count
#     and id list running alongside as in the app (median, p95, max over 12 filters);
#   - BenchmarkSearchAfterOpen: a search typed 0 to 2 s after the database opened,
#     the orders screen just opened on it (median, p95, max of 24 searches; and
#     the process's CPU over each, which a busy machine inflates less);
#   - BenchmarkDeepBlock: one 256-row block three quarters down, by ids vs by offset;
#   - bench/firstrows: each filter's first 50 rows alone (median, p95), sorts by
#     shipping cost (total) among them;
#   - issue 15's start-up figures: BenchmarkStartToDashboard (the database opened and
#     the window drawn once — the first frame —, then the dashboard's figures shown;
#     median and p95 of 9 starts) and the process's own start apart (the binary
#     loaded and initialised, the database opened: `shipmode log`, median of 5).
#   - the dashboard's first open after a plan, an import, an override and a
#     cancellation by import: bench/dashboard.sh (on a copy of the same database).
# Targets (issue 15): first frame ≤ 1 s; any filter or search ≤ 300 ms p95; sort by
# shipping cost ≤ 300 ms; the dashboard's figures ≤ 1 s after open. (issue 13: the
# same first rows on PostgreSQL.)
# The database is made once with `shipmode demo --orders N` (kept in bench/out). With
# a PostgreSQL URL, the same on that server, whose database must hold that demo
# (`shipmode migrate bench/out/ui-N.db URL`).
# Usage: bench/ui.sh [ORDERS] [postgres://…]
set -euo pipefail
export LANG=en_US.UTF-8 # Fyne, linked into the test binary, complains at start-up under C locales
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
n=${1:-1000000}
out=bench/out
mkdir -p "$out"
db="$out/ui-$n.db"
if [ -n "${2:-}" ]; then
  db=$2
elif [ ! -f "$db" ]; then
  go build -o "$out/shipmode" .
  echo "making $db with $n demo orders…"
  "$out/shipmode" --db "$db.tmp" demo --orders "$n" >/dev/null
  mv "$db.tmp" "$db"
  [ -f "$db.tmp-wal" ] && mv "$db.tmp-wal" "$db-wal" || true
fi
case $db in
postgres:* | postgresql:*) echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); database on PostgreSQL" ;;
*)
  echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); database $(du -h "$db" | cut -f1)"
  db=$PWD/$db
  ;;
esac
SHIPMODE_BENCH_DB="$db" CGO_ENABLED=0 go test ./ui -run '^$' -bench 'FilterToFirstRows|DeepBlock' -benchtime 48x -count 1
SHIPMODE_BENCH_DB="$db" CGO_ENABLED=0 go test ./ui -run '^$' -bench 'SearchAfterOpen' -benchtime 24x -count 1
SHIPMODE_BENCH_DB="$db" CGO_ENABLED=0 go test ./ui -run '^$' -bench 'StartToDashboard' -benchtime 9x -count 1
go build -o "$out/shipmode" .
starts=()
for _ in 1 2 3 4 5; do
  t0=$(date +%s%N)
  "$out/shipmode" --db "$db" log >/dev/null
  starts+=("$((($(date +%s%N) - t0) / 1000000))")
done
echo "process start (binary loaded, database opened, 'shipmode log'): median $(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p) ms of ${starts[*]}"
go run ./bench/firstrows "$db"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
