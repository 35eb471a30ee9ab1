#!/usr/bin/env bash
# Issue 12's performance figures, on a demo database of ORDERS orders (default
# 1,000,000; made once with `demo --orders ORDERS` and kept under bench/out), medians
# of RUNS runs each:
#  1. one scenario (two SKUs in one warehouse) over the default 90 days (≤ 2 s);
#  2. `scenario suggest` over every SKU × warehouse, default 90 days (≤ 30 s, ≤ 1 GB
#     peak);
#  3. `scenario suggest` over the whole history (every order of the demo);
#  4. the scenario of 1. written as a workbook (`scenario --xlsx`, with the
#     warehouse's suggestions);
#  5. the Scenarios screen: from Run (the UK warehouse's two best sellers, 90 days)
#     to the result on the tiles (≤ 2 s), and the screen's loading with the demand
#     per SKU and destination (BenchmarkScenarioRunToResult, RUNS runs).
# Wall seconds decide; CPU seconds (user + system) and peak memory (max RSS) are
# printed beside them. The database is migrated (the orders' lines by SKU, sku_days) by the
# first command if it is older.
#
# Usage: bench/scenario.sh [ORDERS] [RUNS]
#   SHIPMODE=/path/to/binary bench/scenario.sh   # measure that binary instead of building one
set -euo pipefail
export LANG=en_US.UTF-8 # Fyne, linked into the binary, complains at start-up under C locales
cd "$(dirname "$0")/.."
orders=${1:-1000000}
runs=${2:-3}
out=bench/out
mkdir -p "$out"
bin=${SHIPMODE:-}
if [ -z "$bin" ]; then
  go build -o "$out/shipmode" .
  bin=$out/shipmode
fi
db="$out/scenario-demo-$orders.db"
if [ ! -f "$db" ]; then
  "$bin" --db "$db" demo --orders "$orders" >/dev/null
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $bin; database: $db ($orders demo orders)"

# measure NAME ARGS…: RUNS runs, then the medians of wall seconds, CPU seconds and
# peak RSS.
measure() {
  local name=$1
  shift
  local walls=() cpus=() peaks=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$out/scenario-time.txt" -f '%e %U %S %M' "$bin" --db "$db" "$@" >/dev/null
    read -r wall user sys peak <"$out/scenario-time.txt"
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')")
    peaks+=("$peak")
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  printf '%-34s wall %6s s   cpu %6s s   peak %5d MB   (runs: %s)\n' "$name" \
    "$(median "${walls[@]}")" "$(median "${cpus[@]}")" "$(( $(median "${peaks[@]}") / 1024 ))" "${walls[*]}"
}

measure "scenario, 2 SKUs, 90 days" scenario --warehouse WH-GB-BHX --sku RUN-SHOES,CHOPSTICKS
measure "suggest, every pair, 90 days" scenario suggest
measure "suggest, every pair, all history" scenario suggest --from 2000-01-01
measure "scenario as a workbook (--xlsx)" scenario --warehouse WH-GB-BHX --sku RUN-SHOES,CHOPSTICKS --xlsx "$out/scenario.xlsx"
echo "Scenarios screen, Run to result (UK warehouse, its two best sellers, 90 days; medians of $runs):"
SHIPMODE_BENCH_DB="$PWD/$db" go test ./ui -run '^$' -bench ScenarioRunToResult -benchtime "${runs}x" -count 1 | grep Benchmark
