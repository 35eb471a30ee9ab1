#!/usr/bin/env bash
# End to end: `shipmode report` (the full workbook, then the summary workbook) on a
# real database, RUNS alternating runs, each with its wall time, CPU time (user +
# system: what a shared machine does not inflate much) and peak RSS; with OLD set,
# that binary's full workbook runs too, alternating, for a before/after.
#
#   shipmode --db /tmp/1m.db demo --orders 1000000     # once: the 1M demo database
#   DB=/tmp/1m.db bench/report_e2e.sh
#   DB=/tmp/1m.db OLD=/tmp/shipmode-main RUNS=3 bench/report_e2e.sh
#
# Targets (issue 16): the full workbook of 1,000,000 orders ≤ 40 s wall and ≤ 1 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${DB:?DB=path of the database to report on}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/shipmode" .

# measure LABEL CMD...: one line of wall s, CPU s, peak RSS MB and the load average
measure() {
  label=$1
  shift
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null
  awk -F': ' -v l="$label" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /Maximum resident set size/ { r = $2 }
    /User time/ { c += $2 }
    /System time/ { c += $2 }
    END { printf "%-8s wall %6.1f s  CPU %6.1f s  RSS %5d MB  (load %s)\n", l, w, c, r / 1024, load }' "$work/time.txt"
  rm -f "$work"/*.xlsx "$work"/*.csv
}

echo "$db: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  if [ -n "${OLD:-}" ]; then
    measure old "$OLD" --db "$db" report "$work/old.xlsx"
  fi
  measure full "$work/shipmode" --db "$db" report "$work/full.xlsx"
  measure summary "$work/shipmode" --db "$db" report "$work/sum.xlsx" --summary
done
