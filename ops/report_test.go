package ops_test

import (
	"context"
	"errors"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
)

// TestReportBasis: rate book version 1, a plan, version 2 imported without
// planning again, then one order cancelled and one imported after the plan. By
// hand: May holds 5 orders (A–E; F is in June), 1 cancelled (B), 1 unplanned (E),
// so 3 reported (A, C, D), all 3 priced by version 1, which version 2 supersedes.
// The check says so before the workbook is written, and the workbook's Summary
// says so too; a new plan clears both warnings.
func TestReportBasis(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	v1 := exampleRateBook(t, svc)
	dir := t.TempDir()
	line := ",ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\n"
	first := filepath.Join(dir, "first.csv")
	writeFile(t, first, header+"A"+line+"B"+line+"C"+line+"D"+line+"F,ebay,2026-06-02,FR,31000,PLANTER-SET,1,59.00,EUR,\n")
	if _, err := svc.ImportOrders(ctx, first, ingest.OrderOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	plan, err := svc.Plan(ctx, ops.PlanRequest{From: logistics.NoDate, To: logistics.NoDate}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Run.RateBookID != v1.Version.ID {
		t.Fatalf("plan run priced with version %d, want %d", plan.Run.RateBookID, v1.Version.ID)
	}
	v2, err := svc.EditRateBook(ctx, ops.RateBookEdit{Base: v1.Version.ID,
		Cells: []reports.CellEdit{{Key: logistics.KeyOriginHandlingDays, Value: "3"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := svc.DB().FindOrder(ctx, "ebay", "B")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.DB().SetStatus(ctx, b.ID, logistics.Cancelled); err != nil {
		t.Fatal(err)
	}
	late := filepath.Join(dir, "late.csv")
	writeFile(t, late, header+"E"+line)
	if _, err := svc.ImportOrders(ctx, late, ingest.OrderOptions{}, nil); err != nil {
		t.Fatal(err)
	}

	may := ops.ReportRequest{From: logistics.DateOf(2026, 5, 1), To: logistics.DateOf(2026, 5, 31)}
	check, err := svc.CheckReport(ctx, may.From, may.To)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := [5]int{check.Orders, check.Cancelled, check.Unplanned, check.Reported, check.Superseded}, [5]int{5, 1, 1, 3, 3}; got != want {
		t.Errorf("check: got orders, cancelled, unplanned, reported, superseded %v, want %v", got, want)
	}
	if check.Current.ID != v2.Version.ID || len(check.Versions) != 1 ||
		check.Versions[0].ID != v1.Version.ID || check.Versions[0].Orders != 3 || !check.Versions[0].Superseded {
		t.Errorf("versions: got current %d and %+v, want current %d and version %d priced 3 orders, superseded",
			check.Current.ID, check.Versions, v2.Version.ID, v1.Version.ID)
	}
	if !check.Warns() || !slices.Equal(check.SupersededVersions(), []int64{v1.Version.ID}) {
		t.Errorf("got warns %v, superseded %v; want a warning about version %d", check.Warns(), check.SupersededVersions(), v1.Version.ID)
	}

	// The check comes before the workbook is written.
	may.Path = filepath.Join(dir, "may.xlsx")
	var before *ops.ReportCheck
	may.Checked = func(c ops.ReportCheck) {
		if _, err := os.Stat(may.Path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Checked: the workbook exists already (%v)", err)
		}
		before = &c
	}
	res, err := svc.WriteReport(ctx, may, nil)
	if err != nil {
		t.Fatal(err)
	}
	if before == nil || before.Superseded != 3 || res.Orders != 3 {
		t.Fatalf("got check %+v and %d orders written, want the check first and 3 orders", before, res.Orders)
	}
	f, err := excelize.OpenFile(may.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cells := map[string]string{
		"A3":  "Warning: 3 orders were priced by a superseded rate book (version 1; the current version is 2, imported after their plan). Planning again re-prices the open ones on the current rate book; shipped orders keep the cost they were planned at.",
		"A4":  "Warning: 1 order of the period is not planned and left out of this report. Planning includes the open ones.",
		"A7":  "Orders dated in the period",
		"E7":  "5",
		"E8":  "1",
		"E9":  "1",
		"E10": "3",
		"E11": "0",
	}
	for cell, want := range cells {
		if got, _ := f.GetCellValue(reports.SheetSummary, cell); got != want {
			t.Errorf("Summary!%s: got %q, want %q", cell, got, want)
		}
	}
	for r := 2; r <= 4; r++ {
		run, _ := f.GetCellValue(reports.SheetOrders, cellName(30, r))
		ver, _ := f.GetCellValue(reports.SheetOrders, cellName(31, r))
		if run != "1" || ver != "1" {
			t.Errorf("Orders row %d: plan run %q, rate book version %q; want 1 and 1", r, run, ver)
		}
	}

	// Planned again on version 2: nothing to warn of.
	if _, err := svc.Plan(ctx, ops.PlanRequest{From: logistics.NoDate, To: logistics.NoDate}, nil); err != nil {
		t.Fatal(err)
	}
	check, err = svc.CheckReport(ctx, may.From, may.To)
	if err != nil {
		t.Fatal(err)
	}
	if check.Warns() || check.Reported != 4 || len(check.Versions) != 1 || check.Versions[0].ID != v2.Version.ID {
		t.Errorf("after a new plan: got %+v, want 4 orders reported, all priced by version %d, no warning", check.ReportBasis, v2.Version.ID)
	}
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// TestDemoRecordsItsRateBook: the demo's plan, the other path that writes
// decisions, records the rate-book version it priced with, like Plan. (Override
// only marks the order for later plans; Quote stores nothing.)
func TestDemoRecordsItsRateBook(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 300, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	check, err := svc.CheckReport(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil {
		t.Fatal(err)
	}
	if check.Reported == 0 || check.Warns() || len(check.Versions) != 1 || check.Versions[0].ID != check.Current.ID || check.Current.ID == 0 {
		t.Errorf("got %+v, want every planned order priced by the current version, nothing to warn of", check.ReportBasis)
	}
}

// sheetTable reads a sheet whose first row is its header as one map per row,
// column name → raw cell text.
func sheetTable(t *testing.T, f *excelize.File, sheet string) []map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s: %v", sheet, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: empty", sheet)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out = append(out, m)
	}
	return out
}

// rat reads a cell's number exactly as the decimal it shows.
func rat(t *testing.T, s string) *big.Rat {
	t.Helper()
	if s == "" {
		return new(big.Rat)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("%q is not a number", s)
	}
	return r
}

// roundHalfAway rounds r to digits decimals, half away from zero (SPEC §5).
func roundHalfAway(r *big.Rat, digits int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)
	n := new(big.Int).Mul(r.Num(), scale)
	q, m := new(big.Int).QuoRem(n, r.Denom(), new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(r.Denom()) >= 0 {
		if n.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return new(big.Rat).SetFrac(q, scale)
}

// TestReportRecomputesAnOrder prices direct-mail orders of the demo again from the
// workbook alone, as an auditor would: the Orders row gives the rate-book version,
// the delivery service, its zone, the chargeable kg and the FX rate; the RB
// services sheet the service's currency and fuel_pct; the RB rates sheet the band.
// Freight = fixed + per_kg × kg rounded in the service currency, fuel = fuel_pct %
// of it rounded, each converted at the FX rate and rounded in the base currency;
// with no surcharge and no duty, their sum is the order's Total.
func TestReportRecomputesAnOrder(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 400, Seed: 3}, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "audit.xlsx")
	if _, err := svc.WriteReport(ctx, ops.ReportRequest{Path: path, From: logistics.NoDate, To: logistics.NoDate}, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	services := sheetTable(t, f, "RB services")
	rates := sheetTable(t, f, "RB rates")
	settings := sheetTable(t, f, "RB settings")
	base := ""
	for _, s := range settings {
		if s["key"] == logistics.KeyBaseCurrency {
			base = s["value"]
		}
	}
	if base == "" {
		t.Fatal("RB settings: no base_currency")
	}
	checked, converted := 0, 0
	orders := sheetTable(t, f, reports.SheetOrders)
	// Every order says where it went and what it was worth; a warehouse order
	// names its delivery service and zone, a consolidation order its batch.
	seen := map[string]bool{}
	for _, o := range orders {
		if o["Postal code"] == "" || rat(t, o["Goods value (order currency)"]).Sign() <= 0 || o["Order currency"] == "" {
			t.Errorf("order %s: postal code %q, goods value %q %q", o["Order reference"], o["Postal code"], o["Goods value (order currency)"], o["Order currency"])
		}
		switch o["Mode"] {
		case "Overseas warehouse":
			if o["Delivery service (last leg)"] == "" || o["Delivery service (last leg)"] == o["Option"] || o["Zone"] == "" || o["Carrier"] == "" {
				t.Errorf("warehouse order %s: service %q, zone %q, carrier %q", o["Order reference"], o["Delivery service (last leg)"], o["Zone"], o["Carrier"])
			}
		case "Consolidation":
			if o["Line-haul departure"] == "" || rat(t, o["Batch kg"]).Sign() <= 0 || o["Batch parcels"] == "" || o["Tier from kg"] == "" {
				t.Errorf("consolidation order %s: departure %q, batch %q kg, %q parcels, tier %q", o["Order reference"], o["Line-haul departure"], o["Batch kg"], o["Batch parcels"], o["Tier from kg"])
			}
		}
		seen[o["Mode"]] = true
	}
	if !seen["Overseas warehouse"] || !seen["Consolidation"] {
		t.Errorf("modes seen %v: want warehouse and consolidation orders too", seen)
	}
	for _, o := range orders {
		if o["Mode"] != "Direct mail" || o["Surcharges"] != "0" || o["Duties"] != "0" {
			continue
		}
		var svcRow map[string]string
		for _, s := range services {
			if s["version"] == o["Rate book version"] && s["service_id"] == o["Delivery service (last leg)"] {
				svcRow = s
			}
		}
		if svcRow == nil || svcRow["currency"] != o["Service currency"] {
			t.Fatalf("order %s: service %q of version %s not on RB services as %q", o["Order reference"], o["Delivery service (last leg)"], o["Rate book version"], o["Service currency"])
		}
		g := new(big.Rat).Mul(rat(t, o["Chargeable kg"]), big.NewRat(1000, 1))
		var band map[string]string
		for _, r := range rates {
			if r["version"] != o["Rate book version"] || r["service_id"] != svcRow["service_id"] || r["zone"] != o["Zone"] {
				continue
			}
			if rat(t, r["from_g"]).Cmp(g) < 0 && (r["to_g"] == "" || g.Cmp(rat(t, r["to_g"])) <= 0) {
				band = r
			}
		}
		if band == nil {
			t.Fatalf("order %s: no rate of %s zone %s for %s g", o["Order reference"], svcRow["service_id"], o["Zone"], g.FloatString(0))
		}
		digits := logistics.CurrencyDigits(svcRow["currency"])
		bd := logistics.CurrencyDigits(base)
		freight := new(big.Rat).Add(rat(t, band["fixed"]), new(big.Rat).Mul(rat(t, band["per_kg"]), new(big.Rat).Quo(g, big.NewRat(1000, 1))))
		freight = roundHalfAway(freight, digits)
		fuel := roundHalfAway(new(big.Rat).Quo(new(big.Rat).Mul(rat(t, svcRow["fuel_pct"]), freight), big.NewRat(100, 1)), digits)
		fx := rat(t, o["FX rate to base (service currency, order date)"])
		freightBase := roundHalfAway(new(big.Rat).Mul(freight, fx), bd)
		fuelBase := roundHalfAway(new(big.Rat).Mul(fuel, fx), bd)
		for _, c := range []struct {
			col  string
			want *big.Rat
		}{
			{"Freight", freightBase},
			{"Fuel", fuelBase},
			{"Total", new(big.Rat).Add(freightBase, fuelBase)},
		} {
			if got := rat(t, o[c.col]); got.Cmp(c.want) != 0 {
				t.Errorf("order %s %s: workbook %s, recomputed %s (band %v, fuel %s%%, FX %s)", o["Order reference"], c.col,
					got.FloatString(bd), c.want.FloatString(bd), band, svcRow["fuel_pct"], fx.FloatString(6))
			}
		}
		checked++
		if svcRow["currency"] != base {
			converted++
		}
	}
	if checked < 20 || converted == 0 {
		t.Fatalf("recomputed %d direct-mail orders, %d of them converted: want many, some in another currency", checked, converted)
	}
	t.Logf("recomputed %d direct-mail orders (%d converted) from the workbook's own sheets", checked, converted)
}

// A summary workbook is written with its register beside it, both or neither: a
// cancelled one leaves no file.
func TestReportSummaryWorkbook(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 200, Seed: 2}, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "spend.xlsx")
	res, err := svc.WriteReport(ctx, ops.ReportRequest{Path: path, From: logistics.NoDate, To: logistics.NoDate, Summary: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "spend-orders.csv"); res.CSVPath != want || ops.SummaryCSVPath(path) != want {
		t.Errorf("CSV path %q, want %q", res.CSVPath, want)
	}
	body, err := os.ReadFile(res.CSVPath)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(body), "\n"); lines != res.Orders+1 {
		t.Errorf("%s: %d lines, want %d orders and the header", res.CSVPath, lines, res.Orders)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if slices.Contains(f.GetSheetList(), reports.SheetOrders) {
		t.Errorf("sheets %v: no Orders sheet in a summary workbook", f.GetSheetList())
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	other := filepath.Join(dir, "other.xlsx")
	if _, err := svc.WriteReport(cancelled, ops.ReportRequest{Path: other, From: logistics.NoDate, To: logistics.NoDate, Summary: true}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: got %v", err)
	}
	for _, p := range []string{other, ops.SummaryCSVPath(other)} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s after a cancelled export: %v", p, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("folder holds %d files, want the two of the first export (no litter)", len(entries))
	}
}
