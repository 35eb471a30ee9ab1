#!/usr/bin/env bash
# Team mode's figures (issue 13), on a local PostgreSQL server this script starts
# (scripts/pg-server.sh, default settings but fsync off as the tests run it — and
# with fsync on, see PG_FSYNC) against SQLite on the same machine, in one run:
#   1. import of the 1,000,000-line generic CSV (bench/scale.sh makes it): PostgreSQL
#      and SQLite alternating, RUNS times each; the figure is the median of the
#      pairs' ratios (≤ 2);
#   2. plan of the imported orders on each (≤ 1.5×);
#   3. the orders table's first rows after a filter (bench/firstrows; ≤ 300 ms).
# Wall seconds decide; the client's CPU seconds are printed beside them (the
# server's work is not in them).
# `bench/team.sh firstrows` runs only 3., on the SQLite database of an earlier run
# (TEAM_DB, default bench/out/team-1.db; imported and planned as in 1. and 2. when
# missing) and a copy of it on the server (shipmode migrate, then VACUUM ANALYZE as
# autovacuum would after an import).
# Usage: bench/team.sh [RUNS] | bench/team.sh firstrows
set -euo pipefail
export LANG=en_US.UTF-8
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
only_firstrows=
if [ "${1:-}" = firstrows ]; then only_firstrows=1; shift; fi
runs=${1:-3}
out=bench/out
mkdir -p "$out"
go build -o "$out/shipmode" .
go build -o "$out/firstrows" ./bench/firstrows
csv=$out/orders-1000000.csv
if [ -z "$only_firstrows" ] || [ ! -f "${TEAM_DB:-$out/team-1.db}" ]; then
  [ -f "$csv" ] || { go build -o "$out/gencsv" ./bench/gencsv; "$out/gencsv" -lines 1000000 > "$csv"; }
fi
pgroot=$(mktemp -d /tmp/shipmode-bench-pg.XXXXXX)
chmod 755 "$pgroot"
port=56432
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
trap 'scripts/pg-server.sh stop "$pgroot/data" >/dev/null 2>&1 || true; rm -rf "$pgroot"' EXIT
base=$(scripts/pg-server.sh start "$pgroot/data" "$port")
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: PostgreSQL $(psql "$base" -tAc 'SHOW server_version'), fsync $(psql "$base" -tAc 'SHOW fsync')"
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.10g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
timed() {
  /usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "$@" > "$out/last.log" 2>&1 || { cat "$out/last.log" >&2; exit 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out/time.txt"
}
fresh_pg() { # a new schema, printed as its URL
  local s="b_$1"
  psql "$base" -qc "DROP SCHEMA IF EXISTS $s CASCADE; CREATE SCHEMA $s" >/dev/null 2>&1
  echo "${base%%\?*}?search_path=$s&sslmode=disable"
}
if [ -n "$only_firstrows" ]; then
  db=${TEAM_DB:-$out/team-1.db}
  if [ ! -f "$db" ]; then
    "$out/shipmode" --db "$db" import ratebook cli/testdata/examples/ratebook.xlsx >/dev/null
    "$out/shipmode" --db "$db" import orders "$csv" --format generic >/dev/null
    "$out/shipmode" --db "$db" plan >/dev/null
  fi
  url=$(fresh_pg 1)
  "$out/shipmode" migrate "$db" "$url" >/dev/null
  psql "$base" -qc "VACUUM ANALYZE" >/dev/null
  echo "first rows after a filter, SQLite ($db):"
  "$out/firstrows" "$db"
  echo "first rows after a filter, PostgreSQL (a copy):"
  "$out/firstrows" "$url"
  echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
imp_ratios=(); plan_ratios=(); imp_pg=(); imp_sq=(); plan_pg=(); plan_sq=()
for i in $(seq "$runs"); do
  db=$out/team-$i.db; rm -f "$db" "$db"-*
  url=$(fresh_pg "$i")
  "$out/shipmode" --db "$db" import ratebook cli/testdata/examples/ratebook.xlsx >/dev/null
  "$out/shipmode" --db "$url" import ratebook cli/testdata/examples/ratebook.xlsx >/dev/null
  read -r sw sm sc < <(timed "$out/shipmode" --db "$db" import orders "$csv" --format generic)
  read -r pw pm pc < <(timed "$out/shipmode" --db "$url" import orders "$csv" --format generic)
  echo "import $i: SQLite $sw s (cpu $sc s, $((sm / 1024)) MB)  PostgreSQL $pw s (client cpu $pc s, $((pm / 1024)) MB)  ratio $(echo "$pw / $sw" | bc -l | cut -c1-5)"
  imp_ratios+=("$(echo "$pw / $sw" | bc -l)"); imp_sq+=("$sw"); imp_pg+=("$pw")
  read -r sw sm sc < <(timed "$out/shipmode" --db "$db" plan)
  read -r pw pm pc < <(timed "$out/shipmode" --db "$url" plan)
  echo "plan   $i: SQLite $sw s (cpu $sc s, $((sm / 1024)) MB)  PostgreSQL $pw s (client cpu $pc s, $((pm / 1024)) MB)  ratio $(echo "$pw / $sw" | bc -l | cut -c1-5)"
  plan_ratios+=("$(echo "$pw / $sw" | bc -l)"); plan_sq+=("$sw"); plan_pg+=("$pw")
done
echo
echo "import 1,000,000 lines: SQLite median $(printf '%s\n' "${imp_sq[@]}" | median) s, PostgreSQL $(printf '%s\n' "${imp_pg[@]}" | median) s; ratio (median of pairs) $(printf '%s\n' "${imp_ratios[@]}" | median | cut -c1-5) (target ≤ 2)"
echo "plan:                   SQLite median $(printf '%s\n' "${plan_sq[@]}" | median) s, PostgreSQL $(printf '%s\n' "${plan_pg[@]}" | median) s; ratio (median of pairs) $(printf '%s\n' "${plan_ratios[@]}" | median | cut -c1-5) (target ≤ 1.5)"
echo
echo "first rows after a filter, SQLite ($db):"
"$out/firstrows" "$db"
echo "first rows after a filter, PostgreSQL:"
"$out/firstrows" "$url"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
