package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteSpendSplitsTheRegister: with sheets of 11 rows, 25 orders fill Orders
// (10), Orders 2 (10) and Orders 3 (5), each with its header, table, panes and
// print area; every figure over the register spans the three sheets and ties out.
func TestWriteSpendSplitsTheRegister(t *testing.T) {
	rows := spendTestRows(25, 12)
	meta := withInvoices(spendTestMeta(), rows)
	meta.sheetRows = 11
	f := openSpend(t, writeSpendFile(t, meta, rows))
	want := []string{SheetSummary, SheetByMonth, SheetByCountry, SheetByMarketplace, "Orders", "Orders 2", "Orders 3", SheetAssumptions, SheetInvoices}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets: got %v, want %v", got, want)
	}
	last := spendColName(ocCount)
	areas := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Area" {
			areas[dn.Scope] = dn.RefersTo
		}
	}
	seen := 0
	for i, tc := range []struct {
		sheet, table string
		orders       int
		area         string
	}{
		{"Orders", "OrdersTable", 10, "Orders!$A$1:$L$11"},
		{"Orders 2", "OrdersTable2", 10, "'Orders 2'!$A$1:$L$11"},
		{"Orders 3", "OrdersTable3", 5, "'Orders 3'!$A$1:$L$6"},
	} {
		dim, _ := f.GetSheetDimension(tc.sheet)
		if want := "A1:" + last + strconv.Itoa(tc.orders+1); dim != want {
			t.Errorf("%s dimension: got %q, want %q", tc.sheet, dim, want)
		}
		tables, err := f.GetTables(tc.sheet)
		if err != nil || len(tables) != 1 || tables[0].Name != tc.table || tables[0].Range != "A1:"+last+strconv.Itoa(tc.orders+1) {
			t.Errorf("%s table: got %+v (%v)", tc.sheet, tables, err)
		}
		if areas[tc.sheet] != tc.area {
			t.Errorf("%s print area: got %q, want %q", tc.sheet, areas[tc.sheet], tc.area)
		}
		got, err := f.GetRows(tc.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.orders+1 || got[0][ocRef-1] != "Order reference" {
			t.Fatalf("%s: %d rows, header %q", tc.sheet, len(got), got[0])
		}
		for j, line := range got[1:] {
			if want := rows[i*10+j].Ref; line[ocRef-1] != want {
				t.Errorf("%s row %d: order %q, want %q", tc.sheet, j+2, line[ocRef-1], want)
			}
			seen++
		}
	}
	if seen != len(rows) {
		t.Errorf("%d orders listed, want %d", seen, len(rows))
	}
	checkSummary(t, f, expectSpend(rows), 2)
	checkReconciled(t, f, len(rows))
	// Every formula over the register names its three sheets.
	r := findRow(t, f, SheetSummary, "Spend, plan as assigned", 0)
	formula, _ := f.GetCellFormula(SheetSummary, spendCellName(r, scKPIValue))
	if want := "SUM(Orders!$H$2:$H$11,'Orders 2'!$H$2:$H$11,'Orders 3'!$H$2:$H$6)"; formula != want {
		t.Errorf("spend formula: got %q, want %q", formula, want)
	}
	for _, sheet := range []string{SheetSummary, SheetByMonth, SheetByCountry, SheetByMarketplace, SheetInvoices} {
		cells := formulaCells(t, filepathOf(t, f), sheet)
		for _, c := range cells {
			fm, _ := f.GetCellFormula(sheet, c)
			if strings.Contains(fm, "Orders!") && (!strings.Contains(fm, "'Orders 2'!") || !strings.Contains(fm, "'Orders 3'!")) {
				t.Errorf("%s!%s = %s: does not span the register", sheet, c, fm)
			}
		}
	}
}

// filepathOf is the path a workbook was opened from.
func filepathOf(t *testing.T, f *excelize.File) string {
	t.Helper()
	if f.Path == "" {
		t.Fatal("workbook without a path")
	}
	return f.Path
}

// TestWriteSpendSummaryWorkbook: a summary workbook has every sheet but the
// register, its figures as values (no formula names the register) that tie out,
// and the register as CSV: a header with the Orders columns, one row per order,
// dates as yyyy-mm-dd, amounts as plain decimals, injected text made safe.
func TestWriteSpendSummaryWorkbook(t *testing.T) {
	rows := spendTestRows(60, 13)
	rows[0].Ref = "=HYPERLINK(\"x\")"
	rows[1].Marketplace = "Käse, \"fine\""
	meta := withInvoices(withBasis(spendTestMeta(), rows), rows)
	var orders bytes.Buffer
	meta.OrdersCSV, meta.OrdersCSVName = &orders, "spend-orders.csv"
	var book bytes.Buffer
	if err := WriteSpend(context.Background(), &book, meta, spendSlice(rows), nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "summary.xlsx")
	if err := os.WriteFile(path, book.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f := openSpend(t, path)
	if slices.Contains(f.GetSheetList(), SheetOrders) {
		t.Fatalf("sheets %v: a summary workbook has no Orders sheet", f.GetSheetList())
	}
	checkSummary(t, f, expectSpend(rows), 2)
	checkReconciled(t, f, len(rows))
	for _, sheet := range f.GetSheetList() {
		for _, c := range formulaCells(t, path, sheet) {
			if fm, _ := f.GetCellFormula(sheet, c); strings.Contains(fm, "Orders") {
				t.Errorf("%s!%s = %s: a formula over the register it does not have", sheet, c, fm)
			}
		}
	}
	if r := findRow(t, f, SheetSummary, "Notes", 0); !strings.Contains(cellText(t, f, SheetSummary, spendCellName(r+1, 1)), "are in the CSV file spend-orders.csv beside it") {
		t.Errorf("Summary notes: %q", cellText(t, f, SheetSummary, spendCellName(r+1, 1)))
	}

	body := orders.Bytes()
	if !bytes.HasPrefix(body, []byte("\uFEFF")) {
		t.Fatal("CSV: no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(rows)+1 || len(recs[0]) != ocCount || recs[0][ocRef-1] != "Order reference" || recs[0][ocTierFrom-1] != "Tier from kg" {
		t.Fatalf("CSV: %d records, header %q", len(recs), recs[0])
	}
	for i, r := range rows {
		rec := recs[i+1]
		wantRef := r.Ref
		if i == 0 {
			wantRef = "'" + r.Ref // not a formula
		}
		wantTotal := ""
		if r.Mode != 0 {
			wantTotal = spendDecimal(r.Components.Total(), 2)
		}
		if rec[ocDate-1] != r.Date.String() || rec[ocRef-1] != wantRef || rec[ocMarketplace-1] != r.Marketplace ||
			rec[ocMode-1] != spendModeName(r.Mode) || rec[ocTotal-1] != wantTotal {
			t.Errorf("CSV row %d: date %q, ref %q, marketplace %q, mode %q, total %q", i+2, rec[ocDate-1], rec[ocRef-1], rec[ocMarketplace-1], rec[ocMode-1], rec[ocTotal-1])
		}
		if b := r.Batch; b.Parcels > 0 && rec[ocDeparture-1] != b.Departure.String() {
			t.Errorf("CSV row %d: departure %q, want %s", i+2, rec[ocDeparture-1], b.Departure)
		}
	}
}

func cellText(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
