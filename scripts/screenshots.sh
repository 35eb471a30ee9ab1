#!/usr/bin/env bash
# Screenshots of every screen of the real app, in English and Simplified Chinese, in
# the light and the dark theme, into screenshots/ (gitignored). The binary runs under
# Xvfb on a demo database. For each shot it opens on one screen
# (SHIPMODE_SCREEN, SHIPMODE_LANG, SHIPMODE_THEME) and, once that screen has loaded
# its data and painted it, creates the file named by SHIPMODE_READY; the script then
# captures the window with ImageMagick and closes the app.
# Usage: scripts/screenshots.sh [DEMO_ORDERS]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh test
export PATH="$PATH:/usr/local/go/bin"
export LANG=en_US.UTF-8
orders=${1:-20000}
mkdir -p screenshots
bin=screenshots/shipmode
echo "building (the first build compiles the OpenGL and SQLite parts: a few minutes)…"
go build -o "$bin" .
db=screenshots/demo-$orders.db
if [ ! -f "$db" ]; then
  echo "making $db with $orders demo orders and their carrier invoices…"
  "$bin" --db "$db" demo --orders "$orders" >/dev/null
  "$bin" --db "$db" import invoices screenshots/demo-invoices.csv >/dev/null
fi

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

screens=(dashboard orders import invoices ratebook consolidation scenarios reports settings)
ready=screenshots/.ready
failed=0
for lang in en zh; do
  for theme in light dark; do
    for screen in "${screens[@]}"; do
      shot=screenshots/$screen-$lang-$theme.png
      rm -f "$shot" "$ready"
      start=$(date +%s.%N)
      # the Scenarios screen works out the UK warehouse's two best sellers
      scenario=; [ "$screen" = scenarios ] && scenario=WH-GB-BHX
      SHIPMODE_SCREEN=$screen SHIPMODE_SCENARIO=$scenario SHIPMODE_LANG=$lang SHIPMODE_THEME=$theme SHIPMODE_READY=$PWD/$ready \
        "$bin" --db "$db" >screenshots/last.log 2>&1 &
      app=$!
      for _ in $(seq 600); do [ -f "$ready" ] && break; kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
      if [ -f "$ready" ]; then
        win=$(xdotool search --name '^Shipmode' | head -1)
        timeout 20 import -window "${win:-root}" "$shot" || true
      fi
      kill "$app" 2>/dev/null || true
      wait "$app" 2>/dev/null || true
      app=
      if [ -s "$shot" ]; then
        printf '%-40s ready after %.1f s\n' "$shot" "$(echo "$(date +%s.%N) - $start" | bc)"
      else
        echo "no screenshot for $screen ($lang, $theme):"; cat screenshots/last.log; failed=1
      fi
    done
  done
done
exit $failed
