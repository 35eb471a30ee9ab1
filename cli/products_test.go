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
	if !strings.HasPrefix(out, "1 products imported, 1 rows rejected → "+products+".rejected.csv") {
		t.Errorf("got %q", out)
	}
	rejected, err := os.ReadFile(products + ".rejected.csv")
	if err != nil || !strings.Contains(string(rejected), "BAD-1") {
		t.Errorf("rejected file: %q %v", rejected, err)
	}
	stock := filepath.Join(dir, "stock.csv")
	write(t, stock, "warehouse_id,sku,on_hand\nWH-PL-WAW,LAMP-1,5\n")
	if out := mustRun(t, "--db", db, "import", "stock", stock); !strings.HasPrefix(out, "1 stock rows imported, 0 rows rejected") {
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
