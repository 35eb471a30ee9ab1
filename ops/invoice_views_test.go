package ops_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"shipmode/ingest"
	"shipmode/logistics"
	"shipmode/ops"
	"shipmode/store"
)

// TestTopFindings: the billed orders with findings by |variance|, largest first,
// the later of two the same size first; an order without findings, or with only
// not_billed, is not ranked. Keeping N gives the first N of keeping all.
func TestTopFindings(t *testing.T) {
	order := func(ref string, variance int64, kinds ...logistics.FindingKind) ops.ReconciledOrder {
		o := ops.ReconciledOrder{Ref: ref}
		o.Variance = variance
		for _, k := range kinds {
			o.Findings = append(o.Findings, logistics.Finding{Kind: k})
		}
		return o
	}
	in := []ops.ReconciledOrder{
		order("A", 500, logistics.FindOver),                           // weight 500
		order("B", -800, logistics.FindUnder),                         // weight 800
		order("C", 120),                                               // no finding: not ranked
		order("D", -4000, logistics.FindNotBilled),                    // only not billed: not ranked
		order("E", 500, logistics.FindOver, logistics.FindWeight),     // 500 again, later: before A
		order("F", 0, logistics.FindService),                          // weight 0
		order("G", 3000, logistics.FindNotBilled, logistics.FindOver), // not only not billed: 3000
	}
	refs := func(os []ops.ReconciledOrder) string {
		var b strings.Builder
		for _, o := range os {
			b.WriteString(o.Ref)
		}
		return b.String()
	}
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "GBEAF"}, {1, "G"}, {2, "GB"}, {3, "GBE"}, {4, "GBEA"}, {5, "GBEAF"}, {10, "GBEAF"}} {
		top := ops.TopFindings{N: tt.n}
		for i := range in {
			top.Add(&in[i])
		}
		if got := refs(top.Orders()); got != tt.want {
			t.Errorf("N=%d: got %s, want %s", tt.n, got, tt.want)
		}
	}
	if w, ok := ops.Ranked(&in[1]); w != 800 || !ok {
		t.Errorf("Ranked(B): got %d, %v; want 800, true", w, ok)
	}
	// Orders is a copy: changing it changes nothing kept
	top := ops.TopFindings{}
	top.Add(&in[0])
	top.Orders()[0].Ref = "X"
	if got := refs(top.Orders()); got != "A" {
		t.Errorf("after changing the copy: got %s, want A", got)
	}
}

// invoiceViewsFixture is the example rate book with four shipped orders planned and
// billed by one invoice of carrier colis (SPEC §8), in the base currency:
//
//	O-1 freight as planned + fuel 5.00 not planned  → variance +5.00, over
//	O-2 freight as planned, billed 1,000 g heavier   → variance 0, weight
//	O-3 freight as planned, credit −3.00             → variance −3.00, under
//	O-4 dated 2026-03-01, never billed               → not_billed (older than 45 days before 2026-05-20)
//
// and a line of carrier other for O-9, which is not imported (unmatched).
func invoiceViewsFixture(t *testing.T) (*ops.Service, map[string]store.Order, map[string]logistics.Option, string) {
	t.Helper()
	ctx := context.Background()
	svc := open(t)
	exampleRateBook(t, svc)
	dir := t.TempDir()
	const head = "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days,tracking,status\n"
	orders := filepath.Join(dir, "orders.csv")
	body := head
	for _, r := range []string{"O-1,2026-05-10,TR1", "O-2,2026-05-10,TR2", "O-3,2026-05-11,TR3", "O-4,2026-03-01,TR4"} {
		f := strings.Split(r, ",")
		body += fmt.Sprintf("%s,ebay,%s,FR,31000,PLANTER-SET,1,59.00,EUR,,%s,open\n", f[0], f[1], f[2])
	}
	writeFile(t, orders, body)
	if _, err := svc.ImportOrders(ctx, orders, ingest.OrderOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Plan(ctx, ops.PlanRequest{}, nil); err != nil {
		t.Fatal(err)
	}
	writeFile(t, orders, strings.ReplaceAll(body, ",open\n", ",shipped\n"))
	if _, err := svc.ImportOrders(ctx, orders, ingest.OrderOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	byRef, chosen := map[string]store.Order{}, map[string]logistics.Option{}
	currency := ""
	for _, ref := range []string{"O-1", "O-2", "O-3", "O-4"} {
		o, err := svc.DB().FindOrder(ctx, "ebay", ref)
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.DB().Decision(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		c, ok := d.ChosenOption()
		if !ok {
			t.Fatalf("%s has no chosen option", ref)
		}
		byRef[ref], chosen[ref], currency = o, c, d.Currency
	}
	if logistics.CurrencyDigits(currency) != 2 {
		t.Fatalf("base currency %s: the amounts below are written with 2 decimals", currency)
	}
	freight := func(ref string) string { return logistics.FormatMinor(chosen[ref].Total, 2) }
	inv := filepath.Join(dir, "invoice.csv")
	writeFile(t, inv, "carrier,invoice_number,invoice_date,tracking,order_ref,marketplace,charge,amount,currency,billed_weight_g\n"+
		fmt.Sprintf("colis,F-1,2026-05-20,TR1,,,freight,%s,%s,\n", freight("O-1"), currency)+
		fmt.Sprintf("colis,F-1,2026-05-20,TR1,,,fuel,5.00,%s,\n", currency)+
		fmt.Sprintf("colis,F-1,2026-05-20,TR2,,,freight,%s,%s,%d\n", freight("O-2"), currency, chosen["O-2"].ChargeableG+1000)+
		fmt.Sprintf("colis,F-1,2026-05-20,TR3,,,freight,%s,%s,\n", freight("O-3"), currency)+
		fmt.Sprintf("colis,F-1,2026-05-20,TR3,,,credit,-3.00,%s,\n", currency)+
		fmt.Sprintf("other,X-7,2026-05-21,,O-9,ebay,freight,7.00,%s,\n", currency))
	if res, err := svc.ImportInvoices(ctx, inv, ingest.InvoiceOptions{}, nil); err != nil || res.Stored.Unmatched != 1 {
		t.Fatalf("import invoices: %+v, %v", res.Stored, err)
	}
	return svc, byRef, chosen, currency
}

// TestInvoiceOverview: the Invoices screen's view of the fixture lists O-1 (5.00),
// O-3 (3.00) and O-2 (0.00) by the size of their variance, then O-4 not billed;
// the totals are Reconcile's, the carriers those of the bills and the unmatched
// line. A period without orders has no findings but knows there are invoices.
func TestInvoiceOverview(t *testing.T) {
	ctx := context.Background()
	svc, _, chosen, _ := invoiceViewsFixture(t)
	v, err := svc.InvoiceOverview(ctx, logistics.NoDate, logistics.NoDate, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range v.Flagged {
		var kinds []string
		for _, f := range o.Findings {
			kinds = append(kinds, f.Kind.String())
		}
		got = append(got, fmt.Sprintf("%s %d %s", o.Ref, o.Variance, strings.Join(kinds, "+")))
	}
	want := []string{"O-1 500 over", "O-3 -300 under", "O-2 0 weight", fmt.Sprintf("O-4 %d not_billed", -chosen["O-4"].Total)}
	if !slices.Equal(got, want) {
		t.Errorf("findings: got %q, want %q", got, want)
	}
	// planned: the three billed orders; invoiced = planned + 5.00 + 0 − 3.00
	planned := chosen["O-1"].Total + chosen["O-2"].Total + chosen["O-3"].Total
	if v.Planned != planned || v.Invoiced != planned+200 || v.Variance != 200 || v.MatchedOrders != 3 || v.Lines != 5 {
		t.Errorf("totals: planned %d invoiced %d variance %d, %d orders, %d lines; want %d, %d, 200, 3, 5",
			v.Planned, v.Invoiced, v.Variance, v.MatchedOrders, v.Lines, planned, planned+200)
	}
	if v.Flagged[0].Carrier != "colis" || len(v.Unmatched) != 1 || !slices.Equal(v.Carriers, []string{"colis", "other"}) || !v.Invoices {
		t.Errorf("carrier %q, unmatched %d, carriers %v, invoices %v", v.Flagged[0].Carrier, len(v.Unmatched), v.Carriers, v.Invoices)
	}
	if v.Orders != nil {
		t.Errorf("the overview keeps its orders in Flagged, got %d in Orders too", len(v.Orders))
	}
	none, err := svc.InvoiceOverview(ctx, logistics.DateOf(2025, 1, 1), logistics.DateOf(2025, 1, 31), nil)
	if err != nil || len(none.Flagged) != 0 || len(none.Carriers) != 0 || !none.Invoices || none.Invoiced != 0 {
		t.Errorf("January 2025: %+v, %v; want nothing, and Invoices", none, err)
	}
	total, ok, err := svc.InvoiceTotals(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil || !ok || total.Invoiced != v.Invoiced || total.Planned != v.Planned || total.Orders != nil {
		t.Errorf("totals: %+v, %v, %v; want the overview's, without orders", total, ok, err)
	}
}

// TestInvoiceViewsEmpty: a database without invoices has an empty overview and no
// totals; an order without lines has no bill.
func TestInvoiceViewsEmpty(t *testing.T) {
	ctx := context.Background()
	svc := open(t)
	exampleRateBook(t, svc)
	v, err := svc.InvoiceOverview(ctx, logistics.NoDate, logistics.NoDate, nil)
	if err != nil || v.Invoices || len(v.Flagged) != 0 || len(v.Unmatched) != 0 {
		t.Errorf("overview: %+v, %v; want nothing", v, err)
	}
	if _, ok, err := svc.InvoiceTotals(ctx, logistics.NoDate, logistics.NoDate); ok || err != nil {
		t.Errorf("totals: ok %v, %v; want none", ok, err)
	}
	if b, err := svc.OrderInvoice(ctx, 1); err != nil || len(b.Lines) != 0 || b.Reconciled {
		t.Errorf("order 1: %+v, %v; want no bill", b, err)
	}
}

// TestOrderInvoice: one order's bill is its lines in the base currency and the
// reconciliation Reconcile gives it; O-2's weight finding says the split of the
// difference: data = re-rated − planned, price = invoiced − re-rated.
func TestOrderInvoice(t *testing.T) {
	ctx := context.Background()
	svc, byRef, chosen, currency := invoiceViewsFixture(t)
	rec, err := svc.Reconcile(ctx, ops.ReconcileRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reconciled := map[string]ops.ReconciledOrder{}
	for _, o := range rec.Orders {
		reconciled[o.Ref] = o
	}

	b1, err := svc.OrderInvoice(ctx, byRef["O-1"].ID)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range b1.Lines {
		lines = append(lines, fmt.Sprintf("%s %s %s %s %s %d %v", l.Carrier, l.Invoice, l.InvoiceDate, l.Charge, l.Currency, l.Base, l.Converted))
	}
	want := []string{
		fmt.Sprintf("colis F-1 2026-05-20 freight %s %d true", currency, chosen["O-1"].Total),
		fmt.Sprintf("colis F-1 2026-05-20 fuel %s 500 true", currency),
	}
	if !slices.Equal(lines, want) || b1.Currency != currency || !b1.Reconciled || !b1.HasPlan {
		t.Errorf("O-1: got %q (%s, reconciled %v, planned %v), want %q", lines, b1.Currency, b1.Reconciled, b1.HasPlan, want)
	}
	// invoiced = planned + 5.00; the fuel component is 5.00 more than planned
	if b1.Invoiced != chosen["O-1"].Total+500 || b1.Variance != 500 || b1.ComponentVariance.Fuel != 500-chosen["O-1"].Components.Fuel {
		t.Errorf("O-1: invoiced %d variance %d fuel variance %d", b1.Invoiced, b1.Variance, b1.ComponentVariance.Fuel)
	}

	b2, err := svc.OrderInvoice(ctx, byRef["O-2"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !b2.Reratable || len(b2.Findings) != 1 || b2.Findings[0].Kind != logistics.FindWeight {
		t.Fatalf("O-2: %+v, want a re-rated weight finding", b2.Reconciliation)
	}
	f := b2.Findings[0]
	if f.BilledG != chosen["O-2"].ChargeableG+1000 || f.PlannedG != chosen["O-2"].ChargeableG ||
		f.DataPart != f.Rerated-b2.Planned || f.PricePart != b2.Invoiced-f.Rerated || f.DataPart+f.PricePart != b2.Variance {
		t.Errorf("O-2 weight: %+v (planned %d invoiced %d)", f, b2.Planned, b2.Invoiced)
	}
	for _, ref := range []string{"O-1", "O-2", "O-3"} {
		b, err := svc.OrderInvoice(ctx, byRef[ref].ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := reconciled[ref].Reconciliation; !reflect.DeepEqual(b.Reconciliation, r) {
			t.Errorf("%s: got %+v, want Reconcile's %+v", ref, b.Reconciliation, r)
		}
	}
	if b4, err := svc.OrderInvoice(ctx, byRef["O-4"].ID); err != nil || len(b4.Lines) != 0 {
		t.Errorf("O-4: %+v, %v; want no lines", b4, err)
	}
}
