package ops

import (
	"reflect"
	"testing"

	"shipmode/logistics"
	"shipmode/reports"
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
		SLARisk: true, Reason: "why", OverrideReason: "asked", RunID: 9, RateBookID: 2, OrderCurrency: "EUR",
		PostalCode: "75001", GoodsValue: 19_990_000_000, GoodsValueOK: true, Promise: 10, Departure: 6,
		ChosenReason: &logistics.Sentence{Phrase: logistics.Phrase{Key: "reason.zone"}, Args: []logistics.Arg{
			{Name: "id", Kind: logistics.ArgText, Text: "o"}, {Name: "zone", Kind: logistics.ArgText, Text: "EU"}}}}
	// A consolidation order of the same shape names its batch, not a zone.
	lane := r
	lane.Mode, lane.Option = logistics.ModeConsolidation, "L"
	lane.ChosenReason = &logistics.Sentence{Phrase: logistics.Phrase{Key: "reason.batch"}, Args: []logistics.Arg{
		{Name: "id", Kind: logistics.ArgText, Text: "L"}, {Name: "date", Kind: logistics.ArgDate, Num: 6},
		{Name: "kg", Kind: logistics.ArgDec, Num: 8_030_000_000}, {Name: "parcels", Kind: logistics.ArgInt, Num: 3},
		{Name: "tier", Kind: logistics.ArgDec, Num: 20_000_000_000}}}
	book := &logistics.RateBook{Settings: logistics.Settings{BaseCurrency: "USD"},
		Services: []logistics.Service{{ID: "o", Carrier: "C", Currency: "EUR"}, {ID: "D", Carrier: "C2", Currency: "EUR"}},
		Lanes:    []logistics.Lane{{ID: "L", DeliveryService: "D"}},
		FX:       []logistics.FXRate{{Currency: "EUR", RateToBase: 1_100_000_000, ValidFrom: 1}}}
	lookup, err := newPricingLookup([]reports.RateBookUse{{RateBookInfo: reports.RateBookInfo{Version: 2}, Book: book}})
	if err != nil {
		t.Fatal(err)
	}
	var row, laneRow reports.SpendRow
	setSpendRow(&row, &r)
	lookup.fill(&r, &row)
	setSpendRow(&laneRow, &lane)
	lookup.fill(&lane, &laneRow)
	if row.Zone != "EU" || row.Carrier != "C" || row.Service != "o" || row.FXRate != 1_100_000_000 ||
		laneRow.Service != "D" || laneRow.Batch != (reports.SpendBatch{Departure: 6, Kg: 8_030_000_000, Parcels: 3, TierFromKg: 20_000_000_000}) {
		t.Errorf("got zone %q, carrier %q, service %q, FX %v, lane service %q, batch %+v", row.Zone, row.Carrier, row.Service, row.FXRate, laneRow.Service, laneRow.Batch)
	}
	// The invoice columns come from the reconciliation of the period.
	rr := &reportReconcile{orders: make(chan invoicedOrder, 1)}
	rr.orders <- invoicedOrder{date: r.Date, id: r.OrderID, invoiced: 12, variance: 4,
		components: logistics.ChargeComponents{Freight: 4}}
	close(rr.orders)
	if err := rr.fill(r.Date, r.OrderID, &row); err != nil {
		t.Fatal(err)
	}
	got, other := reflect.ValueOf(row), reflect.ValueOf(laneRow)
	for i := range got.NumField() {
		name := got.Type().Field(i).Name
		if name == "Pricing" {
			continue // priced again from a real rate book: TestReportPricesEveryOrderAgain
		}
		if got.Field(i).IsZero() && other.Field(i).IsZero() {
			t.Errorf("SpendRow.%s is not filled from the stored row", name)
		}
	}
}
