package ops_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"shipmode/ingest"
	"shipmode/ops"
	"shipmode/reports"
)

// TestReportInvoices writes the demo's workbook before and after its invoices are
// imported: before, no Invoices sheet and no invoice figures; after, every order
// of the Orders sheet shows the invoiced cost and variance reconciliation measures
// for it (blank when not invoiced), and the Invoices sheet adds up to the
// reconciliation's totals and lists every finding.
func TestReportInvoices(t *testing.T) {
	ctx := context.Background()
	svc := open(t)
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 1500, Seed: 3}, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	before := filepath.Join(dir, "before.xlsx")
	res, err := svc.WriteReport(ctx, ops.ReportRequest{Path: before}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.InvoicedOrders != 0 {
		t.Errorf("before invoices: %d invoiced orders", res.InvoicedOrders)
	}
	f, err := excelize.OpenFile(before)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(f.GetSheetList(), reports.SheetInvoices) {
		t.Errorf("an Invoices sheet before any invoice: %v", f.GetSheetList())
	}
	f.Close()

	inv := filepath.Join(dir, "demo-invoices.csv")
	if _, err := svc.WriteDemoInvoices(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ImportInvoices(ctx, inv, ingest.InvoiceOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	after := filepath.Join(dir, "after.xlsx")
	res, err = svc.WriteReport(ctx, ops.ReportRequest{Path: after}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := svc.Reconcile(ctx, ops.ReconcileRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	type billed struct{ invoiced, variance int64 }
	want := map[string]billed{} // by marketplace and reference
	findings := 0
	for _, o := range rec.Orders {
		if o.Lines > 0 {
			want[o.Marketplace+" "+o.Ref] = billed{o.Invoiced, o.Variance}
		}
		findings += len(o.Findings)
	}
	if res.InvoicedOrders != rec.MatchedOrders || rec.MatchedOrders == 0 {
		t.Errorf("report: %d invoiced orders, reconcile: %d", res.InvoicedOrders, rec.MatchedOrders)
	}

	f, err = excelize.OpenFile(after)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(reports.SheetOrders, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		i := slices.Index(rows[0], name)
		if i < 0 {
			t.Fatalf("Orders: no column %q in %v", name, rows[0])
		}
		return i
	}
	cMarket, cRef, cInv, cVar := col("Marketplace"), col("Order reference"), col("Invoiced"), col("Invoice variance")
	cell := func(r []string, i int) string {
		if i < len(r) {
			return r[i]
		}
		return ""
	}
	minor := func(s string) int64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return int64(v*100 + map[bool]float64{true: 0.5, false: -0.5}[v >= 0])
	}
	seen := 0
	for _, r := range rows[1:] {
		key := cell(r, cMarket) + " " + cell(r, cRef)
		w, ok := want[key]
		gotInv, gotVar := cell(r, cInv), cell(r, cVar)
		if !ok {
			if gotInv != "" || gotVar != "" {
				t.Errorf("order %s: invoiced %q, variance %q; reconcile has no invoice for it", key, gotInv, gotVar)
			}
			continue
		}
		seen++
		if g := (billed{minor(gotInv), minor(gotVar)}); g != w {
			t.Errorf("order %s: got invoiced, variance %v, reconcile has %v", key, g, w)
		}
	}
	if seen == 0 {
		t.Fatal("no invoiced order on the Orders sheet")
	}

	// The by-mode table's total is every invoiced order's; the findings are all listed.
	inv2, err := f.GetRows(reports.SheetInvoices, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var total, header int
	for i, r := range inv2 {
		if len(r) > 0 && r[0] == "Total" && total == 0 {
			total = i
		}
		if len(r) > 0 && r[0] == "Order date" {
			header = i
		}
	}
	if total == 0 || header == 0 {
		t.Fatalf("Invoices: no by-mode total (%d) or findings list (%d)", total, header)
	}
	if got, w := minor(inv2[total][3]), rec.Invoiced+rec.UnplannedInvoiced; got != w {
		t.Errorf("Invoices by mode: total invoiced %d, reconcile %d", got, w)
	}
	if got := len(inv2) - header - 1; got != findings || findings == 0 {
		t.Errorf("Invoices: %d findings listed, reconcile found %d", got, findings)
	}
}

// TestReportInvoicesCancelled: cancelling a report while its reconciliation runs
// beside it ends both, returns the context's error and leaves no file.
func TestReportInvoicesCancelled(t *testing.T) {
	svc := open(t)
	if _, err := svc.LoadDemo(context.Background(), ops.DemoRequest{Orders: 1500, Seed: 3}, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	inv := filepath.Join(dir, "demo-invoices.csv")
	if _, err := svc.WriteDemoInvoices(context.Background(), inv); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ImportInvoices(context.Background(), inv, ingest.InvoiceOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(dir, "cancelled.xlsx")
	_, err := svc.WriteReport(ctx, ops.ReportRequest{Path: path}, func(done, total int64) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a cancelled report left %s (%v)", path, err)
	}
}
