#!/usr/bin/env bash
# Issue 11's performance figures, measured in one run on this machine:
#  1. import of LINES generic invoice lines (the first LINES of the demo's invoice
#     file) into the demo database, which holds their orders, against the sqlite3
#     CLI's .import of the same file into a fresh database (the reference; ratio
#     must be ≤ 2.0). The machines are noisy (PLATFORM.md), so each shipmode import
#     is paired with a sqlite3 .import run just before it (A B A B …) and the figure
#     is the median of the pairs' ratios;
#  2. reconcile over the demo database with its whole invoice file imported: the
#     demo bills about three orders in four, so ORDERS = 1,330,000 gives about
#     1,000,000 invoiced orders (≤ 10 s, ≤ 1 GB peak), median of RUNS;
#  3. report — the spend workbook of all its orders, with the invoiced columns and
#     the Invoices sheet — against openpyxl writing the Orders sheet of as many
#     orders (bench/report_openpyxl.py, with the Invoiced and Invoice variance
#     columns; the workbook must be ≥ 5× faster), medians of RUNS and PYRUNS.
# Wall seconds decide; CPU seconds (user + system) are printed beside them, as they
# are less sensitive to other work on the machine, with the load average.
#
# Usage: bench/invoices.sh [ORDERS] [RUNS] [LINES]
#   SHIPMODE=/path/to/binary bench/invoices.sh   # measure that binary instead of building one
#   PYRUNS=1 bench/invoices.sh                   # openpyxl runs (default RUNS; minutes each for a million orders)
#   SKIP_PYTHON=1 bench/invoices.sh              # no openpyxl
#   OUT=/tmp/dir bench/invoices.sh               # its files there instead of bench/out (two runs at once)
set -euo pipefail
export LANG=en_US.UTF-8 # Fyne, linked into the binary, complains at start-up under C locales
cd "$(dirname "$0")/.."
orders=${1:-1330000}
runs=${2:-3}
lines=${3:-1000000}
pyruns=${PYRUNS:-$runs}
out=${OUT:-bench/out}
mkdir -p "$out"
bin=${SHIPMODE:-}
if [ -z "$bin" ]; then
  go build -o "$out/shipmode" .
  bin=$out/shipmode
fi
# The demo database of ORDERS orders and the invoice file it writes beside it, made
# once (demo --orders writes demo-invoices.csv next to the database).
dir="$out/invoices-$orders"
mkdir -p "$dir"
base="$dir/demo.db"
if [ ! -f "$base" ] || [ ! -f "$dir/demo-invoices.csv" ]; then
  rm -f "$base"*
  "$bin" --db "$base" demo --orders "$orders" > "$dir/demo.log"
fi
# A database made by an older binary is brought to this binary's schema once, here:
# else every timed import of a copy of it would also migrate it, with the backup
# it makes first (VACUUM INTO of the whole database, seconds at a million orders).
# (log opens the database, which migrates it; the backup it leaves is dropped.)
current() {
  "$bin" --db "$1" log --n 1 > /dev/null
  rm -f "$1".v[0-9]*.bak
}
current "$base"
csv="$dir/invoices-$lines.csv"
[ -f "$csv" ] || head -n "$((lines + 1))" "$dir/demo-invoices.csv" > "$csv"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $bin"
echo "database: $base ($orders orders, $(du -h "$base" | cut -f1), schema $(sqlite3 "$base" 'PRAGMA user_version')); invoice file for the import: $csv ($(($(wc -l < "$csv") - 1)) lines, $(du -h "$csv" | cut -f1))"

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.10g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# timed CMD...: prints "wall_seconds peak_kb cpu_seconds" of one run
timed() {
  sync # each command starts with the previous one's writes on disk, not still draining
  /usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "$@" > "$out/last.log" 2>&1 || { cat "$out/last.log" >&2; exit 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out/time.txt"
}
copy() { rm -f "$2"*; for f in "$1"*; do cp "$f" "$2${f#"$1"}"; done; }
say() { printf '  %-10s %s s (%s s CPU, %s KB peak)\n' "$1" "$(echo "$2" | cut -d' ' -f1)" "$(echo "$2" | cut -d' ' -f3)" "$(echo "$2" | cut -d' ' -f2)"; }

# The database with every line of the demo's invoice file, for reconcile and report.
full="$dir/full.db"
if [ ! -f "$full" ]; then
  copy "$base" "$dir/importing.db"
  "$bin" --db "$dir/importing.db" import invoices "$dir/demo-invoices.csv" > "$dir/import-all.log"
  for f in "$dir/importing.db"*; do mv "$f" "$full${f#"$dir/importing.db"}"; done
fi
current "$full"
invoiced=$(sqlite3 "$full" "SELECT count(DISTINCT order_id) FROM invoice_lines WHERE order_id IS NOT NULL")
echo "reconciled database: $full ($(sqlite3 "$full" "SELECT count(*) FROM invoice_lines") invoice lines, $invoiced invoiced orders)"

rm -f "$out/inv-import.pairs" "$out/inv-reconcile.runs" "$out/inv-report.runs" "$out/inv-openpyxl.runs"
for n in $(seq "$runs"); do
  echo "run $n (load $(cut -d' ' -f1-3 /proc/loadavg)):"
  # 1. sqlite3 .import, then shipmode import, of the same file
  rm -f "$out/inv-ref.db"*
  r=$(timed sqlite3 "$out/inv-ref.db" -cmd ".mode csv" ".import $csv lines")
  copy "$base" "$out/inv-imp.db"
  i=$(timed "$bin" --db "$out/inv-imp.db" import invoices "$csv")
  ratio=$(awk -v a="${i%% *}" -v b="${r%% *}" 'BEGIN { printf "%.2f", a / b }')
  echo "${r%% *} ${i%% *} $ratio ${r##* } ${i##* } $(echo "$i" | cut -d' ' -f2)" >> "$out/inv-import.pairs"
  printf '  import     pair: sqlite3 .import %s s (%s s CPU), shipmode %s s (%s s CPU, %s KB peak): ratio %s\n' \
    "${r%% *}" "${r##* }" "${i%% *}" "${i##* }" "$(echo "$i" | cut -d' ' -f2)" "$ratio"
  # 2. reconcile
  c=$(timed "$bin" --db "$full" reconcile); echo "$c" >> "$out/inv-reconcile.runs"; say reconcile "$c"
  # 3. report
  w=$(timed "$bin" --db "$full" report "$out/inv-spend.xlsx"); echo "$w" >> "$out/inv-report.runs"; say report "$w"
done
reported=$(sqlite3 "$full" "SELECT count(*) FROM orders")
# The first python3 that has openpyxl: a python3 earlier on PATH (pyenv's) may lack
# Debian's python3-openpyxl, which the system's python3 has.
py=python3
python3 -c 'import openpyxl' 2>/dev/null || ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null || py=/usr/bin/python3
if [ -z "${SKIP_PYTHON:-}" ] && "$py" -c 'import openpyxl' 2>/dev/null; then
  for n in $(seq "$pyruns"); do
    echo "openpyxl run $n (load $(cut -d' ' -f1-3 /proc/loadavg)):"
    p=$(timed "$py" bench/report_openpyxl.py "$reported" "$out/inv-openpyxl.xlsx"); echo "$p" >> "$out/inv-openpyxl.runs"; say openpyxl "$p"
  done
fi

col() { cut -d' ' -f"$1" "$2" | median; }
f=$out/inv-import.pairs
echo
printf 'import of %s lines: pair ratios %s → median %s× (target ≤ 2.0); medians: sqlite3 .import %s s (%s s CPU), shipmode %s s (%s s CPU), peak %s KB\n' \
  "$lines" "$(cut -d' ' -f3 "$f" | paste -sd' ')" "$(col 3 "$f")" "$(col 1 "$f")" "$(col 4 "$f")" "$(col 2 "$f")" "$(col 5 "$f")" "$(col 6 "$f")"
printf '        CPU-time pair ratios %s → median %s× (shipmode reads and writes on two cores, sqlite3 on one)\n' \
  "$(awk '{ printf "%.2f ", $5 / $4 }' "$f")" "$(awk '{ printf "%.2f\n", $5 / $4 }' "$f" | median)"
f=$out/inv-reconcile.runs
echo "reconcile of $invoiced invoiced orders: median $(col 1 "$f") s (target ≤ 10), $(col 3 "$f") s CPU; peak $(col 2 "$f") KB (target ≤ 1 GB = 976562 KB)"
f=$out/inv-report.runs
echo "report of $reported orders with invoices: median $(col 1 "$f") s, $(col 3 "$f") s CPU; peak $(col 2 "$f") KB"
if [ -s "$out/inv-openpyxl.runs" ]; then
  f=$out/inv-openpyxl.runs
  echo "openpyxl, the Orders sheet of $reported orders: median $(col 1 "$f") s, $(col 3 "$f") s CPU; peak $(col 2 "$f") KB"
  awk -v p="$(col 1 "$f")" -v w="$(col 1 "$out/inv-report.runs")" -v pc="$(col 3 "$f")" -v wc="$(col 3 "$out/inv-report.runs")" \
    'BEGIN { printf "the workbook is %.1f× faster than openpyxl in wall time (target ≥ 5), %.1f× in CPU time\n", p / w, pc / wc }'
fi
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
