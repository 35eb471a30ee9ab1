package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shipmode/demo"
	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// fakeInvoices is the carrier invoices of a fakeStore.
type fakeInvoices struct {
	overview ops.InvoiceOverview
	asked    []period // the periods of every InvoiceOverview

	preview      invoicePreview
	previewPaths []string
	opts         []ingest.InvoiceOptions
	result       ops.ImportInvoicesResult
	imports      int
	imported     *ops.InvoiceOverview // the overview once an import ran
}

func (f *fakeStore) InvoiceOverview(ctx context.Context, from, to logistics.Date) (ops.InvoiceOverview, error) {
	f.inv.asked = append(f.inv.asked, period{from, to})
	return f.inv.overview, nil
}

func (f *fakeStore) InvoiceTotals(ctx context.Context, from, to logistics.Date) (ops.ReconcileResult, bool, error) {
	return f.inv.overview.ReconcileResult, f.inv.overview.Invoices, nil
}

func (f *fakeStore) PreviewInvoices(ctx context.Context, path string, opt ingest.InvoiceOptions) (invoicePreview, error) {
	f.inv.previewPaths = append(f.inv.previewPaths, path)
	f.inv.opts = append(f.inv.opts, opt)
	return f.inv.preview, nil
}

func (f *fakeStore) ImportInvoices(ctx context.Context, path string, opt ingest.InvoiceOptions, progress func(float64)) (ops.ImportInvoicesResult, error) {
	f.inv.opts = append(f.inv.opts, opt)
	if err := ctx.Err(); err != nil {
		return ops.ImportInvoicesResult{}, err
	}
	f.inv.imports++
	progress(1)
	if f.inv.imported != nil {
		f.inv.overview = *f.inv.imported
	}
	return f.inv.result, nil
}

// billedOrder is an order of the invoice fake: where it goes, and the invoice
// lines its bill has, made from its chosen option's components.
type billedOrder struct {
	id          int64
	marketplace string
	ref         string
	date        logistics.Date
	country     string
	sku         string
	lines       func(c logistics.Option) []logistics.InvoiceLine
}

// invoiceFake gives f the carrier invoices of a seller on the demo rate book: each
// order is quoted by the engine, billed by lines made from its chosen option, and
// reconciled by the engine — real findings with their sentences — plus an order
// shipped and never billed and two unmatched lines. It returns the quoted options.
func invoiceFake(t testing.TB, f *fakeStore) map[string]logistics.Option {
	t.Helper()
	rb := demo.RateBook()
	eng, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	day := logistics.DateOf(2026, 6, 1)
	line := func(carrier, number string, c logistics.Charge, minor int64, g int64, service string) logistics.InvoiceLine {
		return logistics.InvoiceLine{Carrier: carrier, Invoice: number, InvoiceDate: day, Charge: c,
			Amount: logistics.Dec(minor * 10_000_000), Currency: "USD", BilledWeightG: g, Service: service}
	}
	// freight bills the planned components (freight with extra more), one line each
	freight := func(carrier, number string, c logistics.Option, extra int64) []logistics.InvoiceLine {
		p := logistics.PlannedCharges(c.Components)
		ls := []logistics.InvoiceLine{line(carrier, number, logistics.ChargeFreight, p.Freight+extra, c.ChargeableG, "")}
		for _, part := range []struct {
			charge logistics.Charge
			amount int64
		}{{logistics.ChargeFuel, p.Fuel}, {logistics.ChargeSurcharge, p.Surcharges}, {logistics.ChargeFee, p.Fees}, {logistics.ChargeDuty, p.Duties}} {
			if part.amount != 0 {
				ls = append(ls, line(carrier, number, part.charge, part.amount, 0, ""))
			}
		}
		return ls
	}
	orders := []billedOrder{
		{101, "amazon", "113-4455667-1234567", logistics.DateOf(2026, 5, 12), "US", "KEYBOARD-MECH", func(c logistics.Option) []logistics.InvoiceLine {
			// a remote-area surcharge the plan did not expect: over
			return append(freight("dhl", "DHL-2026-05", c, 0), line("dhl", "DHL-2026-05", logistics.ChargeSurcharge, 1450, 0, ""))
		}},
		{102, "ebay", "12-09876-54321", logistics.DateOf(2026, 5, 14), "GB", "YOGA-MAT", func(c logistics.Option) []logistics.InvoiceLine {
			// billed 900 g heavier: weight, re-rated
			ls := freight("yunexpress", "YT-2605", c, 420)
			ls[0].BilledWeightG = c.ChargeableG + 900
			return ls
		}},
		{103, "shopify", "#1043", logistics.DateOf(2026, 5, 18), "DE", "TEAPOT-CI", func(c logistics.Option) []logistics.InvoiceLine {
			// freight on May's invoice and again on June's: duplicate (and over)
			return append(freight("dhl", "DHL-2026-05", c, 0), line("dhl", "DHL-2026-06", logistics.ChargeFreight, c.Components.Freight, 0, ""))
		}},
		{104, "amazon", "114-2233445-7654321", logistics.DateOf(2026, 5, 20), "FR", "HOODIE", func(c logistics.Option) []logistics.InvoiceLine {
			// a credit note for a late delivery: under
			return append(freight("yunexpress", "YT-2605", c, 0), line("yunexpress", "YT-2605", logistics.ChargeCredit, -650, 0, ""))
		}},
		{105, "ebay", "12-11111-22222", logistics.DateOf(2026, 5, 21), "US", "MUG-350", func(c logistics.Option) []logistics.InvoiceLine {
			// billed under another service than planned
			ls := freight("4px", "4PX-0601", c, 0)
			ls[0].Service = "4PX-ECONOMY"
			return ls
		}},
	}
	var v ops.InvoiceOverview
	v.Currency, v.Tolerance, v.Invoices = "USD", logistics.DefaultTolerance(), true
	v.LatestInvoice = day
	top := ops.TopFindings{}
	chosen := map[string]logistics.Option{}
	f.details = map[int64]orderDetail{}
	carriers := map[string]bool{}
	for _, b := range orders {
		o := logistics.Order{Ref: b.ref, Marketplace: b.marketplace, Date: b.date, Country: b.country, Currency: "USD",
			Lines: []logistics.Line{{SKU: b.sku, Qty: 1, UnitPrice: logistics.DecInt(40)}}}
		d := eng.Quote(o, nil)
		c, ok := d.ChosenOption()
		if !ok {
			t.Fatalf("%s: no option for %s to %s", b.ref, b.sku, b.country)
		}
		chosen[b.ref] = c
		lines := b.lines(c)
		r := eng.Reconcile(logistics.ReconcileInput{Order: &o, Planned: true, Chosen: c, Lines: lines}, v.Tolerance)
		ro := ops.ReconciledOrder{OrderID: b.id, Ref: b.ref, Marketplace: b.marketplace, Date: b.date, Mode: c.Mode, Option: c.ID,
			Lines: len(lines), Reconciliation: r}
		top.Add(&ro)
		v.MatchedOrders++
		v.Lines += len(lines)
		v.Planned += r.Planned
		v.Invoiced += r.Invoiced
		v.Variance += r.Variance
		for _, fd := range r.Findings {
			v.Findings[fd.Kind]++
		}
		carriers[r.Carrier] = true
		inv := ops.OrderInvoice{Currency: "USD", Reconciled: true, HasPlan: true, Reconciliation: r}
		for i, l := range lines {
			inv.Lines = append(inv.Lines, ops.OrderInvoiceLine{InvoicedLine: store.InvoicedLine{InvoiceLine: l, ID: int64(i + 1), Row: i + 2},
				Base: int64(l.Amount) / 10_000_000, Converted: true})
		}
		dec := d
		f.details[b.id] = orderDetail{Order: store.Order{ID: b.id, Order: o, Status: logistics.Shipped}, Decision: &dec, Invoice: inv}
	}
	v.Flagged = top.Orders()
	nb := eng.NotBilledFinding(logistics.DateOf(2026, 3, 2), day, logistics.ModeDirect, "CN-POST", 1875)
	v.Findings[nb.Kind]++
	v.Flagged = append(v.Flagged, ops.ReconciledOrder{OrderID: 106, Ref: "113-0000000-0000106", Marketplace: "amazon",
		Date: logistics.DateOf(2026, 3, 2), Mode: logistics.ModeDirect, Option: "CN-POST",
		Reconciliation: logistics.Reconciliation{Planned: 1875, Variance: -1875, Findings: []logistics.Finding{nb}}})
	un := func(carrier, number, tracking string, several bool) store.UnmatchedLine {
		return store.UnmatchedLine{InvoicedLine: store.InvoicedLine{InvoiceLine: line(carrier, number, logistics.ChargeFreight, 735, 0, ""), Row: 41}, Several: several}
	}
	v.Unmatched = []store.UnmatchedLine{un("dhl", "DHL-2026-06", "JD014600001234", false), un("yunexpress", "YT-2605", "YT2605000042", true)}
	v.Unmatched[0].Tracking, v.Unmatched[1].OrderRef = "JD014600001234", "12-99999-00000"
	carriers["dhl"], carriers["yunexpress"] = true, true
	for c := range carriers {
		v.Carriers = append(v.Carriers, c)
	}
	slices.Sort(v.Carriers)
	f.inv.overview = v
	return chosen
}

// TestInvoicesScreenEmptyOffersTheDemo: on a database without invoices the screen
// says how to start; the demo's invoice file beside the database is offered, and
// the offer opens the import on it with its preview.
func TestInvoicesScreenEmptyOffersTheDemo(t *testing.T) {
	for _, c := range []struct {
		lang, title string
		demo        bool
	}{
		{langEnglish, "No carrier invoices yet", true},
		{langChinese, "还没有承运商账单", true},
		{langEnglish, "No carrier invoices yet", false},
	} {
		t.Run(c.lang, func(t *testing.T) {
			dir := t.TempDir()
			f := &fakeStore{}
			f.inv.preview = invoicePreview{InvoicePreview: ingest.InvoicePreview{Format: ingest.InvoiceGeneric, Header: []string{"carrier"}}}
			src := sourceOf(f)
			demoFile := filepath.Join(dir, "demo-invoices.csv")
			src.DemoInvoices = demoFile
			if c.demo {
				if err := os.WriteFile(demoFile, []byte("carrier\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			h := newHarness(t)
			h.e.tr = newTranslator(c.lang)
			s := newInvoicesScreen(h.e, src)
			h.show(s.content())
			h.q.drain()
			h.noErrors()
			if !s.empty.Visible() || s.main.Visible() {
				t.Fatalf("empty %v, main %v: want the hint alone", s.empty.Visible(), s.main.Visible())
			}
			if !hasText(s.root, c.title) {
				t.Errorf("no %q", c.title)
			}
			if got := s.demoBtn.Visible(); got != c.demo {
				t.Fatalf("demo offered: got %v, want %v", got, c.demo)
			}
			if !c.demo {
				return
			}
			if !strings.Contains(s.emptyText.Text, demoFile) {
				t.Errorf("got %q, want it to name %s", s.emptyText.Text, demoFile)
			}
			test.Tap(s.demoBtn)
			h.q.drain()
			h.noErrors()
			if n := len(f.inv.previewPaths); n == 0 || f.inv.previewPaths[n-1] != demoFile || s.importer == nil || s.importer.importBtn.Disabled() {
				t.Errorf("previewed %v: want the demo file, ready to import", f.inv.previewPaths)
			}
		})
	}
}

// TestInvoicesScreenTilesAndFilters: the tiles of the fake's period, the findings
// the ones that differ most first, filtered by kind and carrier; the unmatched tile
// lists the unmatched lines; the period picker reconciles that period.
func TestInvoicesScreenTilesAndFilters(t *testing.T) {
	f := &fakeStore{}
	invoiceFake(t, f)
	v := &f.inv.overview
	h := newHarness(t)
	s := newInvoicesScreen(h.e, sourceOf(f))
	h.show(s.content())
	h.q.drain()
	h.noErrors()
	if s.empty.Visible() || !s.main.Visible() {
		t.Fatal("the hint is shown although there are invoices")
	}
	if got, want := s.invoiced.value.Text, money(v.Invoiced, "USD"); got != want {
		t.Errorf("invoiced tile: got %q, want %q", got, want)
	}
	if got, want := s.variance.value.Text, signedMoney(v.Variance, "USD"); got != want || !strings.HasPrefix(got, "+") {
		t.Errorf("variance tile: got %q, want %q (more billed than planned)", got, want)
	}
	if got, want := s.over.value.Text, count(v.Findings[logistics.FindOver]); got != want || want == "0" {
		t.Errorf("over tile: got %q, want %q", got, want)
	}
	if got := s.lost.value.Text; got != "2" {
		t.Errorf("unmatched tile: got %q, want 2", got)
	}
	// every finding, of the order that differs most first
	total := 0
	for _, n := range v.Findings {
		total += n
	}
	if len(s.rows) != total || s.countLabel.Text != count(total)+" findings" {
		t.Fatalf("got %d rows (%q), want %d", len(s.rows), s.countLabel.Text, total)
	}
	for i := 1; i < len(s.rows); i++ {
		a, b := s.rows[i-1].order, s.rows[i].order
		wa, oka := ops.Ranked(a)
		wb, okb := ops.Ranked(b)
		if okb && (!oka || wa < wb) {
			t.Errorf("row %d (%s, %d) before row %d (%s, %d)", i-1, a.Ref, wa, i, b.Ref, wb)
		}
	}
	if got := s.cellText(len(s.rows)-1, 3); got != "Not billed" {
		t.Errorf("last row: got %q, want the order not billed", got)
	}
	if got := s.kindSel.Options[int(logistics.FindOver)]; got != "Over tolerance ("+count(v.Findings[logistics.FindOver])+")" {
		t.Errorf("kind choice: got %q", got)
	}
	// kind: weight — the one order billed heavier, its sentence with the split
	s.kindSel.SetSelectedIndex(int(logistics.FindWeight))
	if len(s.rows) != 1 || s.rows[0].order.Ref != "12-09876-54321" {
		t.Fatalf("weight: got %d rows", len(s.rows))
	}
	w := s.rows[0].finding
	if want := count(int(w.BilledG)) + " g billed, " + count(int(w.PlannedG)) + " g planned · data " + signedMoney(w.DataPart, "") +
		" · price " + signedMoney(w.PricePart, ""); s.cellText(0, 7) != want || !w.Reratable {
		t.Errorf("weight detail: got %q, want %q", s.cellText(0, 7), want)
	}
	// carrier: dhl, any kind
	s.kindSel.SetSelectedIndex(0)
	s.carrierSel.SetSelected("dhl")
	for _, r := range s.rows {
		if r.order.Carrier != "dhl" {
			t.Errorf("carrier dhl: got a row of %q", r.order.Carrier)
		}
	}
	if len(s.rows) == 0 {
		t.Error("carrier dhl: no rows")
	}
	// the unmatched tile: the unmatched lines of dhl
	test.Tap(s.lost)
	if s.kindSel.SelectedIndex() != kindUnmatched || len(s.unmatched) != 1 || s.countLabel.Text != "1 unmatched line" {
		t.Errorf("unmatched tile: kind %d, %d lines, %q", s.kindSel.SelectedIndex(), len(s.unmatched), s.countLabel.Text)
	}
	if got := s.cellText(0, 3); got != "JD014600001234" {
		t.Errorf("unmatched tracking: got %q", got)
	}
	if got := s.cellText(0, 8); got != "No order has its tracking number or reference (yet)" {
		t.Errorf("unmatched reason: got %q", got)
	}
	test.Tap(s.over)
	if s.kindSel.SelectedIndex() != int(logistics.FindOver) {
		t.Errorf("over tile: kind %d", s.kindSel.SelectedIndex())
	}
	// the period picker reconciles that period, and keeps the filters
	s.periodSel.SetSelectedIndex(6) // last year
	h.q.drain()
	h.noErrors()
	if last := f.inv.asked[len(f.inv.asked)-1]; last != (period{logistics.DateOf(2025, 1, 1), logistics.DateOf(2025, 12, 31)}) {
		t.Errorf("asked %v, want 2025", last)
	}
	if s.carrier != "dhl" || s.kind != int(logistics.FindOver) {
		t.Errorf("after a new period: carrier %q kind %d", s.carrier, s.kind)
	}
}

// TestInvoicesRowOpensTheOrder: a finding's row opens the order's detail on its
// bill: the invoice lines, invoiced against planned and the split of the
// difference from the re-rating.
func TestInvoicesRowOpensTheOrder(t *testing.T) {
	f := &fakeStore{}
	chosen := invoiceFake(t, f)
	h := newHarness(t)
	s := newInvoicesScreen(h.e, sourceOf(f))
	h.show(s.content())
	h.q.drain()
	s.kindSel.SetSelectedIndex(int(logistics.FindWeight))
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	h.q.drain()
	h.noErrors()
	p := s.detail
	if p == nil || p.current == nil {
		t.Fatal("no order detail opened")
	}
	if p.center.Objects[0] != p.tabs || p.tabs.Selected() != p.invoiceTab {
		t.Fatal("the detail does not open on the bill")
	}
	bill := f.details[102].Invoice
	inv := &bill
	if p.invoiceTab.Text != "Carrier invoice ("+count(len(inv.Lines))+" lines)" || len(inv.Lines) < 2 {
		t.Errorf("tab: got %q", p.invoiceTab.Text)
	}
	c := chosen["12-09876-54321"]
	// the bill: freight + 4.20 and the planned fuel; billed 900 g over the chargeable weight
	want := "Invoiced " + money(c.Total+420, "USD") + " against " + money(c.Total, "USD") + " planned: +4.20 USD (" + signedPercent(420, c.Total) + ")."
	want += " Beyond the tolerance of 0.50 USD." // max(0.50, 2 % of planned): planned is below 25.00
	if got := strings.Split(p.invoice.summary.Text, "\n")[0]; got != want || c.Total >= 2500 {
		t.Errorf("summary: got %q, want %q", got, want)
	}
	// billed 900 g heavier: re-rated; data = re-rated - planned, price = invoiced - re-rated
	split := "Billed at " + count(int(c.ChargeableG+900)) + " g against " + count(int(c.ChargeableG)) + " g planned; re-rated at that weight the plan would have cost " +
		money(inv.Rerated, "USD") + ": of the difference, " + signedMoney(inv.Rerated-c.Total, "USD") + " comes from our data (weights or dimensions) and " +
		signedMoney(c.Total+420-inv.Rerated, "USD") + " from the carrier's price."
	if !inv.Reratable || !strings.Contains(p.invoice.summary.Text, split) {
		t.Errorf("summary %q: want the split %q", p.invoice.summary.Text, split)
	}
	if got := p.invoice.cellText(0, 6); got != count(int(c.ChargeableG+900))+" g" {
		t.Errorf("billed weight: got %q", got)
	}
	if got := p.invoice.cellText(0, 3); got != "Freight" {
		t.Errorf("charge: got %q", got)
	}
}

// TestInvoiceImportDialog: the invoice import goes through the import flow: the
// preview of a file whose columns are not known asks for the missing fields, the
// import says lines read = matched + unmatched + rejected, offers the rejected
// rows and reloads the screen.
func TestInvoiceImportDialog(t *testing.T) {
	f := &fakeStore{}
	invoiceFake(t, f)
	imported := f.inv.overview
	f.inv.overview = ops.InvoiceOverview{}
	f.inv.imported = &imported
	f.inv.preview = invoicePreview{InvoicePreview: ingest.InvoicePreview{Format: ingest.InvoiceGeneric,
		Header: []string{"Carrier", "Bill No", "Invoice Date", "Waybill", "Fee", "Cur"}, Fields: map[string]string{"carrier": "Carrier"},
		Missing: []string{"invoice_number", "invoice_date", "amount", "currency", "tracking"}}}
	f.inv.result = ops.ImportInvoicesResult{RejectedFile: "/tmp/bill.csv.rejected.csv",
		Read:   ingest.InvoicesResult{File: "bill.csv", RowsRead: 12, Rejected: []ingest.RowError{{Line: 4}}},
		Stored: store.InvoiceImportResult{New: 2, RowsMatched: 9, RowsUnmatched: 2, Lines: 11, Matched: 9, Unmatched: 2}}
	h := newHarness(t)
	s := newInvoicesScreen(h.e, sourceOf(f))
	h.show(s.content())
	h.q.drain()
	if !s.empty.Visible() {
		t.Fatal("want the empty hint first")
	}
	s.openImport("/tmp/bill.csv")
	h.q.drain()
	h.noErrors()
	im := s.importer
	if !im.mapBox.Visible() || !im.importBtn.Disabled() {
		t.Fatal("no mapping step for missing fields")
	}
	want := "Tell Shipmode which column holds each field. Required fields without a column: Invoice number, Invoice date, Amount, Currency, Tracking number or order reference."
	if im.previewMsg.Text != want {
		t.Errorf("got %q\nwant %q", im.previewMsg.Text, want)
	}
	if im.mapSels["carrier"].Selected != "Carrier" || im.mapSels["invoice_date"].Selected != "Invoice Date" || im.mapSels["invoice_number"].Selected != "(not in the file)" {
		t.Errorf("first choices: carrier %q, invoice_date %q, invoice_number %q", im.mapSels["carrier"].Selected,
			im.mapSels["invoice_date"].Selected, im.mapSels["invoice_number"].Selected)
	}
	// the fields mapped, the preview has nothing missing
	f.inv.preview.Missing = nil
	f.inv.preview.Lines = ingest.InvoiceLines{{Row: 2, InvoiceLine: logistics.InvoiceLine{Carrier: "dhl", Invoice: "B-1",
		InvoiceDate: logistics.DateOf(2026, 6, 1), Tracking: "JD1", Charge: logistics.ChargeFreight, Amount: logistics.DecInt(12), Currency: "USD"}}}
	im.mapSels["amount"].SetSelected("Fee")
	h.q.drain()
	if opt := f.inv.opts[len(f.inv.opts)-1]; opt.Map["amount"] != "Fee" || opt.Map["carrier"] != "Carrier" {
		t.Errorf("options: got map %v", opt.Map)
	}
	if im.importBtn.Disabled() || im.rows[0][6] != "12.00 USD" || im.rows[0][5] != "Freight" {
		t.Fatalf("preview rows %v, import disabled %v", im.rows, im.importBtn.Disabled())
	}
	test.Tap(im.importBtn)
	if !im.bar.Visible() || !im.cancelBtn.Visible() {
		t.Error("no progress and Cancel while importing")
	}
	h.q.drain()
	h.noErrors()
	if want := "bill.csv: 12 lines read = 9 matched + 2 unmatched + 1 rejected. 2 invoices: 2 new, 0 unchanged, 0 re-issued."; im.result.Text != want {
		t.Errorf("result: got %q\nwant %q", im.result.Text, want)
	}
	test.Tap(im.openRej)
	if len(h.opened) != 1 || h.opened[0] != "/tmp/bill.csv.rejected.csv" {
		t.Errorf("opened %v", h.opened)
	}
	if !s.main.Visible() || s.lost.value.Text != "2" {
		t.Errorf("after the import the screen shows the invoices: main %v, unmatched %q", s.main.Visible(), s.lost.value.Text)
	}
	// Cancel before the work runs: nothing imported
	n := f.inv.imports
	test.Tap(im.importBtn)
	test.Tap(im.cancelBtn)
	h.q.drain()
	if f.inv.imports != n || im.result.Text != "Import cancelled. Nothing was changed." {
		t.Errorf("after Cancel: %d imports, %q", f.inv.imports-n, im.result.Text)
	}
}

// TestDashboardInvoicedTile: without invoices the tile says to import one; with
// them, invoiced against planned; it opens the Invoices screen on its period.
func TestDashboardInvoicedTile(t *testing.T) {
	f := &fakeStore{}
	h := newHarness(t)
	var went []string
	h.e.navigate = func(screen string, flt store.OrderFilter) { went = append(went, screen) }
	s := newDashboardScreen(h.e, sourceOf(f))
	h.show(s.content())
	h.q.drain()
	h.noErrors()
	if s.invoiced.value.Text != "–" || s.invoiced.note.Text != "No invoices yet — import one on the Invoices screen" {
		t.Errorf("no invoices: got %q, %q", s.invoiced.value.Text, s.invoiced.note.Text)
	}
	invoiceFake(t, f)
	s.load()
	h.q.drain()
	v := f.inv.overview
	if want := money(v.Invoiced, "USD"); s.invoiced.value.Text != want {
		t.Errorf("invoiced: got %q, want %q", s.invoiced.value.Text, want)
	}
	if want := "planned " + money(v.Planned, "USD") + " · " + signedMoney(v.Variance, "USD") + " (" + signedPercent(v.Variance, v.Planned) + ")"; s.invoiced.note.Text != want {
		t.Errorf("note: got %q, want %q", s.invoiced.note.Text, want)
	}
	test.Tap(s.invoiced)
	if len(went) != 1 || went[0] != screenInvoices {
		t.Errorf("went to %v, want the invoices screen", went)
	}
}

// TestOrderDetailTabsOnlyWithInvoices: the orders screen's detail of an order
// without invoice lines shows the comparison alone; of one with lines, the
// comparison first and the bill in a second tab.
func TestOrderDetailTabsOnlyWithInvoices(t *testing.T) {
	f := detailFake()
	h, s := newOrdersHarness(t, f)
	h.q.drain()
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	h.q.drain()
	h.noErrors()
	p := s.detail
	if p.center.Objects[0] != p.optionsBox {
		t.Fatal("tabs shown for an order without invoice lines")
	}
	g := &fakeStore{}
	invoiceFake(t, g)
	d := f.details[1]
	d.Invoice = g.details[101].Invoice
	f.details[1] = d
	s.table.Select(widget.TableCellID{Row: 1, Col: 0})
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	h.q.drain()
	h.noErrors()
	if p.center.Objects[0] != p.tabs || p.tabs.Selected() != p.compareTab || p.compareTab.Content != p.optionsBox {
		t.Fatal("an order with invoice lines: want the comparison first, in tabs")
	}
	if !strings.Contains(strings.Split(p.invoice.summary.Text, "\n")[0], "Beyond the tolerance of ") {
		t.Errorf("summary %q: want the over finding on its first line", p.invoice.summary.Text)
	}
}

// TestInvoiceTextsInChinese: the finding sentences, the bill's summary and the
// kinds are Chinese in the Chinese interface, apart from the numbers and ids.
func TestInvoiceTextsInChinese(t *testing.T) {
	f := &fakeStore{}
	invoiceFake(t, f)
	e := &env{tr: newTranslator(langChinese)}
	for _, o := range f.inv.overview.Flagged {
		for i := range o.Findings {
			got := e.findingText(&o.Findings[i])
			if left := englishLeft(maskValues(got, "", &o.Findings[i].Detail)); len(left) > 0 {
				t.Errorf("%s %s: got %q: %v left in English", o.Ref, o.Findings[i].Kind, got, left)
			}
		}
	}
	inv := f.details[102].Invoice
	got := e.invoiceSummary(&inv)
	if !strings.HasPrefix(got, "账单金额 ") || !strings.Contains(got, "来自我们的数据") || !strings.Contains(got, "超出容差") {
		t.Errorf("summary: %q", got)
	}
}

func TestBilledAmount(t *testing.T) {
	tests := []struct {
		d    logistics.Dec
		cur  string
		want string
	}{
		{logistics.Dec(171_700_000_000), "USD", "171.70 USD"},    // 171.7: two minor digits
		{logistics.Dec(125_000_000), "USD", "0.125 USD"},         // a third decimal as billed stays
		{logistics.DecInt(1234), "JPY", "1,234 JPY"},             // no minor digits
		{-logistics.DecInt(3), "EUR", "-3.00 EUR"},               // a credit
		{logistics.DecInt(1_234_567), "CNY", "1,234,567.00 CNY"}, // grouped
	}
	for _, tt := range tests {
		if got := billedAmount(tt.d, tt.cur); got != tt.want {
			t.Errorf("billedAmount(%s, %s): got %q, want %q", tt.d, tt.cur, got, tt.want)
		}
	}
}

// TestFindingShort: the table's few words of each kind, the duplicate's invoices
// without the order's carrier.
func TestFindingShort(t *testing.T) {
	e := &env{tr: newTranslator(langEnglish)}
	tests := []struct {
		f    logistics.Finding
		want string
	}{
		{logistics.Finding{Kind: logistics.FindOver, Tolerance: 501}, "beyond the tolerance of 5.01 USD"},
		{logistics.Finding{Kind: logistics.FindWeight, BilledG: 16100, PlannedG: 11500, Reratable: true, DataPart: 8100, PricePart: -72},
			"16,100 g billed, 11,500 g planned · data +81.00 · price -0.72"},
		{logistics.Finding{Kind: logistics.FindWeight, BilledG: 900, PlannedG: 500}, "900 g billed, 500 g planned · cannot be re-rated"},
		{logistics.Finding{Kind: logistics.FindDuplicate, Invoices: []string{"dhl D-1", "ups U-9"}}, "freight on D-1, ups U-9"},
		{logistics.Finding{Kind: logistics.FindService, Service: "4PX-ECONOMY", Option: "4PX-EXP"}, "billed as 4PX-ECONOMY, planned 4PX-EXP"},
		{logistics.Finding{Kind: logistics.FindNotBilled, OrderDate: logistics.DateOf(2026, 3, 2), LatestBill: logistics.DateOf(2026, 6, 1)},
			"no bill 91 days later (latest invoice 2026-06-01)"}, // 30 (to April 1) + 30 (to May 1) + 31 (to June 1)
	}
	for _, tt := range tests {
		if got := e.findingShort(&tt.f, "dhl", "USD"); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.f.Kind, got, tt.want)
		}
	}
}

// TestInvoicePreviewShowsRawRowsAndRememberedMapping: the mapping step of an
// invoice file shows its rows as they are, and a mapping kept for its layout
// (columns and values for every row) ready to import.
func TestInvoicePreviewShowsRawRowsAndRememberedMapping(t *testing.T) {
	h := newHarness(t)
	s := newInvoiceImport(h.e, nil)
	p := &invoicePreview{InvoicePreview: ingest.InvoicePreview{Header: []string{"Rechnung", "Sendung"}},
		RawRows: [][]string{{"R-1", "JD1"}}, RawLines: []int{2}, Remembered: true,
		Mapping: ops.Mapping{Map: map[string]string{"invoice_number": "Rechnung"}, Set: map[string]string{"carrier": "dpd"}}}
	sh := s.shown(p)
	if !sh.remembered || sh.guess["invoice_number"] != "Rechnung" || sh.guess["carrier"] != "=dpd" {
		t.Errorf("got remembered %v, guess %v", sh.remembered, sh.guess)
	}
	if len(sh.raw) != 1 || sh.raw[0][1] != "JD1" || sh.rawLines[0] != 2 {
		t.Errorf("got raw %v at %v, want the file's row", sh.raw, sh.rawLines)
	}
	res := ops.ImportInvoicesResult{Remembered: true}
	if r := s.reported(&res); !strings.Contains(r.text, "The column mapping is kept") {
		t.Errorf("report %q does not say the mapping is kept", r.text)
	}
}
