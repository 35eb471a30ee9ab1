#!/usr/bin/env bash
# Installs what Shipmode needs to build and test on Debian/Ubuntu: Fyne's cgo headers,
# Xvfb for the GUI scripts, LibreOffice Calc for the workbook checks, the Windows
# cross-compiler, PostgreSQL for team mode's tests, and an en_US.UTF-8 locale. Safe to run again: it installs only what
# is missing. Usage: scripts/setup-debian.sh [run|test]
set -euo pipefail
what=${1:-test}
pkgs=(gcc libc6-dev pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
if [ "$what" = test ]; then
  pkgs+=(xvfb xauth x11-utils xdotool imagemagick libreoffice-calc-nogui poppler-utils locales gcc-mingw-w64-x86-64 sqlite3 python3-openpyxl postgresql)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v go >/dev/null 2>&1 && [ ! -x /usr/local/go/bin/go ]; then
  missing+=(golang-go)
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "$what" = test ] && ! locale -a 2>/dev/null | grep -qi '^en_US.utf8$'; then
  $sudo sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' /etc/locale.gen
  $sudo locale-gen >/dev/null
fi
