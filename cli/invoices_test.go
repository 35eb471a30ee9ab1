package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestImportInvoicesAndReconcile drives SPEC §8 and §11 through the binary: orders
// with tracking numbers are planned and ship, a carrier invoice bills them, the
// same invoice again changes nothing, a corrected re-issue is said, and reconcile
// prints its summary and writes the JSON and the unmatched lines.
func TestImportInvoicesAndReconcile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "i.db")
	mustRun(t, "--db", db, "import", "ratebook", "testdata/examples/ratebook.xlsx")
	orders := filepath.Join(dir, "orders.csv")
	write(t, orders, "order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days,tracking\n"+
		"O-1,ebay,2026-05-10,FR,31000,PLANTER-SET,1,59.00,EUR,,TR1\n"+
		"O-2,ebay,2026-05-10,FR,31000,PLANTER-SET,1,59.00,EUR,,TR2\n")
	mustRun(t, "--db", db, "import", "orders", orders)
	mustRun(t, "--db", db, "plan", "--json", filepath.Join(dir, "plan.json"))
	var plan []struct {
		OrderRef string `json:"order_ref"`
		Chosen   struct {
			Option string `json:"option"`
		} `json:"chosen"`
		Options []struct {
			Option string  `json:"option"`
			Total  *string `json:"total"`
		} `json:"options"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil || json.Unmarshal(b, &plan) != nil || len(plan) != 2 {
		t.Fatalf("plan.json: %v %s", err, b)
	}
	total := ""
	for _, o := range plan[0].Options {
		if o.Option == plan[0].Chosen.Option {
			total = *o.Total
		}
	}

	inv := filepath.Join(dir, "inv.csv")
	write(t, inv, "carrier,invoice_number,invoice_date,tracking,order_ref,marketplace,charge,amount,currency\n"+
		fmt.Sprintf("colis,F-1,2026-05-20,TR1,,,freight,%s,EUR\n", total)+ // as planned (the example rate book is in EUR)
		"colis,F-1,2026-05-20,TR2,,,freight,\"€1,999.00\",EUR\n"+ // far over
		"colis,F-1,2026-05-20,TR2,,,credit,(1.00),EUR\n"+
		"colis,F-1,2026-05-20,,X-9,ebay,freight,7.00,EUR\n"+ // no such order
		"colis,F-1,20/05/2026,,X-10,ebay,freight,7.00,ZZZ\n") // unknown currency
	out := mustRun(t, "--db", db, "import", "invoices", inv)
	for _, want := range []string{
		"inv.csv (generic): 5 lines read = 3 matched + 1 unmatched + 1 rejected → " + inv + ".rejected.csv",
		"4 charge lines (3 matched, 1 unmatched) in 1 invoices: 1 new, 0 unchanged, 0 re-issued",
		`line 6 column "currency": currency "ZZZ" is not an ISO 4217 code`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import invoices: want %q in\n%s", want, out)
		}
	}
	if out := mustRun(t, "--db", db, "import", "invoices", inv); !strings.Contains(out, "1 new"[:0]+"0 new, 1 unchanged, 0 re-issued") {
		t.Errorf("same file again:\n%s", out)
	}
	write(t, inv, "carrier,invoice_number,invoice_date,tracking,order_ref,marketplace,charge,amount,currency\n"+
		fmt.Sprintf("colis,F-1,2026-05-20,TR1,,,freight,%s,EUR\n", total)+
		"colis,F-1,2026-05-20,TR2,,,freight,\"€1,999.00\",EUR\n"+
		"colis,F-1,2026-05-20,,X-9,ebay,freight,7.00,EUR\n")
	if out := mustRun(t, "--db", db, "import", "invoices", inv); !strings.Contains(out, "invoice colis F-1 was issued again with other lines: its lines replace the earlier ones") {
		t.Errorf("re-issue:\n%s", out)
	}

	jsonPath := filepath.Join(dir, "rec.json")
	out = mustRun(t, "--db", db, "reconcile", "--json", jsonPath)
	for _, want := range []string{
		"2 invoice lines matched to 2 orders; 1 unmatched lines; latest invoice 2026-05-20",
		"findings: over 1 under 0 weight 0 duplicate 0 service 0 unplanned 0 not_billed 0",
		"ebay O-2 (over): invoiced 1999.00 EUR against",
		"unmatched lines: 1 → " + jsonPath + ".unmatched.csv",
		"calibration per service:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("reconcile: want %q in\n%s", want, out)
		}
	}
	var rec []map[string]any
	b, err = os.ReadFile(jsonPath)
	if err != nil || json.Unmarshal(b, &rec) != nil || len(rec) != 2 {
		t.Fatalf("rec.json: %v\n%s", err, b)
	}
	var keys []string
	for k := range rec[0] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"billed_weight_g", "components", "findings", "invoiced", "marketplace", "mode", "option", "order_ref", "planned", "rerated", "variance"}; !slices.Equal(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	if rec[0]["order_ref"] != "O-1" || rec[0]["invoiced"] != total || rec[0]["variance"] != "0.00" || len(rec[0]["findings"].([]any)) != 0 {
		t.Errorf("O-1: %v", rec[0])
	}
	if f := rec[1]["findings"].([]any); len(f) != 1 || f[0].(map[string]any)["kind"] != "over" {
		t.Errorf("O-2: %v", rec[1])
	}
	un, err := os.ReadFile(jsonPath + ".unmatched.csv")
	if err != nil || !strings.Contains(string(un), "colis,F-1,2026-05-20,,X-9,ebay,,freight,7,EUR,0,4,no order has its tracking number or reference") {
		t.Errorf("unmatched.csv: %v\n%s", err, un)
	}
}

func TestImportInvoicesErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	inv := filepath.Join(dir, "inv.csv")
	write(t, inv, "Rechnung,Betrag\nR-1,3\n")
	if r := shipmode(t, "--db", db, "import", "invoices", inv, "--format", "ups"); r.code != 2 {
		t.Errorf("unknown format: exit %d, want 2\n%s", r.code, r.stderr)
	}
	r := shipmode(t, "--db", db, "import", "invoices", inv)
	if r.code != 1 || !strings.Contains(r.stderr, `inv.csv column "carrier": missing required column for carrier`) {
		t.Errorf("missing column: exit %d\n%s", r.code, r.stderr)
	}
	// with the mapping and constants it imports
	out := mustRun(t, "--db", db, "import", "invoices", inv, "--map", "invoice_number=Rechnung", "--map", "amount=Betrag",
		"--set", "carrier=DPD", "--set", "currency=EUR", "--set", "invoice_date=2026-05-01", "--set", "order_ref=A-1")
	if !strings.Contains(out, "1 lines read = 0 matched + 1 unmatched + 0 rejected") {
		t.Errorf("mapped import:\n%s", out)
	}
	// reconcile without a rate book says what to do
	if r := shipmode(t, "--db", db, "reconcile"); r.code != 1 || !strings.Contains(r.stderr, "no rate book yet") {
		t.Errorf("reconcile without a rate book: exit %d\n%s", r.code, r.stderr)
	}
}
