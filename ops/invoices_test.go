package ops_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/reports"
	"shipmode/store"
)

// TestImportInvoicesAndReconcile runs SPEC §8 end to end on the example rate book:
// orders with tracking numbers are planned and shipped, a carrier invoice bills
// them (one as planned, one over, one for an order not imported yet, one row
// rejected), the same file again changes nothing, a corrected re-issue replaces an
// invoice, and reconciliation finds what differs — also once the missing order
// arrives.
func TestImportInvoicesAndReconcile(t *testing.T) {
	ctx := context.Background()
	svc := open(t)
	exampleRateBook(t, svc)
	dir := t.TempDir()
	orders := filepath.Join(dir, "orders.csv")
	const head = "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days,tracking\n"
	writeFile(t, orders, head+
		"O-1,ebay,2026-05-10,FR,31000,PLANTER-SET,1,59.00,EUR,,TR1\n"+
		"O-2,ebay,2026-05-10,FR,31000,PLANTER-SET,1,59.00,EUR,,\n"+
		"O-3,ebay,2026-05-11,FR,31000,PLANTER-SET,1,59.00,EUR,,TR3\n"+
		"O-4,ebay,2026-03-01,FR,31000,PLANTER-SET,1,59.00,EUR,,TR4\n")
	if _, err := svc.ImportOrders(ctx, orders, ingest.OrderOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Plan(ctx, ops.PlanRequest{}, nil); err != nil {
		t.Fatal(err)
	}
	// they ship: the decision stays
	shipped := filepath.Join(dir, "shipped.csv")
	body, _ := os.ReadFile(orders)
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	lines[0] += ",status"
	for i := range lines[1:] {
		lines[i+1] += ",shipped"
	}
	writeFile(t, shipped, strings.Join(lines, "\n")+"\n")
	if _, err := svc.ImportOrders(ctx, shipped, ingest.OrderOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	planned := map[string]int64{}
	var currency string
	err := svc.DB().EachReportRow(ctx, 0, 0, func(r store.ReportRow) error {
		planned[r.Ref], currency = r.Total, r.Currency
		return nil
	})
	if err != nil || len(planned) != 4 || planned["O-1"] == 0 {
		t.Fatalf("planned %v, %v", planned, err)
	}
	digits := logistics.CurrencyDigits(currency)
	m := func(v int64) string { return logistics.FormatMinor(v, digits) }

	inv := filepath.Join(dir, "invoice.csv")
	const ihead = "carrier,invoice_number,invoice_date,tracking,order_ref,marketplace,charge,amount,currency\n"
	file := func(o2 int64) string {
		return ihead +
			fmt.Sprintf("colis,F-1,2026-05-20,TR1,,,freight,%s,%s\n", m(planned["O-1"]), currency) +
			fmt.Sprintf("colis,F-1,2026-05-20,,O-2,ebay,freight,%s,%s\n", m(o2), currency) +
			fmt.Sprintf("colis,F-1,2026-05-20,,O-9,ebay,freight,7.00,%s\n", currency) +
			"colis,F-1,2026-05-20,TR3,,,freight,7.00,QQQ\n"
	}
	writeFile(t, inv, file(planned["O-2"]+500))
	res, err := svc.ImportInvoices(ctx, inv, ingest.InvoiceOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := res.Stored
	if st.RowsMatched != 2 || st.RowsUnmatched != 1 || len(res.Read.Rejected) != 1 || st.New != 1 || res.RejectedFile != inv+".rejected.csv" {
		t.Errorf("first import: %+v, rejected %v", st, res.Read.Rejected)
	}
	if got := res.Summary(); !strings.Contains(got, "4 lines read = 2 matched + 1 unmatched + 1 rejected") {
		t.Errorf("summary: %s", got)
	}
	if _, err := os.Stat(res.RejectedFile); err != nil {
		t.Error(err)
	}
	// the same file again changes nothing
	res, err = svc.ImportInvoices(ctx, inv, ingest.InvoiceOptions{}, nil)
	if err != nil || res.Stored.Unchanged != 1 || res.Stored.New != 0 || len(res.Stored.Reissued) != 0 {
		t.Errorf("same file again: %+v, %v", res.Stored, err)
	}
	// a corrected re-issue: O-2 billed 6.00 over instead of 5.00
	writeFile(t, inv, file(planned["O-2"]+600))
	res, err = svc.ImportInvoices(ctx, inv, ingest.InvoiceOptions{}, nil)
	if err != nil || len(res.Stored.Reissued) != 1 || !strings.Contains(res.Summary(), "invoice colis F-1 was issued again with other lines") {
		t.Errorf("re-issue: %+v, %v\n%s", res.Stored, err, res.Summary())
	}

	rec, err := svc.Reconcile(ctx, ops.ReconcileRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.MatchedOrders != 2 || rec.Lines != 2 || len(rec.Unmatched) != 1 || rec.Unmatched[0].OrderRef != "O-9" {
		t.Errorf("reconcile: %d orders, %d lines, unmatched %+v", rec.MatchedOrders, rec.Lines, rec.Unmatched)
	}
	if rec.Variance != 600 || rec.Invoiced-rec.Planned != rec.Variance {
		t.Errorf("variance %d (planned %d invoiced %d), want 6.00", rec.Variance, rec.Planned, rec.Invoiced)
	}
	if rec.Findings[logistics.FindOver] != 1 || rec.Findings[logistics.FindNotBilled] != 1 || rec.Findings[logistics.FindUnder] != 0 {
		t.Errorf("findings %v, want one over (O-2) and one not billed (O-4)", rec.Findings)
	}
	byRef := map[string]ops.ReconciledOrder{}
	for _, o := range rec.Orders {
		byRef[o.Ref] = o
	}
	if o := byRef["O-4"]; len(o.Findings) != 1 || o.Findings[0].Kind != logistics.FindNotBilled {
		t.Errorf("O-4: %+v", o)
	}
	if o := byRef["O-2"]; o.Variance != 600 || o.Mode == 0 || len(o.Findings) != 1 || !strings.Contains(o.Findings[0].Detail.String(), "6.00 "+currency+" over") {
		t.Errorf("O-2: %+v", o)
	}
	if len(rec.Calibration) != 1 || rec.Calibration[0].Orders != 2 {
		t.Errorf("calibration %+v", rec.Calibration)
	}

	// O-9 arrives: its import matches the line that waited for it
	late := filepath.Join(dir, "late.csv")
	writeFile(t, late, head+"O-9,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,,\n")
	if res, err := svc.ImportOrders(ctx, late, ingest.OrderOptions{}, nil); err != nil || res.Stored.InvoiceLinesMatched != 1 {
		t.Fatalf("late order: %+v, %v; want 1 invoice line matched", res.Stored, err)
	}
	rec, err = svc.Reconcile(ctx, ops.ReconcileRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Rematched != 0 || len(rec.Unmatched) != 0 || rec.MatchedOrders != 3 || rec.Findings[logistics.FindUnplanned] != 1 {
		t.Errorf("after O-9 arrived: rematched %d, unmatched %d, orders %d, findings %v", rec.Rematched, len(rec.Unmatched), rec.MatchedOrders, rec.Findings)
	}

	// the rate book's tolerance settings count: 6.00 over is within 7.00
	if _, err := svc.EditRateBook(ctx, ops.RateBookEdit{Cells: []reports.CellEdit{
		{Key: logistics.KeyToleranceAbs, Value: "7"}}}, nil); err != nil {
		t.Fatal(err)
	}
	rec, err = svc.Reconcile(ctx, ops.ReconcileRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := logistics.DecInt(7); rec.Tolerance.Abs != want || rec.Findings[logistics.FindOver] != 0 {
		t.Errorf("tolerance 7.00: got tolerance %+v and %d over, want abs %s and none over", rec.Tolerance, rec.Findings[logistics.FindOver], want)
	}
	// a tolerance that is not a number is the rate book's problem, at its cell
	var ie *ops.InputError
	if _, err := svc.EditRateBook(ctx, ops.RateBookEdit{Cells: []reports.CellEdit{
		{Key: logistics.KeyTolerancePct, Value: "two"}}}, nil); !errors.As(err, &ie) || !strings.Contains(err.Error(), "settings!B") {
		t.Errorf("tolerance pct two: got %v, want an InputError at the settings cell", err)
	}
}

// TestDemoInvoices: the demo invoice file imports without a rejected row and gives
// reconciliation something of every kind to find.
func TestDemoInvoices(t *testing.T) {
	ctx := context.Background()
	svc := open(t)
	if _, err := svc.LoadDemo(ctx, ops.DemoRequest{Orders: 3000, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "demo-invoices.csv")
	demo, err := svc.WriteDemoInvoices(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc.ImportInvoices(ctx, path, ingest.InvoiceOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Read.RowsRead != demo.Lines || len(res.Read.Rejected) != 0 || res.Stored.Unmatched != demo.Unmatched || demo.Unmatched == 0 {
		t.Errorf("import: read %d of %d lines, rejected %v, unmatched %d of %d", res.Read.RowsRead, demo.Lines, res.Read.Rejected, res.Stored.Unmatched, demo.Unmatched)
	}
	rec, err := svc.Reconcile(ctx, ops.ReconcileRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []logistics.FindingKind{logistics.FindOver, logistics.FindUnder, logistics.FindWeight, logistics.FindDuplicate,
		logistics.FindService, logistics.FindNotBilled} {
		if rec.Findings[k] == 0 {
			t.Errorf("no %s finding in the demo: %v", k, rec.Findings)
		}
	}
	if rec.Findings[logistics.FindDuplicate] != demo.Duplicate || rec.Findings[logistics.FindService] != demo.Service {
		t.Errorf("findings %v; the demo made %d duplicates and %d other services", rec.Findings, demo.Duplicate, demo.Service)
	}
	if rec.NoFX != 0 || len(rec.Calibration) == 0 {
		t.Errorf("no FX %d, calibration %d rows", rec.NoFX, len(rec.Calibration))
	}
}

// TestInvoiceFixturesReissue imports the generic invoice fixture of ingest, then
// its corrected re-issue of INV-101 (its duplicate freight taken out, a line
// added): INV-101's lines are replaced, INV-100 is not touched.
func TestInvoiceFixturesReissue(t *testing.T) {
	ctx := context.Background()
	svc := open(t)
	first, err := svc.ImportInvoices(ctx, filepath.Join("..", "ingest", "testdata", "invoices-generic.csv"), ingest.InvoiceOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(first.RejectedFile)
	if first.Stored.New != 2 || first.Stored.Lines != 6 || len(first.Read.Rejected) != 4 {
		t.Errorf("first: %+v, %d rejected", first.Stored, len(first.Read.Rejected))
	}
	res, err := svc.ImportInvoices(ctx, filepath.Join("..", "ingest", "testdata", "invoices-generic-reissue.csv"), ingest.InvoiceOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := res.Stored
	if len(st.Reissued) != 1 || st.Reissued[0] != (store.InvoiceKey{Carrier: "fedex", Number: "INV-101"}) || st.New != 0 || st.Unchanged != 0 || st.Lines != 2 {
		t.Errorf("re-issue: %+v", st)
	}
	un, err := svc.DB().UnmatchedInvoiceLines(ctx, 0, 0)
	if err != nil || len(un) != 6 { // INV-100's four, INV-101's two
		t.Errorf("lines after the re-issue: %d, %v; want 6", len(un), err)
	}
}

func TestPreviewInvoices(t *testing.T) {
	svc := open(t)
	pv, err := svc.PreviewInvoices(context.Background(), filepath.Join("..", "ingest", "testdata", "invoices-dhl.csv"), ingest.InvoiceOptions{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	// three rows: the invoice header row and two shipments of five charge lines
	if pv.Format != ingest.InvoiceDHL || len(pv.Lines) != 5 || len(pv.Missing) != 0 || pv.Fields["carrier"] != "=dhl" {
		t.Errorf("got %+v", pv)
	}
	if _, err := svc.PreviewInvoices(context.Background(), filepath.Join(t.TempDir(), "none.csv"), ingest.InvoiceOptions{}, 3); err == nil {
		t.Error("a missing file: want an error")
	}
}

// TestImportInvoicesCancelled: a cancelled import stores nothing and writes no
// rejected-rows file.
func TestImportInvoicesCancelled(t *testing.T) {
	svc := open(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "inv.csv")
	var b strings.Builder
	b.WriteString("carrier,invoice_number,invoice_date,tracking,amount,currency\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "ups,I-%d,2026-05-01,T%d,1.00,USD\n", i/100, i)
	}
	b.WriteString("ups,I-x,2026-05-01,Tx,1.00,QQQ\n")
	writeFile(t, path, b.String())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := svc.ImportInvoices(ctx, path, ingest.InvoiceOptions{}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if un, err := svc.DB().UnmatchedInvoiceLines(context.Background(), 0, 0); err != nil || len(un) != 0 {
		t.Errorf("stored %d lines (%v), want none", len(un), err)
	}
	if _, err := os.Stat(path + ".rejected.csv"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("rejected-rows file: %v, want none", err)
	}
}
