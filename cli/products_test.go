package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportProductsAndStock(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	products := filepath.Join(dir, "products.csv")
	write(t, products, "sku,title,weight_g,length_mm,width_mm,height_mm,category,unit_cost,currency,hs_code\n"+
		"LAMP-1,Desk lamp,900,300,200,150,electronics,45.5,CNY,9405.21\n"+
		"BAD-1,Broken,heavy,1,1,1,general,1,CNY,\n")
	out := mustRun(t, "--db", db, "import", "products", products)
	if !strings.HasPrefix(out, "1 product imported, 1 row rejected → "+products+".rejected.csv") {
		t.Errorf("got %q", out)
	}
	rejected, err := os.ReadFile(products + ".rejected.csv")
	if err != nil || !strings.Contains(string(rejected), "BAD-1") {
		t.Errorf("rejected file: %q %v", rejected, err)
	}
	stock := filepath.Join(dir, "stock.csv")
	write(t, stock, "warehouse_id,sku,on_hand\nWH-PL-WAW,LAMP-1,5\n")
	if out := mustRun(t, "--db", db, "import", "stock", stock); !strings.HasPrefix(out, "1 stock row imported, 0 rows rejected") {
		t.Errorf("got %q", out)
	}
	// the new product and its stock are priced: a lamp to Warsaw leaves the warehouse
	order := filepath.Join(dir, "lamp.json")
	write(t, order, `{"order_ref":"L-1","order_date":"2026-05-04","country":"PL","postal_code":"00-950","currency":"EUR","lines":[{"sku":"LAMP-1","qty":1,"unit_price":30}]}`)
	if out := mustRun(t, "--db", db, "quote", order); !strings.Contains(out, "why: cheapest option within the promise: warehouse WH-PL-WAW") {
		t.Errorf("quote:\n%s", out)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Orders whose SKUs are unknown or missing are kept and flagged, never dropped: the
// plan says they need product data.
func TestImportKeepsOrdersWithoutProductData(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "n.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	orders := filepath.Join(dir, "orders.csv")
	write(t, orders, "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days\n"+
		"N-1,shop,2026-05-11,FR,33000,NOT-A-SKU,1,10.00,EUR,\n"+
		"N-2,shop,2026-05-11,FR,33000,,1,10.00,EUR,\n"+
		"N-3,shop,2026-05-11,FR,33000,MUG-350,1,10.00,EUR,\n")
	if out := mustRun(t, "--db", db, "import", "orders", orders); !strings.HasPrefix(out, "3 orders (3 lines) imported, 0 rows rejected") {
		t.Errorf("import: %q", out)
	}
	plan := filepath.Join(dir, "plan.json")
	mustRun(t, "--db", db, "plan", "--json", plan)
	got := map[string]string{}
	for _, d := range readJSON(t, plan).([]any) {
		m := d.(map[string]any)
		got[m["order_ref"].(string)] = m["reason"].(string)
	}
	for ref, want := range map[string]string{"N-1": "unknown SKU NOT-A-SKU: needs product data", "N-2": "a line has no SKU: needs product data"} {
		if !strings.Contains(got[ref], want) {
			t.Errorf("%s: reason %q, want it to say %q", ref, got[ref], want)
		}
	}
	if strings.Contains(got["N-3"], "needs product data") {
		t.Errorf("N-3 has product data: %q", got["N-3"])
	}
}
