#!/usr/bin/env bash
# Renders the spend workbook the way an accountant would print it: writes it for
# ORDERS synthetic orders (default 2,000), converts it to PDF with LibreOffice and
# the first page of each sheet to PNG (60 dpi), to look at.
#
#   bench/report_pdf.sh [OUT_DIR]      # default: ./spend-pdf
#   PAPER=letter bench/report_pdf.sh   # on Letter paper (default: A4)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-spend-pdf}
orders=${ORDERS:-2000}
mkdir -p "$out"
out=$(cd "$out" && pwd)
soffice=$(command -v soffice || command -v libreoffice || true)
[ -n "$soffice" ] || { echo "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"; exit 1; }
command -v pdftoppm >/dev/null || { echo "pdftoppm is not installed (apt-get install poppler-utils)"; exit 1; }

letter=false
[ "${PAPER:-a4}" = letter ] && letter=true
go run ./bench/reportbench -orders "$orders" -letter="$letter" -out "$out/spend.xlsx"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$soffice" --headless --norestore -env:UserInstallation="file://$profile" \
  --convert-to pdf --outdir "$out" "$out/spend.xlsx" >/dev/null
pages=$(pdfinfo "$out/spend.pdf" | awk '/^Pages:/ {print $2}')
echo "$out/spend.pdf: $pages pages"

# The first page of each sheet, found by the text it starts with.
declare -A first=()
for p in $(seq "$pages"); do
  head=$(pdftotext -f "$p" -l "$p" -layout "$out/spend.pdf" - | grep -v '^\s*$' | head -3 | tr '\n' ' ' || true)
  for key in "Shipping spend by logistics model:summary" "Spend by month:by-month" \
    "Spend by destination country:by-country" "Spend by marketplace:by-marketplace" \
    "Order reference:orders" "Assumptions:assumptions" "Carrier invoices:invoices"; do
    text=${key%:*} name=${key##*:}
    if [ -z "${first[$name]:-}" ] && [[ "$head" == *"$text"* ]]; then
      first[$name]=$p
    fi
  done
done
for name in "${!first[@]}"; do
  p=${first[$name]}
  pdftoppm -r 60 -png -f "$p" -l "$p" -singlefile "$out/spend.pdf" "$out/$name"
  echo "$out/$name.png (page $p)"
done
