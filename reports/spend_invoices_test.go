package reports

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"shipmode/logistics"
)

// invoiceTestCase is a small period worked out by hand (EUR, amounts in cents):
//
//	A 2026-03-05 direct     planned 11.00 (freight 10.00 + fuel 1.00), invoiced 12.50:
//	                        variance +1.50 = freight +1.00, fuel +0.50
//	B 2026-03-20 warehouse  planned 6.00 (freight 5.00, storage 0.30, head-haul 0.70),
//	                        invoiced 5.60: variance −0.40 = freight −0.20, credit −0.20
//	C 2026-04-02 direct     planned 20.00, not invoiced
//	D 2026-04-10 unassignable, invoiced 3.00: nothing planned, variance +3.00 (freight)
//	E 2026-04-15 direct     planned 8.00, invoiced 7.90; no variance given: the sheet
//	                        takes invoiced − planned = −0.10 (freight −0.10 given)
//	and a cancelled order, not on the Orders sheet: planned 4.00, invoiced 4.50,
//	variance +0.50 (fuel).
//
// The Orders sheet's invoiced orders: A, B, D, E — invoiced 12.50 + 5.60 + 3.00 +
// 7.90 = 29.00, variance 1.50 − 0.40 + 3.00 − 0.10 = 4.00, planned 29.00 − 4.00 =
// 25.00, variance 4.00 / 25.00 = 16 %. With the cancelled order, every invoiced
// order: 5 orders, invoiced 33.50, variance 4.50, planned 29.00.
func invoiceTestCase() ([]SpendRow, SpendMeta, *SpendInvoices) {
	d := logistics.DateOf
	direct := func(date logistics.Date, ref string, c logistics.Components) SpendRow {
		return SpendRow{Date: date, Marketplace: "Amazon", Ref: ref, Country: "FR", Units: 1, ChargeableG: 800,
			Mode: logistics.ModeDirect, Option: "DHL-EXP", Components: c}
	}
	a := direct(d(2026, 3, 5), "A", logistics.Components{Freight: 1000, Fuel: 100})
	a.Invoiced, a.Variance = Cost{1250, true}, Cost{150, true}
	a.ComponentVariance = logistics.ChargeComponents{Freight: 100, Fuel: 50}
	b := SpendRow{Date: d(2026, 3, 20), Marketplace: "eBay", Ref: "B", Country: "DE", Units: 2, ChargeableG: 1000,
		Mode: logistics.ModeWarehouse, Option: "WH-DE", Components: logistics.Components{Freight: 500, Storage: 30, Headhaul: 70}}
	b.Invoiced, b.Variance = Cost{560, true}, Cost{-40, true}
	b.ComponentVariance = logistics.ChargeComponents{Freight: -20, Credit: -20}
	c := direct(d(2026, 4, 2), "C", logistics.Components{Freight: 2000})
	dd := SpendRow{Date: d(2026, 4, 10), Marketplace: "Amazon", Ref: "D", Country: "BR", Units: 1, Reason: "nothing serves BR"}
	dd.Invoiced, dd.Variance = Cost{300, true}, Cost{300, true}
	dd.ComponentVariance = logistics.ChargeComponents{Freight: 300}
	e := direct(d(2026, 4, 15), "E", logistics.Components{Freight: 800})
	e.Invoiced = Cost{790, true}
	e.ComponentVariance = logistics.ChargeComponents{Freight: -10}

	meta := spendTestMeta()
	inv := &SpendInvoices{
		Lines: 9, Orders: 5, Tolerance: logistics.DefaultTolerance(), LatestInvoice: d(2026, 5, 1),
		All: InvoiceGroup{Orders: 5, Planned: 2900, Invoiced: 3350, Variance: 450,
			ComponentVariance: logistics.ChargeComponents{Freight: 370, Fuel: 100, Credit: -20}},
		ByCarrier: []InvoiceGroup{
			{Key: "dhl", Orders: 3, Planned: 2300, Invoiced: 2490, Variance: 190, ComponentVariance: logistics.ChargeComponents{Freight: 90, Fuel: 100}},
			{Key: "yanwen", Orders: 2, Planned: 600, Invoiced: 860, Variance: 260, ComponentVariance: logistics.ChargeComponents{Freight: 280, Credit: -20}},
		},
		Unmatched: []UnmatchedLine{{InvoiceLine: logistics.InvoiceLine{Carrier: "dhl", Invoice: "INV-2", InvoiceDate: d(2026, 4, 1),
			Tracking: `=HYPERLINK("http://x","y")`, Charge: logistics.ChargeFreight, Amount: logistics.DecInt(12) + logistics.DecScale/4,
			Currency: "USD", BilledWeightG: 1500}, Row: 7}},
		// dhl DHL-EXP: A and E, planned 19.00, invoiced 20.40 (20.40 ÷ 19.00 =
		// 1.0736842…); fuel 1.50 on freight and surcharges of 18.00 (8.333…%);
		// billed 2.000 kg against 1.600 kg planned (1.25).
		Calibration: []logistics.CalibrationRow{{CalibrationKey: logistics.CalibrationKey{Carrier: "dhl", Service: "DHL-EXP"},
			Orders: 2, Planned: 1900, Invoiced: 2040, Fuel: 150, FuelBase: 1800, BilledG: 2000, PlannedG: 1600, WeightOrders: 2}},
	}
	findings := []InvoiceFinding{
		{Date: a.Date, Marketplace: "Amazon", Ref: "A", Mode: logistics.ModeDirect, Option: "DHL-EXP", Kind: logistics.FindOver,
			Planned: 1100, Invoiced: 1250, Variance: 150, Tolerance: 50,
			Sentence: "invoiced 12.50 EUR against 11.00 EUR planned: 1.50 EUR over, more than the tolerance of 0.50 EUR"},
		{Date: b.Date, Marketplace: "eBay", Ref: "B", Mode: logistics.ModeWarehouse, Option: "WH-DE", Kind: logistics.FindWeight,
			Planned: 600, Invoiced: 560, BilledG: 1500, PlannedG: 1000, Rerated: 580, DataPart: -20, PricePart: -20, Reratable: true,
			Sentence: "billed at 1500 g, planned at 1000 g"},
		{Date: b.Date, Marketplace: "eBay", Ref: "B", Mode: logistics.ModeWarehouse, Option: "WH-DE", Kind: logistics.FindService,
			Service: "=cmd|' /C calc'!A0", Sentence: "billed as another service"},
		{Date: dd.Date, Marketplace: "Amazon", Ref: "D", Kind: logistics.FindUnplanned, Invoiced: 300, Variance: 300,
			Sentence: "invoiced 3.00 EUR for an order without a plan"},
	}
	inv.FindingsByKind[logistics.FindOver] = 1
	inv.FindingsByKind[logistics.FindWeight] = 1
	inv.FindingsByKind[logistics.FindService] = 1
	inv.FindingsByKind[logistics.FindUnplanned] = 1
	meta.Invoices = func() (*SpendInvoices, error) { return inv, nil }
	inv.Findings = func(yield func(*InvoiceFinding) error) error {
		for i := range findings {
			f := findings[i]
			if err := yield(&f); err != nil {
				return err
			}
		}
		return nil
	}
	return []SpendRow{a, b, c, dd, e}, meta, inv
}

func TestWriteSpendInvoicesHandComputed(t *testing.T) {
	rows, meta, _ := invoiceTestCase()
	f := openSpend(t, writeSpendFile(t, meta, rows))
	if got := f.GetSheetList(); got[len(got)-1] != SheetInvoices {
		t.Fatalf("sheets %v: want %s last", got, SheetInvoices)
	}
	near := func(sheet, cell string, want float64) {
		t.Helper()
		if got := rawNumber(t, f, sheet, cell); got < want-0.005 || got > want+0.005 {
			t.Errorf("%s!%s: got %v, want %v", sheet, cell, got, want)
		}
	}
	blank := func(sheet, cell string) {
		t.Helper()
		if v, _ := f.GetCellValue(sheet, cell); v != "" {
			t.Errorf("%s!%s: got %q, want blank", sheet, cell, v)
		}
	}

	// Orders: invoiced and variance per order, blank for C.
	for i, want := range []struct {
		invoiced, variance float64
		ok                 bool
	}{{12.50, 1.50, true}, {5.60, -0.40, true}, {}, {3.00, 3.00, true}, {7.90, -0.10, true}} {
		inv, vr := spendCellName(i+2, ocInvoiced), spendCellName(i+2, ocVariance)
		if !want.ok {
			blank(SheetOrders, inv)
			blank(SheetOrders, vr)
			continue
		}
		near(SheetOrders, inv, want.invoiced)
		near(SheetOrders, vr, want.variance)
	}

	// Summary figures.
	for label, want := range map[string]float64{
		"Invoiced orders": 4,
		"Invoiced cost":   29.00,
		"Invoice variance (invoiced − planned)": 4.00,
		"Planned cost of the invoiced orders":   25.00,
		"Invoice variance, % of planned":        0.16,
	} {
		near(SheetSummary, spendCellName(findRow(t, f, SheetSummary, label, 0), scKPIValue), want)
	}

	// By mode: orders, planned, invoiced, variance, then freight … credit variance.
	byMode := findRow(t, f, SheetInvoices, "Planned against invoiced by mode", 0)
	check := func(from int, label string, want []float64) {
		t.Helper()
		r := findRow(t, f, SheetInvoices, label, from)
		for i, w := range want {
			near(SheetInvoices, spendCellName(r, 2+i), w)
		}
	}
	//               orders planned invoiced variance  %      freight fuel  surch fees duties credit
	check(byMode, "Direct mail", []float64{2, 19.00, 20.40, 1.40, 1.40 / 19, 0.90, 0.50, 0, 0, 0, 0})
	check(byMode, "Overseas warehouse", []float64{1, 6.00, 5.60, -0.40, -0.40 / 6, -0.20, 0, 0, 0, 0, -0.20})
	check(byMode, "Local delivery", []float64{0, 0, 0, 0})
	check(byMode, "Unassignable", []float64{1, 0, 3.00, 3.00})
	check(byMode, spendUnlisted, []float64{1, 4.00, 4.50, 0.50, 0.125, 0, 0.50, 0, 0, 0, 0})
	check(byMode, "Total", []float64{5, 29.00, 33.50, 4.50, 4.50 / 29, 0.90 - 0.20 + 3.00, 1.00, 0, 0, 0, -0.20})
	r := findRow(t, f, SheetInvoices, "Direct mail", byMode)
	if got, _ := f.GetCellFormula(SheetInvoices, spendCellName(r, 4)); !strings.HasPrefix(got, "SUMIFS(Orders!$AB$2:$AB$6,") {
		t.Errorf("Invoices direct invoiced: got formula %q, want SUMIFS over Orders' Invoiced", got)
	}

	byCarrier := findRow(t, f, SheetInvoices, "Planned against invoiced by carrier", 0)
	check(byCarrier, "dhl", []float64{3, 23.00, 24.90, 1.90})
	check(byCarrier, "Total", []float64{5, 29.00, 33.50, 4.50})

	byMonth := findRow(t, f, SheetInvoices, "Planned against invoiced by month of the order (orders of the Orders sheet)", 0)
	// March: A and B; April: D and E (C is not invoiced).
	check(byMonth, "2026-03", []float64{2, 17.00, 18.10, 1.10, 1.10 / 17, 0.80, 0.50, 0, 0, 0, -0.20})
	check(byMonth, "2026-04", []float64{2, 8.00, 10.90, 2.90, 2.90 / 8, 2.90})
	check(byMonth, "Total", []float64{4, 25.00, 29.00, 4.00})

	kinds := findRow(t, f, SheetInvoices, "Findings by kind", 0)
	check(kinds, "over", []float64{1})
	check(kinds, "under", []float64{0})
	check(kinds, "Total", []float64{4})

	cal := findRow(t, f, SheetInvoices, "dhl", findRow(t, f, SheetInvoices, "Calibration per service — the evidence for correcting the rate book", 0))
	near(SheetInvoices, spendCellName(cal, 6), 2040.0/1900)
	near(SheetInvoices, spendCellName(cal, 9), 150.0/1800)
	near(SheetInvoices, spendCellName(cal, 13), 1.25)

	// The unmatched line and the findings; formula-looking text stays text.
	un := findRow(t, f, SheetInvoices, "dhl", findRow(t, f, SheetInvoices, "Unmatched invoice lines — kept until their order arrives", 0))
	near(SheetInvoices, spendCellName(un, 10), 12.25)
	list := findRow(t, f, SheetInvoices, "Order date", 0)
	for _, c := range []struct {
		cell, want string
	}{
		{spendCellName(un, 5), `=HYPERLINK("http://x","y")`},
		{spendCellName(list+1, 3), "A"},
		{spendCellName(list+1, 4), "over"},
		{spendCellName(list+1, ifcMeaning), "invoiced 12.50 EUR against 11.00 EUR planned: 1.50 EUR over, more than the tolerance of 0.50 EUR"},
		{spendCellName(list+3, ifcService), "=cmd|' /C calc'!A0"},
	} {
		if got, _ := f.GetCellValue(SheetInvoices, c.cell); got != c.want {
			t.Errorf("Invoices!%s: got %q, want %q", c.cell, got, c.want)
		}
		if fo, _ := f.GetCellFormula(SheetInvoices, c.cell); fo != "" {
			t.Errorf("Invoices!%s: a formula %q", c.cell, fo)
		}
	}
	// over: planned, invoiced, variance, tolerance; weight: the re-rating split.
	for i, w := range []float64{11.00, 12.50, 1.50, 0.50} {
		near(SheetInvoices, spendCellName(list+1, ifcPlanned+i), w) // planned, invoiced, variance, tolerance
	}
	for col, w := range map[int]float64{ifcBilledKg: 1.5, ifcPlannedKg: 1.0, ifcRerated: 5.80, ifcDataPart: -0.20, ifcPricePart: -0.20} {
		near(SheetInvoices, spendCellName(list+2, col), w)
	}
	// It prints to What it means (M), the findings' header on every page; the
	// columns after it are the screen's.
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope == SheetInvoices {
			names[dn.Name] = dn.RefersTo
		}
	}
	if got, want := names["_xlnm.Print_Area"], "Invoices!$A$1:$M$"+strconv.Itoa(list+4); got != want {
		t.Errorf("Invoices print area: got %q, want %q", got, want)
	}
	if got, want := names["_xlnm.Print_Titles"], fmt.Sprintf("Invoices!$%d:$%d", list, list); got != want {
		t.Errorf("Invoices print titles: got %q, want %q", got, want)
	}
	if h, _ := f.GetCellValue(SheetInvoices, spendCellName(list, ifcPrinted)); h != "What it means" || spendColName(ifcPrinted) != "M" {
		t.Errorf("the last printed column is %s %q, want M, What it means", spendColName(ifcPrinted), h)
	}
	if dim, _ := f.GetSheetDimension(SheetInvoices); !strings.HasSuffix(dim, ":R"+strconv.Itoa(list+4)) {
		t.Errorf("Invoices dimension %s: want it to end at R%d", dim, list+4)
	}
}

// TestWriteSpendInvoicesMiscounted: a findings stream that does not match its
// counts is an error, not a sheet whose counts lie.
func TestWriteSpendInvoicesMiscounted(t *testing.T) {
	rows, meta, inv := invoiceTestCase()
	inv.FindingsByKind[logistics.FindUnder] = 1
	err := WriteSpend(context.Background(), &bytes.Buffer{}, meta, spendSlice(rows), nil)
	if err == nil || !strings.Contains(err.Error(), "findings") {
		t.Fatalf("got %v, want an error about the findings", err)
	}
}

// TestWriteSpendWithoutInvoices: no invoices, no Invoices sheet and no invoice
// figures on the Summary.
func TestWriteSpendWithoutInvoices(t *testing.T) {
	rows, meta, _ := invoiceTestCase()
	meta.Invoices = nil
	for i := range rows {
		rows[i].Invoiced, rows[i].Variance = Cost{}, Cost{}
	}
	f := openSpend(t, writeSpendFile(t, meta, rows))
	if idx, _ := f.GetSheetIndex(SheetInvoices); idx >= 0 {
		t.Errorf("an Invoices sheet without invoices")
	}
	got, err := f.GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if len(r) > 0 && strings.Contains(r[0], "nvoice") {
			t.Errorf("Summary row %q without invoices", r[0])
		}
	}
}

// withInvoices gives the invoiced rows a split of their variance by component and
// returns the reconciliation of such a period: the rows' invoiced orders, one
// cancelled order not in the rows, two carriers, an over or under finding per
// order beyond 0.50, an unmatched line with formula-looking text, calibration per
// mode.
func withInvoices(meta SpendMeta, rows []SpendRow) SpendMeta {
	inv := &SpendInvoices{Tolerance: logistics.DefaultTolerance(), LatestInvoice: logistics.DateOf(2026, 6, 1)}
	carriers := map[string]*InvoiceGroup{"dhl": {Key: "dhl"}, "yanwen": {Key: "yanwen"}}
	cal := map[string]*logistics.CalibrationRow{}
	var findings []InvoiceFinding
	for i := range rows {
		r := &rows[i]
		if !r.Invoiced.Valid {
			continue
		}
		v := r.invoiceVariance().Minor
		r.ComponentVariance = logistics.ChargeComponents{Freight: v - v/3, Fuel: v / 3}
		g := InvoiceGroup{Orders: 1, Planned: r.Invoiced.Minor - v, Invoiced: r.Invoiced.Minor, Variance: v, ComponentVariance: r.ComponentVariance}
		inv.All.add(g)
		inv.Orders++
		inv.Lines += 2
		carrier := []string{"dhl", "yanwen"}[i%2]
		carriers[carrier].add(g)
		if r.Mode != 0 {
			c := cal[r.Option]
			if c == nil {
				c = &logistics.CalibrationRow{CalibrationKey: logistics.CalibrationKey{Carrier: carrier, Service: r.Option}}
				cal[r.Option] = c
			}
			c.Orders++
			c.Planned += g.Planned
			c.Invoiced += g.Invoiced
			c.Fuel += r.Components.Fuel
			c.FuelBase += r.Components.Freight + r.Components.Surcharges
			c.BilledG += r.ChargeableG + 100
			c.PlannedG += r.ChargeableG
			c.WeightOrders++
		}
		if v > 50 || v < -50 {
			k := logistics.FindOver
			if v < 0 {
				k = logistics.FindUnder
			}
			findings = append(findings, InvoiceFinding{Date: r.Date, Marketplace: r.Marketplace, Ref: r.Ref, Mode: r.Mode, Option: r.Option,
				Kind: k, Planned: g.Planned, Invoiced: g.Invoiced, Variance: v, Tolerance: 50, Sentence: "the bill is off by more than 0.50"})
			inv.FindingsByKind[k]++
		}
	}
	cancelled := InvoiceGroup{Orders: 1, Planned: 1000, Invoiced: 1234, Variance: 234, ComponentVariance: logistics.ChargeComponents{Fuel: 234}}
	inv.All.add(cancelled)
	carriers["dhl"].add(cancelled)
	inv.Orders++
	inv.ByCarrier = []InvoiceGroup{*carriers["dhl"], *carriers["yanwen"]}
	for _, k := range []string{"OPT-consolidation", "OPT-direct", "OPT-local", "OPT-warehouse"} {
		if c := cal[k]; c != nil {
			inv.Calibration = append(inv.Calibration, *c)
		}
	}
	inv.Unmatched = []UnmatchedLine{{InvoiceLine: logistics.InvoiceLine{Carrier: "dhl", Invoice: "+INV-9", InvoiceDate: logistics.DateOf(2026, 5, 2),
		Tracking: "@SUM(A1)", OrderRef: `=HYPERLINK("http://x","y")`, Charge: logistics.ChargeSurcharge, Amount: -logistics.DecInt(3),
		Currency: "USD"}, Row: 12, Several: true}}
	inv.Findings = func(yield func(*InvoiceFinding) error) error {
		for i := range findings {
			if err := yield(&findings[i]); err != nil {
				return err
			}
		}
		return nil
	}
	meta.Invoices = func() (*SpendInvoices, error) { return inv, nil }
	return meta
}
