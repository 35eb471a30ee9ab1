package logistics_test

import (
	"slices"
	"testing"

	"shipmode/logistics"
)

// TestUsage: the FX rows and duty rules an order to a country on a date could have
// used, worked out by hand from a small rate book in USD.
func TestUsage(t *testing.T) {
	d := logistics.DateOf
	fx := func(cur string, from logistics.Date) logistics.FXRate {
		return logistics.FXRate{Currency: cur, RateToBase: logistics.DecInt(1), ValidFrom: from}
	}
	rb := &logistics.RateBook{
		Settings: logistics.Settings{BaseCurrency: "USD"},
		FX: []logistics.FXRate{
			fx("USD", d(2024, 1, 1)), // the base: never converted
			fx("EUR", d(2026, 1, 1)), fx("EUR", d(2026, 3, 1)),
			{Currency: "EUR", RateToBase: logistics.DecInt(2), ValidFrom: d(2026, 3, 1)}, // the last of equal dates wins
			fx("CNY", d(2026, 1, 1)), // the products
			fx("GBP", d(2026, 1, 1)), // the GB service: not to DE
			fx("PLN", d(2026, 1, 1)), // the PL warehouse serving DE
			fx("CZK", d(2026, 1, 1)), // the lane to DE
			fx("JPY", d(2026, 1, 1)), // nothing
		},
		Services: []logistics.Service{{ID: "DE-POST", Currency: "EUR"}, {ID: "GB-POST", Currency: "GBP"}, {ID: "PL-COURIER", Currency: "EUR"}},
		Zones: []logistics.Zone{
			{ServiceID: "DE-POST", Country: "DE", Zone: "1"},
			{ServiceID: "GB-POST", Country: "GB", Zone: "1"},
		},
		Warehouses: []logistics.Warehouse{
			{ID: "WH-PL", Country: "PL", Serves: []string{"PL", "DE:1"}, Currency: "PLN", DeliveryService: "PL-COURIER"},
			{ID: "WH-GB", Country: "GB", Serves: []string{"GB"}, Currency: "GBP", DeliveryService: "GB-POST"},
		},
		Lanes: []logistics.Lane{{ID: "L-DE", Destination: "DE", Currency: "CZK", DeliveryService: "DE-POST"}},
		Duties: []logistics.Duty{
			{Country: "DE", ValidFrom: d(2025, 1, 1), Currency: "EUR"},
			{Country: "DE", ValidFrom: d(2026, 6, 1), Currency: "EUR"}, // after the order
			{Country: "PL", ValidFrom: d(2025, 1, 1), Currency: "PLN"}, // the warehouse's country: bulk duty
			{Country: "GB", ValidFrom: d(2025, 1, 1), Currency: "GBP"},
		},
		Products: []logistics.Product{{SKU: "A", Currency: "CNY"}, {SKU: "B", Currency: "CNY"}},
	}
	u := logistics.NewUsage(rb)
	u.Add("DE", "EUR", d(2026, 4, 10))
	u.Add("DE", "EUR", d(2026, 4, 11)) // the same rows again
	var gotFX []string
	for _, r := range u.FX() {
		gotFX = append(gotFX, r.Currency+" "+r.ValidFrom.String())
		if r.Currency == "EUR" && r.RateToBase != logistics.DecInt(2) {
			t.Errorf("EUR: got rate %s, want the last row of 2026-03-01 (2)", r.RateToBase)
		}
	}
	wantFX := []string{"CNY 2026-01-01", "CZK 2026-01-01", "EUR 2026-03-01", "PLN 2026-01-01"}
	if !slices.Equal(gotFX, wantFX) {
		t.Errorf("FX: got %q, want %q", gotFX, wantFX)
	}
	var gotDuties []string
	for _, r := range u.Duties() {
		gotDuties = append(gotDuties, r.Country+" "+r.ValidFrom.String())
	}
	wantDuties := []string{"DE 2025-01-01", "PL 2025-01-01"}
	if !slices.Equal(gotDuties, wantDuties) {
		t.Errorf("duties: got %q, want %q", gotDuties, wantDuties)
	}

	// An order dated before every EUR rate uses none; one in GBP to GB uses GB's.
	u = logistics.NewUsage(rb)
	u.Add("GB", "GBP", d(2025, 6, 1))
	gotFX = gotFX[:0]
	for _, r := range u.FX() {
		gotFX = append(gotFX, r.Currency+" "+r.ValidFrom.String())
	}
	if len(gotFX) != 0 {
		t.Errorf("an order before every rate: got FX %q, want none", gotFX)
	}
	if got := u.Duties(); len(got) != 1 || got[0].Country != "GB" {
		t.Errorf("GB: got duties %+v, want GB's", got)
	}
}
