package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCancelsStoredOrder: a generic file that marks an already-imported order
// cancelled, imported by the command line, cancels it in the store, and the next
// plan leaves it out (it was planned and shipped before: issue "One set of
// operations").
func TestImportCancelsStoredOrder(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	mustRun(t, "--db", db, "import", "ratebook", filepath.Join("testdata", "examples", "ratebook.xlsx"))
	orders := filepath.Join(dir, "orders.csv")
	write(t, orders, "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days\n"+
		"ORD-1,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\n"+
		"ORD-2,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,\n")
	mustRun(t, "--db", db, "import", "orders", orders)
	cancel := filepath.Join(dir, "cancel.csv")
	write(t, cancel, "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days,status\n"+
		"ORD-1,ebay,2026-05-12,FR,31000,PLANTER-SET,1,59.00,EUR,,cancelled\n")
	out := mustRun(t, "--db", db, "import", "orders", cancel)
	if !strings.Contains(out, "1 cancelled") {
		t.Errorf("import said %q, want it to say 1 cancelled", out)
	}
	plan := filepath.Join(dir, "plan.json")
	mustRun(t, "--db", db, "plan", "--json", plan)
	data, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	var ds []struct {
		OrderRef string `json:"order_ref"`
	}
	if err := json.Unmarshal(data, &ds); err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].OrderRef != "ORD-2" {
		t.Errorf("planned %v, want ORD-2 alone (ORD-1 is cancelled)", ds)
	}
}

// TestHeadlessIsQuiet: under the C locale (containers, cron) and with LANG unset,
// a command prints only its own output.
func TestHeadlessIsQuiet(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	for _, lang := range []string{"C.UTF-8", "C.utf8", "C", "POSIX", ""} {
		for _, args := range [][]string{{"help"}, {"--db", db, "demo", "--orders", "20"}} {
			env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
			if lang != "" {
				env = append(env, "LANG="+lang)
			}
			r := runEnv(t, env, args...)
			if r.code != 0 || r.stderr != "" {
				t.Errorf("LANG=%q %v: exit %d, stderr %q; want 0 and nothing", lang, args, r.code, r.stderr)
			}
		}
	}
}
