package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shipmode/logistics"
)

// TestScenarioCommand: a scenario over the demo's history through the real binary —
// the table, the JSON of SPEC §11 whose figures add up, and exit 1 with one line for
// an unknown warehouse or SKU or a period without orders.
func TestScenarioCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	mustRun(t, "--db", db, "demo", "--orders", "5000")
	out := filepath.Join(dir, "s.json")
	got := mustRun(t, "--db", db, "scenario", "--warehouse", "WH-DE-LEJ", "--sku", "ESS-OIL-6", "--from", "2025-12-01", "--json", out)
	if !strings.Contains(got, "stock ESS-OIL-6 in WH-DE-LEJ") || !strings.Contains(got, "orders moved") {
		t.Errorf("table: %q", got)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		OrdersMoved        int    `json:"orders_moved"`
		MonthlySavings     string `json:"monthly_savings"`
		MonthlyCapitalCost string `json:"monthly_capital_cost"`
		MonthlyNet         string `json:"monthly_net"`
		Stock              []struct {
			SKU        string `json:"sku"`
			UnitsMoved int64  `json:"units_moved"`
		} `json:"stock"`
		Moved []struct {
			Ref string `json:"order_ref"`
		} `json:"moved"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	dec := func(s string) int64 {
		v, err := logistics.ParseDec(s)
		if err != nil {
			t.Fatal(err)
		}
		return int64(v)
	}
	if r.OrdersMoved == 0 || len(r.Moved) != r.OrdersMoved || len(r.Stock) != 1 || r.Stock[0].UnitsMoved < int64(r.OrdersMoved) ||
		dec(r.MonthlyNet) != dec(r.MonthlySavings)-dec(r.MonthlyCapitalCost) {
		t.Errorf("JSON %s", b)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--warehouse", "WH-XX", "--sku", "ESS-OIL-6"}, 1, "no such warehouse"},
		{[]string{"--warehouse", "WH-DE-LEJ", "--sku", "NOPE"}, 1, "no such SKU"},
		{[]string{"--warehouse", "WH-DE-LEJ", "--sku", "ESS-OIL-6", "--from", "2030-01-01", "--to", "2030-01-31"}, 1, "no orders from 2030-01-01"},
		{[]string{"--warehouse", "WH-DE-LEJ"}, 2, "want: scenario"},
	} {
		r := shipmode(t, append([]string{"--db", db, "scenario"}, c.args...)...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != c.code || !strings.Contains(first, c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}
