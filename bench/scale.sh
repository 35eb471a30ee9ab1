#!/usr/bin/env bash
# Issue 3's scale figures, measured in one run on this machine (medians of RUNS):
#  1. import of a 1,000,000-line generic CSV, against the sqlite3 CLI's .import of the
#     same file into a fresh database (the reference; ratio must be ≤ 2.0);
#  2. plan over the 1,000,000 open orders that import left (≤ 10 s, ≤ 1 GB peak);
#  3. demo --orders 1000000 (≤ 60 s).
# Usage: bench/scale.sh [LINES] [RUNS]
set -euo pipefail
export LANG=en_US.UTF-8 # Fyne, linked into the binary, complains at start-up under C locales
cd "$(dirname "$0")/.."
lines=${1:-1000000}
runs=${2:-3}
out=bench/out
mkdir -p "$out"
go build -o "$out/shipmode" .
go build -o "$out/gencsv" ./bench/gencsv
csv="$out/orders-$lines.csv"
[ -f "$csv" ] || "$out/gencsv" -lines "$lines" > "$csv"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $csv ($(wc -l < "$csv") lines incl. header, $(du -h "$csv" | cut -f1))"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# timed CMD...: prints "seconds peak_kb" of one run
timed() {
  sync # each command starts with the previous one's writes on disk, not still draining
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > "$out/last.log" 2>&1 || { cat "$out/last.log"; exit 1; }
  cat "$out/time.txt"
}

ref=(); imp=(); impmem=(); plan=(); planmem=(); dem=(); demmem=()
for i in $(seq "$runs"); do
  rm -f "$out/ref.db"
  r=$(timed sqlite3 "$out/ref.db" -cmd ".mode csv" ".import $csv orders"); ref+=("${r% *}")
  rm -f "$out/imp.db"*
  "$out/shipmode" --db "$out/imp.db" ratebook template "$out/rb.xlsx" >/dev/null
  "$out/shipmode" --db "$out/imp.db" import ratebook "$out/rb.xlsx" >/dev/null
  r=$(timed "$out/shipmode" --db "$out/imp.db" import orders "$csv" --format generic); imp+=("${r% *}"); impmem+=("${r#* }")
  r=$(timed "$out/shipmode" --db "$out/imp.db" plan); plan+=("${r% *}"); planmem+=("${r#* }")
  rm -f "$out/demo.db"*
  r=$(timed "$out/shipmode" --db "$out/demo.db" demo --orders "$lines"); dem+=("${r% *}"); demmem+=("${r#* }")
  echo "run $i: sqlite3 .import ${ref[-1]} s; import ${imp[-1]} s; plan ${plan[-1]} s (${planmem[-1]} KB); demo ${dem[-1]} s (${demmem[-1]} KB)"
done
mref=$(printf '%s\n' "${ref[@]}" | median)
mimp=$(printf '%s\n' "${imp[@]}" | median)
mplan=$(printf '%s\n' "${plan[@]}" | median)
mdem=$(printf '%s\n' "${dem[@]}" | median)
echo
echo "median sqlite3 .import (reference): $mref s"
echo "median shipmode import orders:      $mimp s  (ratio $(awk -v a="$mimp" -v b="$mref" 'BEGIN{printf "%.2f", a/b}') ×, target ≤ 2.0); peak $(printf '%s\n' "${impmem[@]}" | median) KB"
echo "median shipmode plan:               $mplan s (target ≤ 10); peak $(printf '%s\n' "${planmem[@]}" | median) KB (target ≤ 1 GB)"
echo "median shipmode demo:               $mdem s (target ≤ 60); peak $(printf '%s\n' "${demmem[@]}" | median) KB"
