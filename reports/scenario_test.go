package reports

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// scenarioTestBook is a scenario worked out by hand, with SKUs, references and
// titles that look like formulas.
//
//	moved   ref        lines                 baseline  total  saving  storage  head-haul
//	        +1         =SUM(A1) × 2           10.00    7.50    2.50    0.12    0.40
//	        @SUM(A1)   MUG × 1                 8.00    6.05    1.95    0.05    0.20
//	        A-3        =SUM(A1) × 1, MUG × 3  20.00   14.99    5.01    0.33    0.77
//
// savings 2.50 + 1.95 + 5.01 = 9.46 (storage 0.50, head-haul 1.37 inside);
// monthly 946 × 365 / (12 × 30) = 959.14 → 9.59.
// =SUM(A1): 3 units, stock ⌈3 × 45 / 30⌉ = ⌈4.5⌉ = 5, unit 12.5 CNY × 0.14 = 1.75,
// capital 5 × 12.5 × 0.14 = 8.75; MUG: 4 units, stock ⌈6⌉ = 6, unit 3.99 USD,
// capital 23.94; capital tied 32.69; capital cost 3269 × 25 / 1200 = 68.10 → 0.68;
// net 9.59 − 0.68 = 8.91; payback 32.69 / 8.91 = 3.67 → 3.7 months.
func scenarioTestBook() ScenarioBook {
	d := func(s string) logistics.Date { v, _ := logistics.ParseDate(s); return v }
	dec := func(s string) logistics.Dec { v, _ := logistics.ParseDec(s); return v }
	sku := "=SUM(A1)"
	o := func(ref string, day string, lines ...logistics.Line) *logistics.Order {
		return &logistics.Order{Ref: ref, Marketplace: "ebay", Date: d(day), Country: "GB", PostalCode: "01234", Lines: lines}
	}
	sc := logistics.Scenario{Warehouse: "WH-GB", SKUs: []string{sku, "MUG"}, From: d("2026-03-01"), To: d("2026-03-30"),
		CoverDays: 45, CapitalCostPct: dec("25")}
	r := logistics.ScenarioResult{Scenario: sc, Days: 30, OrdersMoved: 3, NewlyServed: 1, Savings: 946, Storage: 50, Headhaul: 137,
		MonthlySavings: 959, CapitalTied: 3269, MonthlyCapitalCost: 68, MonthlyNet: 891, PaybackTenths: 37, HasPayback: true,
		Stock: []logistics.ScenarioStock{
			{SKU: sku, UnitsMoved: 3, StockNeeded: 5, UnitCost: dec("12.5"), Currency: "CNY", Rate: dec("0.14"), UnitCapital: 175, Capital: 875},
			{SKU: "MUG", UnitsMoved: 4, StockNeeded: 6, UnitCost: dec("3.99"), Currency: "USD", Rate: dec("1"), UnitCapital: 399, Capital: 2394},
		},
		Moved: []logistics.MovedOrder{
			{Order: o("+1", "2026-03-02", logistics.Line{SKU: sku, Qty: 2}), Baseline: 1000, Total: 750, Saving: 250, Storage: 12, Headhaul: 40},
			{Order: o("@SUM(A1)", "2026-03-09", logistics.Line{SKU: "MUG", Qty: 1}), Baseline: 800, Total: 605, Saving: 195, Storage: 5, Headhaul: 20},
			{Order: o("A-3", "2026-03-30", logistics.Line{SKU: sku, Qty: 1}, logistics.Line{SKU: "MUG", Qty: 3}), Baseline: 2000, Total: 1499, Saving: 501, Storage: 33, Headhaul: 77},
		}}
	// suggestions: MUG alone nets 1.20 − 0.30 = 0.90 a month (payback 14.40 / 0.90
	// = 16.0); =SUM(A1) alone 0.80 − 0.05 = 0.75 (2.40 / 0.75 = 3.2)
	sug := []logistics.ScenarioResult{
		{Scenario: logistics.Scenario{Warehouse: "WH-GB", SKUs: []string{"MUG"}}, OrdersMoved: 2, MonthlySavings: 120,
			CapitalTied: 1440, MonthlyCapitalCost: 30, MonthlyNet: 90, PaybackTenths: 160, HasPayback: true},
		{Scenario: logistics.Scenario{Warehouse: "WH-GB", SKUs: []string{sku}}, OrdersMoved: 1, MonthlySavings: 80,
			CapitalTied: 240, MonthlyCapitalCost: 5, MonthlyNet: 75, PaybackTenths: 32, HasPayback: true},
	}
	return ScenarioBook{Currency: "USD", Result: r, Suggestions: sug, SuggestionsOf: "WH-GB",
		Titles:      map[string]string{sku: `=HYPERLINK("http://x","y")`, "MUG": "Mug 350 ml"},
		GeneratedAt: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC), AppVersion: "test"}
}

// scenarioTestEmpty is a scenario that moves nothing: its net is not positive and
// it has no payback.
func scenarioTestEmpty() ScenarioBook {
	b := scenarioTestBook()
	r := &b.Result
	r.Moved, r.OrdersMoved, r.Savings, r.Storage, r.Headhaul, r.MonthlySavings = nil, 0, 0, 0, 0, 0
	r.Stock = []logistics.ScenarioStock{{SKU: "MUG", UnitCost: r.Stock[1].UnitCost, Currency: "USD", Rate: r.Stock[1].Rate, UnitCapital: 399}}
	r.SKUs = []string{"MUG"}
	r.CapitalTied, r.MonthlyCapitalCost, r.MonthlyNet, r.PaybackTenths, r.HasPayback = 0, 0, 0, 0, false
	b.Suggestions = nil
	return b
}

func writeScenarioFile(t *testing.T, b ScenarioBook, name string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteScenario(context.Background(), &buf, b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The workbook holds the inputs, the result as formulas with their values cached,
// the moved orders, the stock and the suggestions; texts that look like formulas
// are text.
func TestWriteScenario(t *testing.T) {
	path := writeScenarioFile(t, scenarioTestBook(), "s.xlsx")
	f := openSpend(t, path)
	if got := f.GetSheetList(); len(got) != 4 || got[0] != SheetScenario || got[1] != SheetMoved || got[2] != SheetStock || got[3] != SheetSuggestions {
		t.Fatalf("sheets: got %v", got)
	}
	tests := []struct {
		sheet, cell, value, formula string
	}{
		{SheetScenario, "B5", "WH-GB", ""},
		{SheetScenario, "B6", "=SUM(A1), MUG", ""},
		{SheetScenario, "B9", "30", "$B$8-$B$7+1"},
		{SheetScenario, "B15", "3", "COUNT('Moved orders'!F:F)"},
		{SheetScenario, "B17", "9.46", "SUM('Moved orders'!H:H)"},
		{SheetScenario, "B20", "9.59", "ROUND($B$17*365/(12*$B$9),2)"},
		{SheetScenario, "B21", "32.69", "SUM(Stock!I2:I3)"},
		{SheetScenario, "B22", "0.68", "ROUND($B$21*$B$11/100/12,2)"},
		{SheetScenario, "B23", "8.91", "$B$20-$B$22"},
		{SheetScenario, "B24", "3.7", `IF($B$23>0,ROUND($B$21/$B$23,1),"none")`},
		{SheetScenario, "B31", "26.73", "A31*$B$23"}, // month 3: 3 × 8.91
		{SheetMoved, "C2", "+1", ""},
		{SheetMoved, "C3", "@SUM(A1)", ""},
		{SheetMoved, "E2", "01234", ""},
		{SheetMoved, "H4", "5.01", "F4-G4"},
		{SheetMoved, "K1", "=SUM(A1) units", ""},
		{SheetMoved, "L4", "3", ""},
		{SheetStock, "A2", "=SUM(A1)", ""},
		{SheetStock, "B2", `=HYPERLINK("http://x","y")`, ""},
		{SheetStock, "C2", "3", "SUM('Moved orders'!K:K)"},
		{SheetStock, "D2", "5", "ROUNDUP(C2*Scenario!$B$10/Scenario!$B$9,0)"},
		{SheetStock, "I2", "8.75", "ROUND(D2*E2*G2,2)"},
		{SheetSuggestions, "B5", "=SUM(A1)", ""},
		{SheetSuggestions, "J4", "16", `IF(I4>0,ROUND(G4/I4,1),"none")`},
	}
	for _, tt := range tests {
		got, err := f.GetCellValue(tt.sheet, tt.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		fm, _ := f.GetCellFormula(tt.sheet, tt.cell)
		if got != tt.value || fm != tt.formula {
			t.Errorf("%s!%s: got %q = %q, want %q = %q", tt.sheet, tt.cell, fm, got, tt.formula, tt.value)
		}
	}
	props, err := f.GetDocProps()
	if err != nil || props.Creator != "Shipmode" || props.Title != ScenarioTitle {
		t.Errorf("document properties: got %+v, %v", props, err)
	}

	empty := openSpend(t, writeScenarioFile(t, scenarioTestEmpty(), "e.xlsx"))
	if got, _ := empty.GetCellValue(SheetScenario, "B24"); got != "none" {
		t.Errorf("payback without a positive net: got %q, want none", got)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WriteScenario(ctx, &bytes.Buffer{}, scenarioTestBook()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}

// TestLibreOfficeRecalculatesScenario opens the workbooks of a scenario and of one
// that moves nothing in LibreOffice with every cached formula value replaced by a
// sentinel, recalculates, and checks that each formula's value equals the value
// WriteScenario cached, and that texts that look like formulas stay text.
func TestLibreOfficeRecalculatesScenario(t *testing.T) {
	soffice := sofficePath(t)
	dir := t.TempDir()
	books := map[string]ScenarioBook{"scenario.xlsx": scenarioTestBook(), "empty.xlsx": scenarioTestEmpty()}
	orig := map[string]string{}
	var poisoned []string
	for name, b := range books {
		orig[name] = writeScenarioFile(t, b, name)
		p := filepath.Join(dir, name)
		poisonCachedValues(t, orig[name], p)
		poisoned = append(poisoned, p)
	}
	out := filepath.Join(dir, "out")
	profile := filepath.Join(dir, "profile")
	writeRecalcProfile(t, profile)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation=" + (&url.URL{Scheme: "file", Path: profile}).String(),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out}, poisoned...)
	if b, err := exec.CommandContext(ctx, soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	for name := range books {
		conv := openSpend(t, filepath.Join(out, name))
		want := openSpend(t, orig[name])
		checked := 0
		for _, sheet := range []string{SheetScenario, SheetMoved, SheetStock, SheetSuggestions} {
			for _, c := range formulaCells(t, orig[name], sheet) {
				cached, _ := want.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
				got, _ := conv.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
				if got == loSentinel {
					t.Fatalf("%s %s!%s: LibreOffice kept the sentinel: it did not recalculate", name, sheet, c)
				}
				if !sameValue(cached, got, cellFormat(t, want, sheet, c), 2) {
					fm, _ := want.GetCellFormula(sheet, c)
					t.Errorf("%s %s!%s = %s: LibreOffice got %q, cached %q", name, sheet, c, fm, got, cached)
				}
				checked++
			}
		}
		if checked < 20 {
			t.Errorf("%s: only %d formulas", name, checked)
		}
		t.Logf("%s: %d formulas recalculated by LibreOffice match their cached values", name, checked)
		if name != "scenario.xlsx" {
			continue
		}
		for _, tc := range []struct{ sheet, cell, want string }{
			{SheetMoved, "C2", "+1"}, {SheetMoved, "C3", "@SUM(A1)"}, {SheetStock, "A2", "=SUM(A1)"},
			{SheetStock, "B2", `=HYPERLINK("http://x","y")`}, {SheetSuggestions, "B5", "=SUM(A1)"}, {SheetMoved, "E2", "01234"},
		} {
			if fm, _ := conv.GetCellFormula(tc.sheet, tc.cell); fm != "" {
				t.Errorf("%s!%s: LibreOffice made it formula %q", tc.sheet, tc.cell, fm)
			}
			if got, _ := conv.GetCellValue(tc.sheet, tc.cell); got != tc.want {
				t.Errorf("%s!%s: got %q, want %q", tc.sheet, tc.cell, got, tc.want)
			}
		}
	}
}
