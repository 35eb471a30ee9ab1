package store

import (
	"context"
	"testing"

	"shipmode/logistics"
)

// TestSetupCounts follows a database from empty to its first orders.
func TestSetupCounts(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	got, err := db.SetupCounts(ctx)
	if err != nil || got != (SetupCounts{}) {
		t.Fatalf("empty: got %+v, %v; want zero", got, err)
	}
	// the sample book holds 2 products (MUG-01 and one more); 3 stock rows below
	if _, err := db.UpsertProducts(ctx, sampleRateBook().Products); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpsertStock(ctx, []logistics.Stock{{WarehouseID: "A", SKU: "X", OnHand: 1},
		{WarehouseID: "A", SKU: "Y", OnHand: 0}, {WarehouseID: "B", SKU: "X", OnHand: 3}}); err != nil {
		t.Fatal(err)
	}
	if got, err = db.SetupCounts(ctx); err != nil || got != (SetupCounts{Products: 2, Stock: 3}) {
		t.Errorf("products and stock: got %+v, %v; want 2 products, 3 stock rows, no orders", got, err)
	}
	if _, err := db.ImportOrders(ctx, genOrders(0, 5), ImportOptions{Source: "t"}); err != nil {
		t.Fatal(err)
	}
	if got, err = db.SetupCounts(ctx); err != nil || !got.Orders {
		t.Errorf("after an import: got %+v, %v; want orders", got, err)
	}
}
