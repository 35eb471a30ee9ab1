package ops_test

import (
	"context"
	"path/filepath"
	"testing"

	"shipmode/ingest"
	"shipmode/ops"
)

// TestSetupStateFromEmptyToPlanned walks the first-run path a seller takes in the
// window: the template saved and imported as the rate book (its products and
// stock sheets come with it), a products file, orders, a plan.
func TestSetupStateFromEmptyToPlanned(t *testing.T) {
	svc := open(t)
	ctx := context.Background()
	dir := t.TempDir()
	st, err := svc.SetupState(ctx)
	if err != nil || st != (ops.SetupState{}) || st.Done() {
		t.Fatalf("empty: got %+v, %v; want the zero state, not done", st, err)
	}
	tpl := filepath.Join(dir, "ratebook.xlsx")
	if err := ops.WriteRateBookTemplate(tpl); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ImportRateBook(ctx, tpl, nil); err != nil {
		t.Fatal(err)
	}
	st, err = svc.SetupState(ctx)
	if err != nil || !st.RateBook || st.Products == 0 || st.Stock == 0 || st.Orders || st.Planned || st.Done() {
		t.Fatalf("after the template: got %+v, %v; want a rate book with products and stock, no orders", st, err)
	}
	before := st.Products
	products := filepath.Join(dir, "products.csv")
	writeFile(t, products, "sku,title,weight_g,length_mm,width_mm,height_mm,category,unit_cost,currency\nNEW-SKU,New,400,100,100,50,general,3.00,USD\n")
	if _, err := svc.ImportProducts(ctx, products, nil); err != nil {
		t.Fatal(err)
	}
	if st, _ = svc.SetupState(ctx); st.Products != before+1 {
		t.Errorf("after one new product: got %d products, want %d", st.Products, before+1)
	}
	orders := filepath.Join(dir, "orders.csv")
	writeFile(t, orders, header+"ORD-1,ebay,2026-05-12,FR,31000,NEW-SKU,1,59.00,EUR,\n")
	if _, err := svc.ImportOrders(ctx, orders, ingest.OrderOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	if st, _ = svc.SetupState(ctx); !st.Orders || st.Planned || st.Done() {
		t.Errorf("after the orders: got %+v; want orders, no plan", st)
	}
	if _, err := svc.Plan(ctx, ops.PlanRequest{}, nil); err != nil {
		t.Fatal(err)
	}
	if st, _ = svc.SetupState(ctx); !st.Planned || !st.Done() {
		t.Errorf("after the plan: got %+v; want done", st)
	}
}
