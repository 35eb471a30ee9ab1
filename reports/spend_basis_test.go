package reports

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shipmode/logistics"
)

// basisTestBook is a small rate book in EUR: a CNY service to FR and DE, FX rows of
// which only some are valid on the orders' dates, and duty rows of which only some
// apply.
func basisTestBook() *logistics.RateBook {
	d := logistics.DateOf
	return &logistics.RateBook{
		Settings: logistics.Settings{BaseCurrency: "EUR"},
		FX: []logistics.FXRate{
			{Currency: "USD", RateToBase: 900_000_000, ValidFrom: d(2026, 1, 1)},
			{Currency: "USD", RateToBase: 910_000_000, ValidFrom: d(2026, 4, 1)},
			{Currency: "USD", RateToBase: 920_000_000, ValidFrom: d(2026, 7, 1)}, // after the period
			{Currency: "CNY", RateToBase: 130_000_000, ValidFrom: d(2025, 1, 1)},
			{Currency: "GBP", RateToBase: 1_150_000_000, ValidFrom: d(2026, 1, 1)}, // nothing prices in GBP
		},
		Services: []logistics.Service{{ID: "S1", Currency: "CNY"}},
		Zones: []logistics.Zone{
			{ServiceID: "S1", Country: "FR", Zone: "1"},
			{ServiceID: "S1", Country: "DE", Zone: "1"},
		},
		Rates: []logistics.Rate{{ServiceID: "S1", Zone: "1", ToG: 2000, Fixed: logistics.DecInt(10), PerKg: 5_500_000_000}},
		Duties: []logistics.Duty{
			{Country: "FR", ValidFrom: d(2025, 1, 1), Currency: "EUR", DutyRatePct: logistics.DecInt(4)},
			{Country: "FR", ValidFrom: d(2026, 5, 1), Currency: "EUR", DutyRatePct: logistics.DecInt(5)},
			{Country: "DE", ValidFrom: d(2026, 1, 1), Currency: "EUR", DutyRatePct: logistics.DecInt(3)},
			{Country: "US", ValidFrom: d(2026, 1, 1), Currency: "USD", DutyRatePct: logistics.DecInt(2)}, // no order goes there
		},
	}
}

// basisTestReport is a period of seven orders: one priced by version 2 of the rate
// book before version 3 was imported, three priced by version 3 (one of them
// unassignable), one cancelled and two not planned.
func basisTestReport() (SpendMeta, []SpendRow) {
	d := logistics.DateOf
	meta := spendTestMeta()
	meta.RateBook = RateBookInfo{Version: 3, ImportedAt: time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC), Source: "v3.xlsx", Hash: "c3"}
	meta.RateBooks = []RateBookUse{
		{RateBookInfo: RateBookInfo{Version: 2, ImportedAt: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC), Source: "v2.xlsx", Hash: "b2"},
			Book: basisTestBook(), Superseded: true},
		{RateBookInfo: meta.RateBook, Book: basisTestBook()},
	}
	meta.FX, meta.Duties = nil, nil
	meta.Counts = &SpendCounts{Orders: 7, Cancelled: 1, Unplanned: 2}
	priced := func(date logistics.Date, ref, country string, run, version int64, total int64) SpendRow {
		r := SpendRow{Date: date, Marketplace: "Amazon", Ref: ref, Country: country, Status: logistics.Open, Units: 1,
			RunID: run, RateBookVersion: version, OrderCurrency: "USD"}
		if total > 0 {
			r.Mode, r.Option, r.ChargeableG = logistics.ModeDirect, "S1", 500
			r.Components.Freight = total
			r.ModeTotals[3] = Cost{total, true}
			r.DirectBaseline, r.BestTotal = Cost{total, true}, Cost{total, true}
		}
		return r
	}
	rows := []SpendRow{
		priced(d(2026, 3, 10), "A-1", "FR", 1, 2, 1000),
		priced(d(2026, 4, 15), "A-2", "FR", 2, 3, 1200),
		priced(d(2026, 4, 20), "A-3", "DE", 2, 3, 0),
		priced(d(2026, 5, 5), "A-4", "FR", 2, 3, 900),
	}
	rows[2].OrderCurrency = "EUR"
	return meta, rows
}

func TestWriteSpendBasis(t *testing.T) {
	meta, rows := basisTestReport()
	path := writeSpendFile(t, meta, rows)
	f := openSpend(t, path)

	// The warnings open the Summary, under the subtitle.
	sub, _ := f.GetCellValue(SheetSummary, "A2")
	if want := "priced with rate book versions 2, 3; current version 3"; !strings.Contains(sub, want) {
		t.Errorf("subtitle: got %q, want it to say %q", sub, want)
	}
	for i, want := range []string{
		"Warning: 1 order was priced by a superseded rate book (version 2; the current version is 3, imported after their plan). Planning again re-prices the open ones on the current rate book; shipped orders keep the cost they were planned at.",
		"Warning: 2 orders of the period are not planned and left out of this report. Planning includes the open ones.",
	} {
		if got, _ := f.GetCellValue(SheetSummary, spendCellName(3+i, 1)); got != want {
			t.Errorf("Summary!A%d: got %q, want %q", 3+i, got, want)
		}
	}

	// The count reconciliation: 7 − 1 − 2 = 4, the 4 counted on the Orders sheet.
	for _, c := range []struct {
		label   string
		want    float64
		formula string
	}{
		{"Orders dated in the period", 7, ""},
		{"− cancelled", 1, ""},
		{"− unplanned (no plan decision: not in this report)", 2, ""},
		{"= orders reported (rows of the Orders sheet)", 4, "COUNT(Orders!$A$2:$A$5)"},
		{"Difference (0: every order of the period is accounted for)", 0, "E7-E8-E9-E10"},
	} {
		r := findRow(t, f, SheetSummary, c.label, 0)
		cell := spendCellName(r, scKPIValue)
		if got := rawNumber(t, f, SheetSummary, cell); got != c.want {
			t.Errorf("%s (%s): got %v, want %v", c.label, cell, got, c.want)
		}
		if got, _ := f.GetCellFormula(SheetSummary, cell); got != c.formula {
			t.Errorf("%s (%s): formula %q, want %q", c.label, cell, got, c.formula)
		}
	}

	// The versions behind the figures, counted over the Orders sheet.
	r := findRow(t, f, SheetSummary, "Rate book behind the figures", 0) + 2
	for i, want := range [][3]string{
		{"2", "1", "superseded: version 3 was imported after the plan"},
		{"3", "3", "current"},
	} {
		var got [3]string
		for c := range got {
			got[c], _ = f.GetCellValue(SheetSummary, spendCellName(r+i, c+1))
		}
		if got != want {
			t.Errorf("version row %d: got %q, want %q", i, got, want)
		}
	}
	if got, _ := f.GetCellFormula(SheetSummary, spendCellName(r, 2)); got != "COUNTIFS(Orders!$AE$2:$AE$5,2)" {
		t.Errorf("orders of version 2: formula %q", got)
	}

	// Each order's plan run and rate-book version.
	for i, want := range [][2]string{{"1", "2"}, {"2", "3"}, {"2", "3"}, {"2", "3"}} {
		run, _ := f.GetCellValue(SheetOrders, spendCellName(i+2, ocRun))
		ver, _ := f.GetCellValue(SheetOrders, spendCellName(i+2, ocRateBook))
		if [2]string{run, ver} != want {
			t.Errorf("Orders row %d: run, version %q %q, want %q", i+2, run, ver, want)
		}
	}
	for c, want := range map[int]string{ocRun: "Plan run", ocRateBook: "Rate book version"} {
		if got, _ := f.GetCellValue(SheetOrders, spendCellName(1, c)); got != want {
			t.Errorf("Orders header %d: got %q, want %q", c, got, want)
		}
	}

	// Assumptions: the FX rows and duty rules the orders used, by version, worked
	// out by hand. A-1 (version 2, FR, USD, 10 March): USD from 1 January, CNY (the
	// service), FR duties from 2025. Version 3: A-2 (FR, USD, 15 April) USD from
	// 1 April, CNY, FR 2025; A-3 (DE, EUR, the base: no rate) CNY, DE 2026; A-4
	// (FR, USD, 5 May) USD from 1 April, CNY, FR from 1 May. Never: USD from July,
	// GBP, US duties.
	got := assumptionTable(t, f, "FX rates the orders used", 4)
	want := []string{
		"CNY|0.13|2025-01-01|2", "USD|0.9|2026-01-01|2",
		"CNY|0.13|2025-01-01|3", "USD|0.91|2026-04-01|3",
	}
	if !slices.Equal(got, want) {
		t.Errorf("FX rows:\ngot  %q\nwant %q", got, want)
	}
	got = assumptionTable(t, f, "Duty rules the orders used", 9)
	for i := range got { // country, valid from, …, version
		parts := strings.Split(got[i], "|")
		got[i] = parts[0] + "|" + parts[1] + "|" + parts[4] + "|" + parts[8]
	}
	want = []string{"FR|2025-01-01|4|2", "DE|2026-01-01|3|3", "FR|2025-01-01|4|3", "FR|2026-05-01|5|3"}
	if !slices.Equal(got, want) {
		t.Errorf("duty rows:\ngot  %q\nwant %q", got, want)
	}
	versions := assumptionTable(t, f, "Rate book versions that priced the orders", 4)
	if want := []string{"2|1|2026-02-01 09:00:00 UTC|superseded", "3|3|2026-05-20 09:00:00 UTC|current"}; !slices.Equal(versions, want) {
		t.Errorf("versions: got %q, want %q", versions, want)
	}
}

// TestWriteSpendBasisComplete has nothing to warn of: one version, the current
// one, and every order of the period planned.
func TestWriteSpendBasisComplete(t *testing.T) {
	meta, rows := basisTestReport()
	rows = rows[1:]
	meta.RateBooks = meta.RateBooks[1:]
	meta.Counts = &SpendCounts{Orders: 4, Cancelled: 1}
	f := openSpend(t, writeSpendFile(t, meta, rows))
	if got, _ := f.GetCellValue(SheetSummary, "A3"); got != "" {
		t.Errorf("Summary!A3: got %q, want no warning", got)
	}
	sub, _ := f.GetCellValue(SheetSummary, "A2")
	if !strings.HasSuffix(sub, "3 orders · rate book version 3") {
		t.Errorf("subtitle: got %q", sub)
	}
	r := findRow(t, f, SheetSummary, "Difference (0: every order of the period is accounted for)", 0)
	if got := rawNumber(t, f, SheetSummary, spendCellName(r, scKPIValue)); got != 0 {
		t.Errorf("difference: got %v, want 0", got)
	}
}

// assumptionTable reads the rows of the Assumptions table under the section
// title that starts with prefix: the first cols cells of each, as shown, joined by "|",
// up to the first empty row.
func assumptionTable(t *testing.T, f *excelize.File, prefix string, cols int) []string {
	t.Helper()
	rows, err := f.GetRows(SheetAssumptions)
	if err != nil {
		t.Fatal(err)
	}
	start := -1
	for i, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], prefix) {
			start = i + 2 // past the header
			break
		}
	}
	if start < 0 {
		t.Fatalf("Assumptions: no section %q", prefix)
	}
	var out []string
	for _, r := range rows[start:] {
		if len(r) == 0 || r[0] == "" {
			break
		}
		cells := make([]string, cols)
		copy(cells, r)
		out = append(out, strings.Join(cells, "|"))
	}
	return out
}

// withBasis stamps rows as plan runs would: every fourth order priced by rate
// book version 2 (superseded), a few by a version not recorded, the others by
// version 3, the current one; the period also holds one cancelled and two
// unplanned orders.
func withBasis(meta SpendMeta, rows []SpendRow) SpendMeta {
	for i := range rows {
		rows[i].RunID, rows[i].RateBookVersion, rows[i].OrderCurrency = 2, 3, "USD"
		switch {
		case i%4 == 0:
			rows[i].RunID, rows[i].RateBookVersion = 1, 2
		case i%10 == 5:
			rows[i].RunID, rows[i].RateBookVersion = 1, 0 // a plan that did not record its version
		}
	}
	meta.RateBooks = []RateBookUse{
		{RateBookInfo: RateBookInfo{Version: 2, ImportedAt: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC), Source: "v2.xlsx", Hash: "b2"},
			Book: basisTestBook(), Superseded: true},
		{RateBookInfo: meta.RateBook, Book: basisTestBook()},
	}
	meta.Counts = &SpendCounts{Orders: len(rows) + 3, Cancelled: 1, Unplanned: 2}
	return meta
}

// checkReconciled asserts that the Summary's count reconciliation in f (cached,
// or recalculated) reports n orders and no difference.
func checkReconciled(t *testing.T, f *excelize.File, n int) {
	t.Helper()
	rows, err := f.GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	for label, want := range map[string]float64{
		"= orders reported (rows of ":                                float64(n), // the Orders sheet, or a summary workbook's CSV file
		"Difference (0: every order of the period is accounted for)": 0,
	} {
		r := 0
		for i, row := range rows {
			if len(row) > 0 && strings.HasPrefix(row[0], label) {
				r = i + 1
				break
			}
		}
		if r == 0 {
			t.Fatalf("Summary: no row %q", label)
		}
		if got := rawNumber(t, f, SheetSummary, spendCellName(r, scKPIValue)); got != want {
			t.Errorf("Summary %q: got %v, want %v", label, got, want)
		}
	}
}

// TestWriteSpendUnrecordedVersion: orders whose plan did not record its rate-book
// version are counted apart (blank cells on the Orders sheet) and the Assumptions
// say their rows cannot be listed.
func TestWriteSpendUnrecordedVersion(t *testing.T) {
	rows := spendTestRows(20, 3)
	meta := withBasis(spendTestMeta(), rows)
	f := openSpend(t, writeSpendFile(t, meta, rows))
	r := findRow(t, f, SheetSummary, "not recorded", 0)
	cell := spendCellName(r, 2)
	if got := rawNumber(t, f, SheetSummary, cell); got != 2 { // orders 5 and 15
		t.Errorf("Summary!%s: got %v orders of an unrecorded version, want 2", cell, got)
	}
	if got, _ := f.GetCellFormula(SheetSummary, cell); got != "COUNTBLANK(Orders!$AE$2:$AE$21)" {
		t.Errorf("Summary!%s: formula %q", cell, got)
	}
	findRow(t, f, SheetAssumptions, "Orders priced by an unrecorded rate-book version: the FX rates and duty rules they used cannot be listed.", 0)
}

func TestSpendBasisPhrase(t *testing.T) {
	for _, c := range []struct {
		cur      int64
		versions []int64
		want     string
	}{
		{0, nil, ""},
		{3, nil, "rate book version 3"},
		{3, []int64{3}, "rate book version 3"},
		{3, []int64{2}, "priced with rate book version 2; current version 3"},
		{3, []int64{2, 3}, "priced with rate book versions 2, 3; current version 3"},
		{3, []int64{0}, "priced with an unrecorded rate book version; current version 3"},
		{3, []int64{0, 3}, "priced with rate book version 3 and an unrecorded version; current version 3"},
	} {
		sw := &spendWorkbook{meta: SpendMeta{RateBook: RateBookInfo{Version: c.cur}}, tally: newSpendTally()}
		for _, v := range c.versions {
			sw.tally.versions[v]++
		}
		if got := sw.basisPhrase(); got != c.want {
			t.Errorf("current %d, used %v: got %q, want %q", c.cur, c.versions, got, c.want)
		}
	}
}
