package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
)

// TestWindowInvoicesAgainstARealStore: the window's demo writes the demo invoices
// beside the database; the Invoices screen over the real operations offers them,
// imports them through the import flow, and shows what Reconcile finds — tiles,
// findings, an order's bill; the dashboard's tile opens the screen.
func TestWindowInvoicesAgainstARealStore(t *testing.T) {
	src, svc := realSource(t)
	ctx := context.Background()
	if err := src.Demo(ctx, 1500, func(float64) {}); err != nil {
		t.Fatal(err)
	}
	demoFile := svc.DemoInvoicesPath()
	if !fileExists(demoFile) {
		t.Fatalf("the window's demo wrote no %s", demoFile)
	}
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	q := &queue{}
	sh := startWith(a, w, src, Options{Screen: screenInvoices}, q.run)
	sh.e.showErr = func(err error) { t.Errorf("error shown: %v", err) }
	w.Resize(fyne.NewSize(1280, 800))
	q.drain()
	s := sh.invoices
	if s == nil || screenNames[sh.tabs.SelectedIndex()] != screenInvoices {
		t.Fatal("the window did not open on the Invoices screen")
	}
	if !s.empty.Visible() || !s.demoBtn.Visible() {
		t.Fatal("an empty database: want the hint and the demo's invoices offered")
	}
	test.Tap(s.demoBtn)
	q.drain()
	im := s.importer
	if im.importBtn.Disabled() || len(im.rows) == 0 || !strings.HasPrefix(im.previewMsg.Text, "Layout: Generic") {
		t.Fatalf("demo preview: %q, %d rows", im.previewMsg.Text, len(im.rows))
	}
	test.Tap(im.importBtn)
	q.drain()
	if !strings.Contains(im.result.Text, "lines read =") || !strings.Contains(im.result.Text, "+ 0 rejected") {
		t.Errorf("result %q", im.result.Text)
	}
	v, err := svc.InvoiceOverview(ctx, logistics.NoDate, logistics.NoDate, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.main.Visible() || s.invoiced.value.Text != money(v.Invoiced+v.UnplannedInvoiced, v.Currency) ||
		s.over.value.Text != count(v.Findings[logistics.FindOver]) || s.lost.value.Text != count(len(v.Unmatched)) {
		t.Errorf("tiles: %q %q %q; want the reconciliation's %d over, %d unmatched", s.invoiced.value.Text, s.over.value.Text,
			s.lost.value.Text, v.Findings[logistics.FindOver], len(v.Unmatched))
	}
	total := 0
	for _, n := range v.Findings {
		total += n
	}
	if len(s.rows) != total || total == 0 {
		t.Fatalf("got %d rows, want %d findings", len(s.rows), total)
	}
	// the first row, the bill that differs most, opens on its invoice lines
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	q.drain()
	p := s.detail
	if p == nil || p.current == nil || p.center.Objects[0] != p.tabs || len(p.current.Invoice.Lines) == 0 {
		t.Fatal("the first finding's order opened without its bill")
	}
	if want := v.Flagged[0].Reconciliation; p.current.Invoice.Invoiced != want.Invoiced || p.current.Invoice.Variance != want.Variance {
		t.Errorf("bill: invoiced %d variance %d, want %d %d", p.current.Invoice.Invoiced, p.current.Invoice.Variance, want.Invoiced, want.Variance)
	}
	if !strings.HasPrefix(p.invoice.summary.Text, "Invoiced ") {
		t.Errorf("summary %q", p.invoice.summary.Text)
	}
	// the dashboard's tile: invoiced against planned, and back to this screen on its period
	sh.selectScreen(screenDashboard)
	q.drain()
	d := sh.dashboard
	if d.invoiced.value.Text != money(v.Invoiced, v.Currency) {
		t.Errorf("dashboard: got %q, want %s", d.invoiced.value.Text, money(v.Invoiced, v.Currency))
	}
	d.periodSel.SetSelectedIndex(6) // last year
	q.drain()
	test.Tap(d.invoiced)
	q.drain()
	if screenNames[sh.tabs.SelectedIndex()] != screenInvoices || s.period != periodOf("period.lastYear", sh.e.today()) {
		t.Errorf("the tile opened %s on %v", screenNames[sh.tabs.SelectedIndex()], s.period)
	}
}
