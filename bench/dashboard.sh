#!/usr/bin/env bash
# The dashboard's figures after open on the million-order demo (issue 15: ≤ 1 s
# after open), in every case a seller meets — the first open after a change as
# well as an open with nothing changed. On a copy of the demo database (bench/ui.sh
# makes it) it times BenchmarkStartToDashboard's "dashboard" figure (the database
# opened, the window's first frame, then the dashboard's figures shown) once per
# case, in this order:
#   1. the first open (the sums made and kept), then three opens with nothing changed;
#   2. `shipmode plan` of every open order (its CPU seconds and peak RSS printed),
#      then the first open after it;
#   3. `shipmode import orders` of 1,000 new orders, then the first open;
#   4. `shipmode override` of an open order, then the first open;
#   5. `shipmode import orders` cancelling 100 planned open orders, then the first open.
# Before issue 15's writers kept the sums current, each first open in 2-5 summed
# every decision again. Run it in another tree (a checkout of an older commit) to
# compare: it measures the tree it is in.
# SQLite only (the cancellations are picked with the sqlite3 command).
# Usage: bench/dashboard.sh [ORDERS [DEMO.db]] (default bench/out/ui-ORDERS.db)
set -euo pipefail
export LANG=en_US.UTF-8 # Fyne, linked into the test binary, complains at start-up under C locales
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
n=${1:-1000000}
src=${2:-bench/out/ui-$n.db}
[ -f "$src" ] || { echo "no $src: run bench/ui.sh $n first" >&2; exit 1; }
tmp=$(mktemp -d /tmp/shipmode-dashboard.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp "$src" "$tmp/d.db"
[ -f "$src-wal" ] && cp "$src-wal" "$tmp/d.db-wal" || true
go build -o "$tmp/shipmode" .
CGO_ENABLED=0 go test -c -o "$tmp/ui.test" ./ui
bin=$tmp/shipmode
db=$tmp/d.db
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); database $(du -h "$src" | cut -f1)"
"$bin" --db "$db" log --n 1 >/dev/null # (migrated once, outside the figures)
rm -f "$tmp"/d.db.v*.bak

open() { # open LABEL TIMES: the dashboard's median after open, in ms, and the CPU seconds of the opens
  (cd ui && SHIPMODE_BENCH_DB="$db" /usr/bin/time -f "%U %S" -o "$tmp/time" "$tmp/ui.test" -test.run '^$' \
    -test.bench 'StartToDashboard' -test.benchtime "$2x") >"$tmp/out"
  read -r u s <"$tmp/time"
  awk -v label="$1" -v cpu="$(echo "$u + $s" | bc)" '/^Benchmark/ { for (i = 1; i <= NF; i++)
    if ($i == "dashboard-ms-median") print label ": " $(i - 1) " ms (the process: " cpu " s CPU)" }' "$tmp/out"
}
cpu() { # cpu LABEL COMMAND…: runs it, prints its user+sys CPU seconds and peak RSS
  local label=$1
  shift
  /usr/bin/time -f "%U %S %M" -o "$tmp/time" "$@" >"$tmp/out"
  read -r u s m <"$tmp/time"
  echo "$label: $(echo "$u + $s" | bc) s CPU (user $u, sys $s), peak RSS $((m / 1024)) MB — $(head -c 400 "$tmp/out" | tr '\n' ' ')"
}

# 1,000 new orders (the demo's, under new references), and 100 planned open orders to cancel.
go run ./bench/gencsv -lines 1500 -seed 7 |
  awk -F, -v OFS=, 'NR == 1 { print; next } { if (!($1 in seen)) { if (k == 1000) exit; seen[$1] = 1; k++ } $1 = "NEW-" $1; print }' >"$tmp/new.csv"
{
  echo "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days,status"
  sqlite3 -csv "$db" "SELECT o.ref, o.marketplace, date(o.order_date * 86400, 'unixepoch'), o.country, o.postal_code, s.sku, 1, '9.99',
    o.currency, o.promised_days, 'cancelled' FROM orders o JOIN decisions d ON d.order_id = o.id
    JOIN skus s ON s.id = CAST(substr(o.lines, 2, instr(o.lines, ' ') - 2) AS INTEGER)
    WHERE o.status = 1 ORDER BY o.id DESC LIMIT 100"
} >"$tmp/cancel.csv"
ref=$(sed -n 3p "$tmp/cancel.csv" | cut -d, -f1)

open "first open (the sums made and kept)" 1
open "open, nothing changed (median of 3)" 3
cpu "plan of every open order" "$bin" --db "$db" plan
open "first open after a plan" 1
cpu "import of 1,000 new orders" "$bin" --db "$db" import orders "$tmp/new.csv" --format generic
open "first open after an import of 1,000 new orders" 1
cpu "override of one order" "$bin" --db "$db" override "$ref" direct --reason bench
open "first open after an override" 1
cpu "import cancelling 100 planned orders" "$bin" --db "$db" import orders "$tmp/cancel.csv" --format generic
open "first open after a cancellation by import" 1
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
