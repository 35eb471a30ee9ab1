package store

import (
	"context"
	"slices"
	"testing"

	"shipmode/logistics"
)

// TestOrderInvoiceLines: an order's lines of two invoices come back in the order
// they were imported, with their invoice's carrier and number; an order without
// lines and an unknown order have none.
func TestOrderInvoiceLines(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustImport(t, db, newOrders(orderWith("A1", "ebay", "T1"), orderWith("A2", "ebay", "T2")), "orders")
	importInvoices(t, db,
		invLine("dhl", "D-1", "T1", "", "", logistics.ChargeFreight, "8.40", 2),
		invLine("dhl", "D-1", "T1", "", "", logistics.ChargeFuel, "1.26", 2),
		invLine("dhl", "D-1", "T9", "", "", logistics.ChargeFreight, "5.00", 3)) // no such order: unmatched
	importInvoices(t, db, invLine("dhl", "D-2", "", "A1", "ebay", logistics.ChargeFreight, "8.40", 2))
	a1, err := db.FindOrder(ctx, "ebay", "A1")
	if err != nil {
		t.Fatal(err)
	}
	lines, err := db.OrderInvoiceLines(ctx, a1.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		got = append(got, l.Carrier+" "+l.Invoice+" "+l.Charge.String()+" "+l.Amount.String()+" "+l.Currency+" "+l.InvoiceDate.String())
	}
	want := []string{
		"dhl D-1 freight 8.4 EUR 2026-05-20",
		"dhl D-1 fuel 1.26 EUR 2026-05-20",
		"dhl D-2 freight 8.4 EUR 2026-05-20",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if lines[0].Row != 2 || lines[0].BilledWeightG != 500 || lines[0].Tracking != "T1" || lines[2].OrderRef != "A1" {
		t.Errorf("got line %+v and %+v, want row 2, 500 g, tracking T1 and the reference A1 of the second", lines[0], lines[2])
	}
	a2, _ := db.FindOrder(ctx, "ebay", "A2")
	for _, id := range []int64{a2.ID, 999} {
		if ls, err := db.OrderInvoiceLines(ctx, id); err != nil || len(ls) != 0 {
			t.Errorf("order %d: got %v, %v; want no lines", id, ls, err)
		}
	}
}
