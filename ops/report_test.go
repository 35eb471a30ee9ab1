package ops_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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
