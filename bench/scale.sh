#!/usr/bin/env bash
# Issue 3's scale figures, measured in one run on this machine:
#  1. import of a 1,000,000-line generic CSV against the sqlite3 CLI's .import of the
#     same file into a fresh database (the reference; ratio must be ≤ 2.0), for two
#     inputs: the generated file, whose SKUs the rate book's products know, and the
#     same file with every SKU renamed (U-…), so that none is known: each order then
#     needs product data and each SKU is new to the skus table. The machines are
#     noisy (PLATFORM.md), so each shipmode import is paired with a sqlite3 .import
#     run just before it (A B A B …, both into fresh databases) and the figure is the
#     median of the PAIRS' ratios, not the ratio of the medians;
#  2. plan over the 1,000,000 open orders each known-SKU import left (≤ 10 s, ≤ 1 GB
#     peak), median of RUNS;
#  3. demo --orders 1000000 (≤ 60 s), median of RUNS.
# Wall seconds decide; CPU seconds (user + system) are printed beside them, as they
# are less sensitive to other work on the machine.
#
# Usage: bench/scale.sh [LINES] [RUNS] [import]
#   SHIPMODE=/path/to/binary bench/scale.sh   # measure that binary instead of building one
#   bench/scale.sh 1000000 3 import           # only the import pairs (1.), not plan and demo
set -euo pipefail
export LANG=en_US.UTF-8 # Fyne, linked into the binary, complains at start-up under C locales
cd "$(dirname "$0")/.."
lines=${1:-1000000}
runs=${2:-3}
only=${3:-}
case $only in '' | import) ;; *) echo "usage: bench/scale.sh [LINES] [RUNS] [import]" >&2; exit 2 ;; esac
out=bench/out
mkdir -p "$out"
bin=${SHIPMODE:-}
if [ -z "$bin" ]; then
  go build -o "$out/shipmode" .
  bin=$out/shipmode
fi
go build -o "$out/gencsv" ./bench/gencsv
csv="$out/orders-$lines.csv"
[ -f "$csv" ] || "$out/gencsv" -lines "$lines" > "$csv"
# The same orders with SKUs that no product row names: column 6 is the SKU (gencsv
# quotes nothing, so a comma always separates fields).
unknown="$out/orders-$lines-unknown-skus.csv"
[ -f "$unknown" ] || awk -F, -v OFS=, 'NR > 1 { $6 = "U-" $6 } { print }' "$csv" > "$unknown"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $bin"
for f in "$csv" "$unknown"; do
  echo "file: $f ($(wc -l < "$f") lines incl. header, $(du -h "$f" | cut -f1), $(tail -n +2 "$f" | cut -d, -f6 | sort -u | wc -l) distinct SKUs)"
done

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.10g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# timed CMD...: prints "wall_seconds peak_kb cpu_seconds" of one run
timed() {
  sync # each command starts with the previous one's writes on disk, not still draining
  /usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "$@" > "$out/last.log" 2>&1 || { cat "$out/last.log" >&2; exit 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out/time.txt"
}
# An empty shipmode database with the rate book (template values, demo products):
# made once, copied before each import so that every import starts from the same
# fresh file without timing the rate book.
rm -f "$out/empty.db"*
"$bin" --db "$out/empty.db" ratebook template "$out/rb.xlsx" >/dev/null
"$bin" --db "$out/empty.db" import ratebook "$out/rb.xlsx" >/dev/null
fresh() { rm -f "$1"*; for f in "$out/empty.db"*; do cp "$f" "$1${f#"$out/empty.db"}"; done; }

# pair NAME FILE: one sqlite3 .import of FILE, then one shipmode import of it, each
# into a fresh database; appends "ref imp ratio" to $out/NAME.pairs
pair() {
  local name=$1 file=$2 r i ratio
  rm -f "$out/ref.db"*
  r=$(timed sqlite3 "$out/ref.db" -cmd ".mode csv" ".import $file orders")
  fresh "$out/imp.db"
  i=$(timed "$bin" --db "$out/imp.db" import orders "$file" --format generic)
  ratio=$(awk -v a="${i%% *}" -v b="${r%% *}" 'BEGIN { printf "%.2f", a / b }')
  echo "${r%% *} ${i%% *} $ratio ${r##* } ${i##* } $(echo "$i" | cut -d' ' -f2)" >> "$out/$name.pairs"
  printf '  %-8s pair: sqlite3 .import %s s (%s s CPU), shipmode import %s s (%s s CPU, %s KB peak): ratio %s\n' \
    "$name" "${r%% *}" "${r##* }" "${i%% *}" "${i##* }" "$(echo "$i" | cut -d' ' -f2)" "$ratio"
}

rm -f "$out/known.pairs" "$out/unknown.pairs" "$out/plan.runs" "$out/demo.runs"
for n in $(seq "$runs"); do
  echo "run $n (load $(cut -d' ' -f1-3 /proc/loadavg)):"
  pair known "$csv"
  if [ -z "$only" ]; then
    # plan over the orders the known-SKU import just left
    p=$(timed "$bin" --db "$out/imp.db" plan); echo "$p" >> "$out/plan.runs"
    echo "  plan: ${p%% *} s ($(echo "$p" | cut -d' ' -f3) s CPU, $(echo "$p" | cut -d' ' -f2) KB peak)"
  fi
  pair unknown "$unknown"
  [ -z "$only" ] || continue
  rm -f "$out/demo.db"*
  d=$(timed "$bin" --db "$out/demo.db" demo --orders "$lines"); echo "$d" >> "$out/demo.runs"
  echo "  demo: ${d%% *} s ($(echo "$d" | cut -d' ' -f3) s CPU, $(echo "$d" | cut -d' ' -f2) KB peak)"
done

col() { cut -d' ' -f"$1" "$2" | median; }
echo
for name in known unknown; do
  f=$out/$name.pairs
  printf 'import, %-7s SKUs: pair ratios %s → median %s× (target ≤ 2.0); medians: sqlite3 .import %s s, shipmode %s s (%s s CPU), peak %s KB\n' \
    "$name" "$(cut -d' ' -f3 "$f" | paste -sd' ')" "$(col 3 "$f")" "$(col 1 "$f")" "$(col 2 "$f")" "$(col 5 "$f")" "$(col 6 "$f")"
  # CPU time ratio, for information: shipmode reads and writes on two cores, sqlite3 on one
  printf '        %-7s       CPU-time pair ratios %s → median %s×\n' "" \
    "$(awk '{ printf "%.2f ", $5 / $4 }' "$f")" "$(awk '{ printf "%.2f\n", $5 / $4 }' "$f" | median)"
done
if [ -z "$only" ]; then
  echo "plan:   median $(col 1 "$out/plan.runs") s (target ≤ 10), $(col 3 "$out/plan.runs") s CPU; peak $(col 2 "$out/plan.runs") KB (target ≤ 1 GB = 10^9 bytes = 976562 KB)"
  echo "demo:   median $(col 1 "$out/demo.runs") s (target ≤ 60), $(col 3 "$out/demo.runs") s CPU; peak $(col 2 "$out/demo.runs") KB"
fi
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
