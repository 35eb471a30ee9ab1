package ops

import (
	"reflect"
	"testing"

	"shipmode/logistics"
	"shipmode/store"
)

// TestSpendRowCarriesEveryField: a stored report row with every field set, and its
// reconciliation, give a workbook row with every field set (a field added to both and
// not copied here would leave a column empty with no test failing).
func TestSpendRowCarriesEveryField(t *testing.T) {
	c := store.Cost{Minor: 7, Feasible: true}
	r := store.ReportRow{OrderID: 1, Date: 2, Marketplace: "m", Ref: "r", Country: "FR", Units: 3,
		Status: logistics.Shipped, Mode: logistics.ModeDirect, Option: "o", TransitDays: 4, ChargeableG: 5,
		Components: logistics.Components{Freight: 1, Surcharges: 1, Fuel: 1, Fees: 1, Storage: 1, Headhaul: 1, Duties: 1},
		Total:      8, Currency: "USD", ByMode: [5]store.Cost{c, c, c, c, c}, Best: c, DirectBaseline: c,
		SLARisk: true, Reason: "why", OverrideReason: "asked", RunID: 9, RateBookID: 2, OrderCurrency: "EUR"}
	row := spendRow(&r)
	// The invoice columns come from the reconciliation of the period.
	rr := &reportReconcile{orders: make(chan invoicedOrder, 1)}
	rr.orders <- invoicedOrder{date: r.Date, id: r.OrderID, invoiced: 12, variance: 4,
		components: logistics.ChargeComponents{Freight: 4}}
	close(rr.orders)
	if err := rr.fill(r.Date, r.OrderID, &row); err != nil {
		t.Fatal(err)
	}
	got := reflect.ValueOf(row)
	for i := range got.NumField() {
		name := got.Type().Field(i).Name
		if got.Field(i).IsZero() {
			t.Errorf("SpendRow.%s is not filled from the stored row", name)
		}
	}
}
