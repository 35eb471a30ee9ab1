package cli_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHandoff: the open orders the plan assigned, each with its mode, option and the
// carrier and service of the last leg, for a label tool; shipped ones are left out,
// and a reference that looks like a formula is written as text.
func TestHandoff(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	orders := filepath.Join(dir, "orders.csv")
	body := "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days\n" +
		"=1+2,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\n" +
		"ORD-2,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\n"
	if err := os.WriteFile(orders, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "--db", db, "import", "orders", orders)
	mustRun(t, "--db", db, "plan")
	out := filepath.Join(dir, "handoff.csv")
	if got := mustRun(t, "--db", db, "handoff", out); !strings.HasPrefix(got, "wrote "+out+": 2 open orders with their mode and service") {
		t.Errorf("got %q", got)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || strings.Join(recs[0], ",") != "order_ref,marketplace,mode,option,carrier,service" {
		t.Fatalf("got %q, want a header and 2 orders", recs)
	}
	var refs []string
	for _, r := range recs[1:] {
		refs = append(refs, r[0])
		if r[2] == "" || r[3] == "" || r[4] == "" || r[5] == "" {
			t.Errorf("row %q: want a mode, an option, a carrier and a service", r)
		}
	}
	if !strings.Contains(strings.Join(refs, " "), "'=1+2") {
		t.Errorf("refs %q: want the formula-looking one as text ('=1+2)", refs)
	}
}
