#!/usr/bin/env bash
# Screenshots of the Scenarios screen of the real app on the demo, in English and
# Simplified Chinese, light and dark: "stock my two best sellers in the UK
# warehouse" (the result), its moved orders, the ranked suggestions, and three
# saved scenarios compared side by side. The binary runs under Xvfb; each shot
# opens the screen on the scenario (SHIPMODE_SCREEN=scenarios, SHIPMODE_SCENARIO,
# SHIPMODE_SCENARIO_TAB) and, once the work is done and painted, the app creates
# SHIPMODE_READY and the script captures the window (as scripts/screenshots.sh).
# Usage: scripts/scenario-screenshots.sh [DEMO_ORDERS] [OUT_DIR]
#   DB=path/to/demo.db scripts/scenario-screenshots.sh   # use that database (a copy is taken)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
export LANG=en_US.UTF-8
orders=${1:-20000}
out=${2:-screenshots}
mkdir -p "$out"
bin=${SHIPMODE:-$out/shipmode}
if [ -z "${SHIPMODE:-}" ]; then
  echo "building…"
  go build -o "$bin" .
fi
db=$out/scenario-demo.db
rm -f "$db" "$db"-wal "$db"-shm
if [ -n "${DB:-}" ]; then
  cp "$DB" "$db"
else
  "$bin" --db "$db" demo --orders "$orders" >/dev/null
fi
# open once so that an older database is migrated before the shots
"$bin" --db "$db" scenario --warehouse WH-GB-BHX --sku MUG-350 >/dev/null
# three saved scenarios to compare (the default history: the latest 90 days)
sqlite3 "$db" "DELETE FROM scenarios;
  INSERT INTO scenarios VALUES ('UK best sellers', 'WH-GB-BHX', '[\"USB-C-CABLE\",\"EARBUDS-TWS\"]', 0, 0, 0, 0);
  INSERT INTO scenarios VALUES ('US hoodies', 'WH-US-ONT', '[\"HOODIE\"]', 0, 0, 0, 0);
  INSERT INTO scenarios VALUES ('EU beauty, 45 days', 'WH-DE-LEJ', '[\"PERFUME-50\",\"ESS-OIL-6\",\"LIPSTICK-SET\"]', 0, 0, 45, 0);"

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY=$display
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

ready=$(cd "$out" && pwd)/.ready
failed=0
# WH-GB-BHX alone: the screen picks its two best sellers to the UK
for tab in result moved suggestions saved; do
  for lang in en zh; do
    for theme in light dark; do
      shot=$out/scenarios-$tab-$lang-$theme.png
      rm -f "$shot" "$ready"
      start=$(date +%s.%N)
      SHIPMODE_SCREEN=scenarios SHIPMODE_SCENARIO=WH-GB-BHX SHIPMODE_SCENARIO_TAB=$tab \
        SHIPMODE_LANG=$lang SHIPMODE_THEME=$theme SHIPMODE_READY=$ready \
        "$bin" --db "$db" >"$out/last.log" 2>&1 &
      app=$!
      for _ in $(seq 1200); do [ -f "$ready" ] && break; kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
      if [ -f "$ready" ]; then
        win=$(xdotool search --name '^Shipmode' | head -1)
        timeout 20 import -window "${win:-root}" "$shot" || true
      fi
      kill "$app" 2>/dev/null || true
      wait "$app" 2>/dev/null || true
      app=
      if [ -s "$shot" ]; then
        printf '%-52s ready after %.1f s\n' "$shot" "$(echo "$(date +%s.%N) - $start" | bc)"
      else
        echo "no screenshot for $tab ($lang, $theme):"; cat "$out/last.log"; failed=1
      fi
    done
  done
done
exit $failed
