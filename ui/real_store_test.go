package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
	"shipmode/store"
)

// realSource is the screens' source over the operations on a real database file.
func realSource(t *testing.T) (source, *ops.Service) {
	t.Helper()
	svc, err := ops.Open(context.Background(), filepath.Join(t.TempDir(), "shop.db"), "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return newSource(Deps{Ops: svc}), svc
}

// TestWindowImportCancelsAgainstARealStore: the Import screen over the real
// operations and store imports a file, then a file that cancels one of its orders;
// the order is cancelled in the database, and a plan leaves it out.
func TestWindowImportCancelsAgainstARealStore(t *testing.T) {
	src, svc := realSource(t)
	ctx := context.Background()
	if _, err := svc.ImportRateBook(ctx, filepath.Join("..", "cli", "testdata", "examples", "ratebook.xlsx"), nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const header = "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days,status\n"
	first := filepath.Join(dir, "orders.csv")
	cancel := filepath.Join(dir, "cancel.csv")
	for path, body := range map[string]string{
		first:  header + "ORD-1,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,,\nORD-2,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,,\n",
		cancel: header + "ORD-1,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,,cancelled\n",
	} {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t)
	s := newImportScreen(h.e, src)
	h.show(s.content())
	for _, path := range []string{first, cancel} {
		s.onFile(path)
		h.q.drain()
		h.noErrors()
		test.Tap(s.importBtn)
		h.q.drain()
		h.noErrors()
	}
	if !strings.Contains(s.result.Text, "1 order cancelled") {
		t.Errorf("got result %q, want it to say an order was cancelled", s.result.Text)
	}
	o, err := svc.DB().FindOrder(ctx, "ebay", "ORD-1")
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != logistics.Cancelled {
		t.Fatalf("got ORD-1 %v, want cancelled", o.Status)
	}
	if _, err := svc.Plan(ctx, ops.PlanRequest{}, nil); err != nil {
		t.Fatal(err)
	}
	n, err := svc.DB().CountOrders(ctx, store.OrderFilter{Planned: true})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("got %d planned orders, want 1 (ORD-2; ORD-1 is cancelled)", n)
	}
}

// TestWindowHandoffAgainstARealStore: the Reports screen's label-tool export over
// the real operations writes the assigned open orders and says what it left out.
func TestWindowHandoffAgainstARealStore(t *testing.T) {
	src, svc := realSource(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 2000, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	want, err := svc.DB().CountOrders(ctx, store.OrderFilter{Status: logistics.Open, Planned: true})
	if err != nil {
		t.Fatal(err)
	}
	unassignable, _ := svc.DB().CountOrders(ctx, store.OrderFilter{Status: logistics.Open, Unassignable: true})
	h := newHarness(t)
	s := newReportsScreen(h.e, src)
	h.w.SetContent(s.content())
	h.q.drain()
	path := filepath.Join(t.TempDir(), "handoff.csv")
	s.onHandoff(path)
	h.q.drain()
	h.noErrors()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(b), "\n"); lines != want-unassignable+1 {
		t.Errorf("got %d lines, want a header and %d orders", lines, want-unassignable)
	}
	if !strings.Contains(s.status.Text, "open orders with their mode, carrier and service") || (unassignable > 0) != strings.Contains(s.status.Text, "Left out") {
		t.Errorf("status %q", s.status.Text)
	}
}

// TestDashboardSaysPlanIsOutOfDate: over the real operations, the demo opens
// planned (no banner); a new rate book makes the dashboard say the plan is out of
// date, and Plan now plans and clears it.
func TestDashboardSaysPlanIsOutOfDate(t *testing.T) {
	src, svc := realSource(t)
	ctx := context.Background()
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 1500, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	s := newDashboardScreen(h.e, src)
	h.w.SetContent(s.content())
	h.q.drain()
	h.noErrors()
	if s.stale.Visible() {
		t.Fatalf("banner on the freshly planned demo: %q", s.staleText.Text)
	}
	edit := ops.RateBookEdit{Cells: []reports.CellEdit{{Key: logistics.KeyOriginHandlingDays, Value: "3"}}}
	if _, err := svc.EditRateBook(ctx, edit, nil); err != nil {
		t.Fatal(err)
	}
	s.load()
	h.q.drain()
	h.noErrors()
	if !s.stale.Visible() || !strings.Contains(s.staleText.Text, "the rate book changed since the last plan") {
		t.Fatalf("after a new rate book: banner %v %q", s.stale.Visible(), s.staleText.Text)
	}
	s.onPlan()
	h.q.drain()
	h.noErrors()
	if s.stale.Visible() && strings.Contains(s.staleText.Text, "rate book changed") {
		t.Errorf("after Plan now: banner %q", s.staleText.Text)
	}
}
