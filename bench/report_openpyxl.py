#!/usr/bin/env python3
"""Writes the Orders sheet of the spend workbook with openpyxl in write-only mode,
for bench/report.sh: the same synthetic orders as bench/reportbench (a splitmix64
generator, value for value), the same 31 columns, number formats, frozen panes and
Excel table. Usage: report_openpyxl.py ORDERS OUT.xlsx [SEED]"""

import sys
import time
import warnings

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

M64 = 0xFFFFFFFFFFFFFFFF


def mix64(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


MARKETS = ["Amazon", "eBay", "Shopify", "AliExpress", "Ozon"]
COUNTRIES = ["US", "GB", "DE", "FR", "IT", "ES", "PL", "NL", "BE", "SE", "CA", "AU", "JP", "KR",
             "BR", "MX", "RU", "TR", "AE", "SA", "IL", "CH", "AT", "CZ", "IE"]
OPTIONS = ["", "WH-PL-WAW", "FW-FR-PAR", "LANE-SZX-CDG", "CN-POST-ECO"]
MODES = ["", "warehouse", "local", "consolidation", "direct"]
JAN1_2026 = 20454  # days since 1970-01-01
EXCEL_EPOCH = 25569  # serial of 1970-01-01

HEADERS = ["Date", "Marketplace", "Order reference", "Country", "Status", "Units", "Chargeable kg",
           "Mode", "Option", "Freight", "Surcharges", "Fuel", "Fees", "Storage", "Head-haul", "Duties",
           "Total", "Cost by warehouse", "Cost by local", "Cost by consolidation", "Cost by direct mail",
           "Direct-mail baseline", "Engine best plan", "Savings vs direct mail", "SLA risk", "Explanation",
           "Override reason", "Invoiced", "Invoice variance", "Plan run", "Rate book version"]
MONEY = '#,##0.00 "USD"'
FORMATS = ["yyyy-mm-dd", "@", "@", "@", "@", "#,##0", "#,##0.000", "@", "@"] + [MONEY] * 15 + \
          ["@", "@", "@", MONEY, MONEY, "#,##0", "#,##0"]


def fmt_minor(v):
    s = "-" if v < 0 else ""
    v = abs(v)
    return "%s%d.%02d" % (s, v // 100, v % 100)


def row(seed, i):
    """The i-th synthetic order, as the 31 cell values (None = empty)."""
    h = mix64(((seed * 0x100000001B3) & M64) ^ i)
    vals = [None] * 31
    vals[29] = 40 + (h >> 40) % 3  # three plan runs on rate book version 7
    vals[30] = 7
    vals[0] = JAN1_2026 + h % 181 + EXCEL_EPOCH
    vals[1] = MARKETS[(h >> 8) % 5]
    vals[2] = "ORD-%07d" % i
    country = COUNTRIES[(h >> 16) % len(COUNTRIES)]
    vals[3] = country
    shipped = (h >> 24) % 3 == 0
    vals[4] = "shipped" if shipped else "open"
    vals[5] = 1 + (h >> 28) % 4
    a = mix64(h)
    sel = a % 100
    mode = 0 if sel < 3 else 1 if sel < 25 else 2 if sel < 35 else 3 if sel < 60 else 4
    b = mix64(a)
    c = mix64(b)
    if mode == 0:
        vals[7] = "unassignable"
        vals[25] = "no feasible option: no service, warehouse or lane serves " + country + " for this parcel"
        return vals
    vals[6] = (100 + (a >> 8) % 15000) / 1000
    vals[7] = MODES[mode]
    vals[8] = OPTIONS[mode]
    freight = 300 + (a >> 24) % 5000
    sur = (a >> 44) % 800 if (a >> 40) % 4 == 0 else 0
    fuel = freight * (b % 25) // 100
    fees = 100 + (b >> 8) % 300 if mode <= 3 else 0
    storage = (b >> 20) % 200 if mode <= 2 else 0
    headhaul = (b >> 30) % 400 if mode == 1 else 0
    duties = (b >> 44) % 2000 if (b >> 40) % 5 == 0 else 0
    total = freight + sur + fuel + fees + storage + headhaul + duties
    for k, v in enumerate([freight, sur, fuel, fees, storage, headhaul, duties, total]):
        vals[9 + k] = v / 100
    best = total
    direct = None
    for k in range(1, 5):
        v = None
        if k == mode:
            v = total
        elif (c >> (k * 8)) % 4 != 0:
            v = total + (c >> (32 + k * 6)) % 2500 - 400
            best = min(best, v)
        if v is not None:
            vals[16 + k] = v / 100
        if k == 4:
            direct = v
    vals[21] = (direct if direct is not None else total) / 100
    vals[22] = best / 100
    if direct is not None:
        vals[23] = (direct - total) / 100
    if c >> 60 == 0:
        vals[24] = "yes"
    vals[25] = "%s %s wins: the cheapest option that keeps the promise, %s" % (
        MODES[mode], OPTIONS[mode], fmt_minor(total))
    if (c >> 56) & 31 == 0:
        vals[26] = "customer asked for express delivery"
    if shipped and (b >> 60) % 2 == 0:
        inv = total + (c >> 50) % 200 - 100
        vals[27] = inv / 100
        vals[28] = (inv - total) / 100
    return vals


def main():
    # add_table always warns in write-only mode; the columns are given below.
    warnings.filterwarnings("ignore", message="In write-only mode")
    n = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    start = time.time()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Orders")
    ws.freeze_panes = "D2"
    ws.append(HEADERS)
    for i in range(n):
        cells = []
        for v, f in zip(row(seed, i), FORMATS):
            if v is None:
                cells.append(None)
                continue
            cell = WriteOnlyCell(ws, value=v)
            cell.number_format = f
            cells.append(cell)
        ws.append(cells)
    ref = "A1:AE%d" % (max(n, 1) + 1)
    tab = Table(displayName="OrdersTable", ref=ref, autoFilter=AutoFilter(ref=ref),
                tableColumns=[TableColumn(id=i + 1, name=h) for i, h in enumerate(HEADERS)])
    tab.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(tab)
    wb.save(out)
    print("orders=%d seconds=%.2f" % (n, time.time() - start))


if __name__ == "__main__":
    main()
