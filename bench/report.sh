#!/usr/bin/env bash
# Measures the spend workbook writer (reports.WriteSpend) on synthetic orders and
# compares it with Python's openpyxl (write-only mode) writing the same Orders rows
# (same values, 45 columns, number formats, panes and table; openpyxl writes only
# that sheet, WriteSpend writes all seven, the Invoices sheet of the invoiced sixth
# of the orders included), and times the summary workbook (the register as CSV).
# Reports the median wall time, CPU time and peak RSS of RUNS alternating runs of
# each, and the ratio.
#
#   bench/report.sh                 # 1,000,000 orders, 3 runs each
#   ORDERS=100000 RUNS=1 bench/report.sh
#   SKIP_PYTHON=1 bench/report.sh   # WriteSpend only
#   PY_RUNS=1 bench/report.sh       # openpyxl once (a million orders take it ~15 min)
#
# Targets (issue 16): ≤ 40 s and ≤ 1 GB for 1M orders, ≥ 5× faster than openpyxl;
# the summary workbook ≤ 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${ORDERS:-1000000}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import openpyxl' 2>/dev/null; then python=$p; break; fi
done

go build -o "$work/reportbench" ./bench/reportbench

# measure CMD...: runs it under /usr/bin/time -v, prints "wall-seconds kbytes
# cpu-seconds" (CPU = user + system: less sensitive than wall time to other work on
# the machine).
measure() {
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /Maximum resident set size/ { r = $2 }
    /User time/ { c += $2 }
    /System time/ { c += $2 }
    END { printf "%.2f %d %.2f\n", w, r, c }' "$work/time.txt"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "orders: $orders, runs: $runs, load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
# The runs alternate — WriteSpend, openpyxl, the summary workbook — so that the
# load of the shared machine weighs on each alike.
: >"$work/go.txt"
: >"$work/py.txt"
: >"$work/sum.txt"
for i in $(seq "$runs"); do
  m=$(measure "$work/reportbench" -orders "$orders" -out "$work/go.xlsx")
  echo "  WriteSpend run $i: $m (wall s, KB peak RSS, CPU s), $(stat -c %s "$work/go.xlsx") bytes"
  echo "$m" >>"$work/go.txt"
  if [ -z "${SKIP_PYTHON:-}" ] && [ -n "$python" ] && [ "$i" -le "${PY_RUNS:-$runs}" ]; then
    m=$(measure "$python" bench/report_openpyxl.py "$orders" "$work/py.xlsx")
    echo "  openpyxl run $i: $m (wall s, KB peak RSS, CPU s), $(stat -c %s "$work/py.xlsx") bytes"
    echo "$m" >>"$work/py.txt"
  fi
  m=$(measure "$work/reportbench" -orders "$orders" -out "$work/sum.xlsx" -summary)
  echo "  summary workbook run $i: $m (wall s, KB peak RSS, CPU s), $(stat -c %s "$work/sum.xlsx") + $(stat -c %s "$work/sum-orders.csv") bytes"
  echo "$m" >>"$work/sum.txt"
done
go_s=$(cut -d' ' -f1 "$work/go.txt" | median)
go_kb=$(cut -d' ' -f2 "$work/go.txt" | median)
go_cpu=$(cut -d' ' -f3 "$work/go.txt" | median)
printf 'WriteSpend: median %.2f s wall, %.2f s CPU, median peak RSS %.0f MB\n' "$go_s" "$go_cpu" "$(echo "$go_kb / 1024" | bc -l)"
sum_s=$(cut -d' ' -f1 "$work/sum.txt" | median)
sum_cpu=$(cut -d' ' -f3 "$work/sum.txt" | median)
sum_kb=$(cut -d' ' -f2 "$work/sum.txt" | median)
printf 'summary workbook: median %.2f s wall, %.2f s CPU, median peak RSS %.0f MB\n' "$sum_s" "$sum_cpu" "$(echo "$sum_kb / 1024" | bc -l)"

status=0
awk -v s="$go_s" -v o="$orders" 'BEGIN { exit !(o < 1000000 || s <= 40) }' || { echo "MISSED: more than 40 s"; status=1; }
awk -v k="$go_kb" 'BEGIN { exit !(k <= 1048576) }' || { echo "MISSED: more than 1 GB"; status=1; }
awk -v s="$sum_s" -v o="$orders" 'BEGIN { exit !(o < 1000000 || s <= 10) }' || { echo "MISSED: summary workbook more than 10 s"; status=1; }

if [ -n "${SKIP_PYTHON:-}" ]; then exit $status; fi
if [ -z "$python" ]; then echo "openpyxl not installed (apt-get install python3-openpyxl): no comparison"; exit $status; fi
py_s=$(cut -d' ' -f1 "$work/py.txt" | median)
py_kb=$(cut -d' ' -f2 "$work/py.txt" | median)
py_cpu=$(cut -d' ' -f3 "$work/py.txt" | median)
printf 'openpyxl (Orders sheet only): median %.2f s wall, %.2f s CPU, median peak RSS %.0f MB\n' "$py_s" "$py_cpu" "$(echo "$py_kb / 1024" | bc -l)"
ratio=$(echo "$py_s / $go_s" | bc -l)
printf 'WriteSpend is %.1f× faster than openpyxl in wall time, %.1f× in CPU time\n' "$ratio" "$(echo "$py_cpu / $go_cpu" | bc -l)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v r="$ratio" 'BEGIN { exit !(r >= 5) }' || { echo "MISSED: less than 5× faster than openpyxl"; status=1; }
exit $status
