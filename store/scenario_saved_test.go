package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"shipmode/logistics"
)

func TestSavedScenarios(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	at := time.UnixMilli(1_780_000_000_000)
	a := SavedScenario{Name: " UK best sellers ", Warehouse: "WH-GB-BHX", SKUs: []string{"RUN-SHOES", "A,B", "=SUM(A1)"}, CoverDays: 45, SavedAt: at}
	b := SavedScenario{Name: "Germany", Warehouse: "WH-DE-LEJ", SKUs: []string{"MUG"}, From: logistics.DateOf(2026, 1, 1), To: logistics.DateOf(2026, 3, 31), SavedAt: at}
	for _, s := range []SavedScenario{a, b} {
		if err := db.SaveScenario(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	a.Name = "UK best sellers"
	a.SKUs = []string{"RUN-SHOES"} // saved again under its name: replaced
	if err := db.SaveScenario(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := db.SavedScenarios(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []SavedScenario{b, a}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if err := db.DeleteScenario(ctx, "Germany"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteScenario(ctx, "Germany"); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting it again: got %v, want ErrNotFound", err)
	}
	if got, _ := db.SavedScenarios(ctx); len(got) != 1 || got[0].Name != "UK best sellers" {
		t.Errorf("after the delete: got %+v", got)
	}
	for _, bad := range []SavedScenario{{Name: " ", Warehouse: "W", SKUs: []string{"S"}}, {Name: "x", SKUs: []string{"S"}}, {Name: "x", Warehouse: "W"}} {
		if err := db.SaveScenario(ctx, bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: got %v, want ErrInvalid", bad, err)
		}
	}
}

// SKUDemands counts the units and orders of each SKU per destination in the
// period, cancelled orders left out.
func TestSKUDemands(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	day := logistics.DateOf(2026, 5, 10)
	mk := func(ref, country string, d logistics.Date, lines ...logistics.Line) NewOrder {
		return NewOrder{Order: logistics.Order{Ref: ref, Marketplace: "m", Date: d, Country: country, Currency: "EUR", Lines: lines}}
	}
	l := func(sku string, qty int64) logistics.Line { return logistics.Line{SKU: sku, Qty: qty} }
	mustImport(t, db, newOrders(
		mk("1", "GB", day, l("A", 2), l("B", 1), l("A", 1)), // A 3 units (one order), B 1
		mk("2", "GB", day+1, l("A", 1)),
		mk("3", "DE", day, l("A", 5)),
		mk("4", "DE", day, l("B", 2)),
		mk("5", "FR", day+40, l("A", 9)), // after the period
	), "x")
	mustImport(t, db, newOrders(NewOrder{Order: mk("4", "DE", day, l("B", 2)).Order, Status: logistics.Cancelled}), "cancel")
	got, err := db.SKUDemands(ctx, day, day+5)
	if err != nil {
		t.Fatal(err)
	}
	// A: 3 + 1 + 5 = 9 units in 3 orders, DE 5 then GB 4; B: 1 (order 4 cancelled)
	want := []SKUDemand{
		{SKU: "A", Units: 9, Orders: 3, ByCountry: []CountryDemand{{"DE", 5, 1}, {"GB", 4, 2}}},
		{SKU: "B", Units: 1, Orders: 1, ByCountry: []CountryDemand{{"GB", 1, 1}}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}
