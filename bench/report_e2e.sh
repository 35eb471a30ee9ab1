#!/usr/bin/env bash
# End to end: `shipmode report` (the full workbook, then the summary workbook) on a
# real database, RUNS alternating runs, each with its wall time, CPU time (user +
# system: what a shared machine does not inflate much) and peak RSS; with OLD set,
# that binary's full workbook runs too, alternating, for a before/after.
#
#   shipmode --db /tmp/1m.db demo --orders 1000000     # once: the 1M demo database
#   DB=/tmp/1m.db bench/report_e2e.sh
#   DB=/tmp/1m.db OLD=/tmp/shipmode-main RUNS=3 bench/report_e2e.sh
#   DB=/tmp/1m.db OLD=/tmp/shipmode-main RUNS=1 HASH=1 bench/report_e2e.sh
#
# With HASH=1, every workbook's content (each zip entry, its generation time
# masked, [Content_Types] sorted) and every register CSV is hashed, and the old and
# new binaries' hashes are compared: the figures must be the same, byte for byte.
#
# Targets (issue 16): the full workbook of 1,000,000 orders ≤ 40 s wall and ≤ 1 GB;
# the summary workbook ≤ 10 s wall. The medians are printed with a MISSED line
# for a target missed.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${DB:?DB=path of the database to report on}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/shipmode" .
# The old and new binaries write files of the same names (a summary workbook names
# its register) in folders of their own.
mkdir "$work/old" "$work/new"

# semhash FILE: one hash of a workbook's content, its generation time masked
# (bench/report_semhash.py); of any other file, its bytes.
semhash() { python3 bench/report_semhash.py "$1"; }

# measure LABEL OUT CMD...: one line of wall s, CPU s, peak RSS MB and the load
# average; the wall, CPU and RSS also go to $work/LABEL.txt, and with HASH set the
# hash of OUT (and of its register CSV) to $work/LABEL.hash.
measure() {
  label=$1
  out=$2
  shift 2
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null
  awk -F': ' -v l="$label" -v load="$(cut -d' ' -f1 /proc/loadavg)" -v f="$work/$label.txt" '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /Maximum resident set size/ { r = $2 }
    /User time/ { c += $2 }
    /System time/ { c += $2 }
    END { printf "%-8s wall %6.1f s  CPU %6.1f s  RSS %5d MB  (load %s)\n", l, w, c, r / 1024, load
          printf "%.2f %.2f %d\n", w, c, r / 1024 >>f }' "$work/time.txt"
  if [ -n "${HASH:-}" ]; then
    h=$(semhash "$out")
    csv=${out%.xlsx}-orders.csv
    [ -f "$csv" ] && h="$h $(semhash "$csv")"
    echo "         content hash $h"
    echo "$h" >>"$work/$label.hash"
  fi
  rm -f "$work"/*/*.xlsx "$work"/*/*.csv
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "$db: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  if [ -n "${OLD:-}" ]; then
    measure old "$work/old/spend.xlsx" "$OLD" --db "$db" report "$work/old/spend.xlsx"
  fi
  measure full "$work/new/spend.xlsx" "$work/shipmode" --db "$db" report "$work/new/spend.xlsx"
  if [ -n "${OLD:-}" ]; then
    measure oldsum "$work/old/sum.xlsx" "$OLD" --db "$db" report "$work/old/sum.xlsx" --summary
  fi
  measure summary "$work/new/sum.xlsx" "$work/shipmode" --db "$db" report "$work/new/sum.xlsx" --summary
done

status=0
for label in old full oldsum summary; do
  [ -f "$work/$label.txt" ] || continue
  printf '%-8s median wall %6.1f s  CPU %6.1f s  peak RSS %5.0f MB\n' "$label" \
    "$(cut -d' ' -f1 "$work/$label.txt" | median)" "$(cut -d' ' -f2 "$work/$label.txt" | median)" "$(cut -d' ' -f3 "$work/$label.txt" | median)"
done
full_s=$(cut -d' ' -f1 "$work/full.txt" | median)
full_mb=$(cut -d' ' -f3 "$work/full.txt" | median)
sum_s=$(cut -d' ' -f1 "$work/summary.txt" | median)
awk -v s="$full_s" 'BEGIN { exit !(s <= 40) }' || { echo "MISSED: the full workbook took more than 40 s"; status=1; }
awk -v m="$full_mb" 'BEGIN { exit !(m <= 1024) }' || { echo "MISSED: the full workbook took more than 1 GB"; status=1; }
awk -v s="$sum_s" 'BEGIN { exit !(s <= 10) }' || { echo "MISSED: the summary workbook took more than 10 s"; status=1; }
if [ -n "${HASH:-}" ] && [ -n "${OLD:-}" ]; then
  for pair in "old full" "oldsum summary"; do
    set -- $pair
    if [ "$(sort -u "$work/$1.hash" "$work/$2.hash" | wc -l)" = 1 ]; then
      echo "$2: the same content as $1 ($(head -1 "$work/$2.hash"))"
    else
      echo "DIFFERENT: $2's content is not $1's"
      status=1
    fi
  done
fi
exit $status
