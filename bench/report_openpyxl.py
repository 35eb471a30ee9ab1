#!/usr/bin/env python3
"""Writes the Orders sheet of the spend workbook with openpyxl in write-only mode,
for bench/report.sh: the same synthetic orders as bench/reportbench (a splitmix64
generator, value for value), the same 45 columns, number formats, frozen panes and
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
MODE_NAMES = ["Unassignable", "Overseas warehouse", "Local delivery", "Consolidation", "Direct mail"]
CARRIERS = ["", "InPost", "La Poste", "La Poste", "China Post"]
SERVICES = ["", "INPOST-PL", "COLISSIMO-FR", "COLISSIMO-FR", "CN-POST-ECO"]
SVC_CURRENCY = ["", "PLN", "EUR", "EUR", "CNY"]
SVC_RATES = [0, 0.251, 1.085, 1.085, 0.1387]
PROMISE_DAYS = [0, 5, 10, 15]
TIER_KGS = [0, 50, 100]
JAN1_2026 = 20454  # days since 1970-01-01
EXCEL_EPOCH = 25569  # serial of 1970-01-01

MONEY = '#,##0.00 "USD"_);(#,##0.00 "USD")'
COLUMNS = [  # header, number format: the Orders sheet of reports.WriteSpend
    ("Date", "yyyy-mm-dd"), ("Marketplace", "@"), ("Order reference", "@"), ("Country", "@"),
    ("Mode", "@"), ("Option", "@"), ("Chargeable kg", "#,##0.000"), ("Total", MONEY),
    ("Direct-mail baseline", MONEY), ("Savings vs direct mail", MONEY), ("SLA risk", "@"), ("Explanation", "@"),
    ("Status", "@"), ("Units", "#,##0"), ("Freight", MONEY), ("Surcharges", MONEY), ("Fuel", MONEY),
    ("Fees", MONEY), ("Storage", MONEY), ("Head-haul", MONEY), ("Duties", MONEY),
    ("Cost by overseas warehouse", MONEY), ("Cost by local delivery", MONEY), ("Cost by consolidation", MONEY),
    ("Cost by direct mail", MONEY), ("Engine best plan", MONEY), ("Override reason", "@"), ("Invoiced", MONEY),
    ("Invoice variance", MONEY), ("Plan run", "#,##0"), ("Rate book version", "#,##0"), ("Postal code", "@"),
    ("Order currency", "@"), ("Goods value (order currency)", "#,##0.00####_);(#,##0.00####)"), ("Carrier", "@"),
    ("Delivery service (last leg)", "@"), ("Zone", "@"), ("Transit days", "#,##0"), ("Promised days", "#,##0"),
    ("Service currency", "@"), ("FX rate to base (service currency, order date)", "0.0000#####"),
    ("Line-haul departure", "yyyy-mm-dd"), ("Batch kg", "#,##0.000"), ("Batch parcels", "#,##0"), ("Tier from kg", "#,##0.000"),
]
HEADERS = [h for h, _ in COLUMNS]
FORMATS = [f for _, f in COLUMNS]
COL = {h: i for i, h in enumerate(HEADERS)}


def fmt_minor(v):
    s = "-" if v < 0 else ""
    v = abs(v)
    return "%s%d.%02d" % (s, v // 100, v % 100)


def row(seed, i):
    """The i-th synthetic order, as the 45 cell values (None = empty)."""
    h = mix64(((seed * 0x100000001B3) & M64) ^ i)
    vals = [None] * len(COLUMNS)

    def put(name, v):
        vals[COL[name]] = v

    put("Plan run", 40 + (h >> 40) % 3)  # three plan runs on rate book version 7
    put("Rate book version", 7)
    date = JAN1_2026 + h % 181
    put("Date", date + EXCEL_EPOCH)
    put("Marketplace", MARKETS[(h >> 8) % 5])
    put("Order reference", "ORD-%07d" % i)
    country = COUNTRIES[(h >> 16) % len(COUNTRIES)]
    put("Country", country)
    shipped = (h >> 24) % 3 == 0
    put("Status", "shipped" if shipped else "open")
    put("Units", 1 + (h >> 28) % 4)
    put("Order currency", "EUR")
    a = mix64(h)
    sel = a % 100
    mode = 0 if sel < 3 else 1 if sel < 25 else 2 if sel < 35 else 3 if sel < 60 else 4
    b = mix64(a)
    c = mix64(b)
    put("Mode", MODE_NAMES[mode])
    if mode == 0:
        put("Explanation", "no feasible option: no service, warehouse or lane serves " + country + " for this parcel")
        return vals
    put("Chargeable kg", (100 + (a >> 8) % 15000) / 1000)
    put("Option", OPTIONS[mode])
    freight = 300 + (a >> 24) % 5000
    sur = (a >> 44) % 800 if (a >> 40) % 4 == 0 else 0
    fuel = freight * (b % 25) // 100
    fees = 100 + (b >> 8) % 300 if mode <= 3 else 0
    storage = (b >> 20) % 200 if mode <= 2 else 0
    headhaul = (b >> 30) % 400 if mode == 1 else 0
    duties = (b >> 44) % 2000 if (b >> 40) % 5 == 0 else 0
    total = freight + sur + fuel + fees + storage + headhaul + duties
    for name, v in zip(["Freight", "Surcharges", "Fuel", "Fees", "Storage", "Head-haul", "Duties", "Total"],
                       [freight, sur, fuel, fees, storage, headhaul, duties, total]):
        put(name, v / 100)
    best = total
    direct = None
    for k, name in zip(range(1, 5), ["Cost by overseas warehouse", "Cost by local delivery", "Cost by consolidation", "Cost by direct mail"]):
        v = None
        if k == mode:
            v = total
        elif (c >> (k * 8)) % 4 != 0:
            v = total + (c >> (32 + k * 6)) % 2500 - 400
            best = min(best, v)
        if v is not None:
            put(name, v / 100)
        if k == 4:
            direct = v
    put("Direct-mail baseline", (direct if direct is not None else total) / 100)
    put("Engine best plan", best / 100)
    if direct is not None:
        put("Savings vs direct mail", (direct - total) / 100)
    put("Postal code", "%05d" % ((h >> 32) % 100000))
    put("Goods value (order currency)", (1000 + (b >> 12) % 20000) / 100)
    put("Carrier", CARRIERS[mode])
    put("Delivery service (last leg)", SERVICES[mode])
    put("Service currency", SVC_CURRENCY[mode])
    put("FX rate to base (service currency, order date)", SVC_RATES[mode])
    put("Transit days", 2 + (a >> 56) % 12)
    promise = PROMISE_DAYS[(c >> 20) % 4]
    if promise:
        put("Promised days", promise)
    if mode == 3:
        g = 50000 + (c >> 24) % 200000
        put("Line-haul departure", date + 3 + EXCEL_EPOCH)
        put("Batch kg", g / 1000)
        put("Batch parcels", 10 + (c >> 40) % 90)
        put("Tier from kg", TIER_KGS[min(g // 50000, 3) - 1])
    else:
        put("Zone", "Z%d" % ((a >> 50) % 8))
    if c >> 60 == 0:
        put("SLA risk", "yes")
    put("Explanation", "%s %s wins: the cheapest option that keeps the promise, %s" % (
        MODES[mode], OPTIONS[mode], fmt_minor(total)))
    if (c >> 56) & 31 == 0:
        put("Override reason", "customer asked for express delivery")
    if shipped and (b >> 60) % 2 == 0:
        inv = total + (c >> 50) % 200 - 100
        put("Invoiced", inv / 100)
        put("Invoice variance", (inv - total) / 100)
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
    ref = "A1:AS%d" % (max(n, 1) + 1)
    tab = Table(displayName="OrdersTable", ref=ref, autoFilter=AutoFilter(ref=ref),
                tableColumns=[TableColumn(id=i + 1, name=h) for i, h in enumerate(HEADERS)])
    tab.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(tab)
    wb.save(out)
    print("orders=%d seconds=%.2f" % (n, time.time() - start))


if __name__ == "__main__":
    main()
