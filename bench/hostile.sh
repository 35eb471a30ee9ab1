#!/usr/bin/env bash
# Issue 14's hostile-file figures, on this machine, with the binary of this checkout:
#  1. a genuine workbook of Excel's full 1,048,576 rows (header + 1,048,575 order
#     lines) still imports: time and peak memory;
#  2. the spreadsheet bombs (a 1 GiB sheet of empty rows, a 4 GiB style sheet, 4 GiB
#     of shared strings) as orders, products and stock, a 50 MB cell, and SIGTERM
#     during a large workbook: the cli tests that refuse them, their figures logged.
# Usage: bench/hostile.sh
set -euo pipefail
export LANG=en_US.UTF-8
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
go build -o "$out/shipmode" .
go build -o "$out/gencsv" ./bench/gencsv
go build -o "$out/genxlsx" ./bench/genxlsx
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; load $(cut -d' ' -f1-3 /proc/loadavg)"
max="$out/orders-1048575.xlsx"
[ -f "$max" ] || "$out/gencsv" -lines 1048575 | "$out/genxlsx" -o "$max"
rm -f "$out/max.db"*
"$out/shipmode" --db "$out/max.db" ratebook template "$out/rb.xlsx" >/dev/null
"$out/shipmode" --db "$out/max.db" import ratebook "$out/rb.xlsx" >/dev/null
/usr/bin/time -f "%e %M" -o "$out/time.txt" "$out/shipmode" --db "$out/max.db" import orders "$max" --format generic | tail -2
read -r secs kb < "$out/time.txt"
echo "genuine workbook of 1,048,576 rows ($(du -h "$max" | cut -f1)): imported in $secs s, peak $((kb / 1024)) MB"
go test -count=1 -v -run 'TestHostileWorkbooksRefused|TestHugeCellBounded|TestImportWorkbookTerminated' ./cli | grep -E 'measured:|^(ok|FAIL|---)' | sed 's/^ *//'
