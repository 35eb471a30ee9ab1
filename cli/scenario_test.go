package cli_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

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

// The golden files are rewritten by `go test ./cli -run Golden -update`.
var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestScenarioGolden: "what if I stock these three SKUs in the UK warehouse" over
// the 90 days to the latest order of `demo --orders 5000`, through the real binary,
// against the JSON of SPEC §11 kept in testdata. At the time of writing it moves 8
// orders saving 215.72 USD over 90 days: 215.72 × 365 / (12 × 90) = 72.906… →
// 72.91 a month; capital 25.18 × 25 % / 12 = 0.524… → 0.52 a month; net 72.39;
// payback 25.18 / 72.39 = 0.347… → 0.3 months; unit costs in CNY converted at the
// rate valid on the last day.
func TestScenarioGolden(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	mustRun(t, "--db", db, "demo", "--orders", "5000")
	out := filepath.Join(dir, "s.json")
	mustRun(t, "--db", db, "scenario", "--warehouse", "WH-GB-BHX", "--sku", "RUN-SHOES,CHOPSTICKS,KEYBOARD-MECH", "--json", out)
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "scenario-gb-3skus.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("scenario JSON differs from %s (go test ./cli -run Golden -update rewrites it):\ngot  %s\nwant %s", golden, got, want)
	}
}

// TestScenarioSuggestCommand: `scenario suggest` through the real binary — the
// ranked table and the JSON array of SPEC §11 scenarios, positive nets only, in
// the order of SPEC §9; --top keeps the first N of the same ranking; --warehouse
// keeps one warehouse's; a bad flag is exit 2 and an unknown warehouse exit 1.
func TestScenarioSuggestCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	mustRun(t, "--db", db, "demo", "--orders", "5000")
	type scenario struct {
		Warehouse     string   `json:"warehouse"`
		SKUs          []string `json:"skus"`
		OrdersMoved   int      `json:"orders_moved"`
		MonthlyNet    string   `json:"monthly_net"`
		PaybackMonths *string  `json:"payback_months"`
		Moved         []struct {
			Ref string `json:"order_ref"`
		} `json:"moved"`
	}
	read := func(path string) []scenario {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var list []scenario
		if err := json.Unmarshal(b, &list); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return list
	}
	dec := func(s string) logistics.Dec {
		v, err := logistics.ParseDec(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	all := filepath.Join(dir, "all.json")
	table := mustRun(t, "--db", db, "scenario", "suggest", "--json", all)
	list := read(all)
	if len(list) < 10 {
		t.Fatalf("got %d suggestions, want at least 10", len(list))
	}
	if first, _, _ := strings.Cut(table, "\n"); !strings.HasPrefix(first, strconv.Itoa(len(list))+" of ") {
		t.Errorf("table's first line %q does not count %d suggestions", first, len(list))
	}
	if n := strings.Count(table, " mo\n"); n != len(list) {
		t.Errorf("table has %d rows, want %d", n, len(list))
	}
	for i, s := range list {
		net := dec(s.MonthlyNet)
		if net <= 0 || s.PaybackMonths == nil || len(s.SKUs) != 1 || s.OrdersMoved == 0 || len(s.Moved) != s.OrdersMoved {
			t.Errorf("suggestion %d: %+v; want one SKU, a positive net, a payback and its moved orders", i, s)
		}
		if i == 0 {
			continue
		}
		p := list[i-1]
		pnet := dec(p.MonthlyNet)
		ok := pnet > net || pnet == net && (dec(*p.PaybackMonths) < dec(*s.PaybackMonths) ||
			*p.PaybackMonths == *s.PaybackMonths && (p.SKUs[0] < s.SKUs[0] || p.SKUs[0] == s.SKUs[0] && p.Warehouse < s.Warehouse))
		if !ok {
			t.Errorf("suggestion %d (%s in %s, %s, payback %s) ranks after %d (%s in %s, %s, payback %s)",
				i, s.SKUs[0], s.Warehouse, s.MonthlyNet, *s.PaybackMonths, i-1, p.SKUs[0], p.Warehouse, p.MonthlyNet, *p.PaybackMonths)
		}
	}

	top := filepath.Join(dir, "top.json")
	table = mustRun(t, "--db", db, "scenario", "suggest", "--top", "3", "--json", top)
	if got := read(top); !reflect.DeepEqual(got, list[:3]) {
		t.Errorf("--top 3: got %d suggestions, want the first 3 of the full list", len(got))
	}
	if n := strings.Count(table, " mo\n"); n != 3 || !strings.Contains(table, "; the first 3") {
		t.Errorf("--top 3 table:\n%s", table)
	}

	gb := filepath.Join(dir, "gb.json")
	mustRun(t, "--db", db, "scenario", "suggest", "--warehouse", "WH-GB-BHX", "--json", gb)
	var want []scenario
	for _, s := range list {
		if s.Warehouse == "WH-GB-BHX" {
			want = append(want, s)
		}
	}
	if got := read(gb); len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("--warehouse WH-GB-BHX: got %d suggestions, want the %d of the full list", len(got), len(want))
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--warehouse", "WH-XX"}, 1, "no such warehouse"},
		{[]string{"--top", "-1"}, 2, "want: scenario suggest"},
		{[]string{"extra"}, 2, "want: scenario suggest"},
		{[]string{"--from", "2030-01-01", "--to", "2030-01-31"}, 1, "no orders from 2030-01-01"},
	} {
		r := shipmode(t, append([]string{"--db", db, "scenario", "suggest"}, c.args...)...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != c.code || !strings.Contains(first, c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}

// TestScenarioWorkbookCommand: `scenario --xlsx FILE` through the real binary
// writes the workbook of SPEC §6 whose figures are the table's and the JSON's: the
// moved orders one a row, the result as formulas with those values cached; a
// folder that does not exist is exit 1 with one line and no file.
func TestScenarioWorkbookCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	mustRun(t, "--db", db, "demo", "--orders", "5000")
	book, js := filepath.Join(dir, "s.xlsx"), filepath.Join(dir, "s.json")
	got := mustRun(t, "--db", db, "scenario", "--warehouse", "WH-GB-BHX", "--sku", "RUN-SHOES,CHOPSTICKS,KEYBOARD-MECH",
		"--json", js, "--xlsx", book)
	if !strings.Contains(got, "workbook: "+book) {
		t.Errorf("table: %q", got)
	}
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		OrdersMoved int    `json:"orders_moved"`
		MonthlyNet  string `json:"monthly_net"`
		CapitalTied string `json:"capital_tied"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]string{"B15": strconv.Itoa(r.OrdersMoved), "B21": r.CapitalTied, "B23": r.MonthlyNet} {
		v, err := f.GetCellValue("Scenario", cell, excelize.Options{RawCellValue: true})
		fm, _ := f.GetCellFormula("Scenario", cell)
		if err != nil || fm == "" || !sameDecimal(v, want) {
			t.Errorf("Scenario!%s: got %q = %q (%v), want a formula = %s", cell, fm, v, err, want)
		}
	}
	rows, err := f.GetRows("Moved orders")
	if err != nil || len(rows) != r.OrdersMoved+1 {
		t.Errorf("Moved orders: got %d rows (%v), want %d and the header", len(rows), err, r.OrdersMoved)
	}
	if rows, _ := f.GetRows("Suggestions"); len(rows) < 4 {
		t.Errorf("Suggestions: got %d rows, want the warehouse's ranked under a header", len(rows))
	}

	missing := filepath.Join(dir, "no-such-folder", "s.xlsx")
	res := shipmode(t, "--db", db, "scenario", "--warehouse", "WH-GB-BHX", "--sku", "RUN-SHOES", "--xlsx", missing)
	if res.code != 1 || strings.Count(strings.TrimSpace(res.stderr), "\n") != 0 {
		t.Errorf("a missing folder: exit %d, %q; want 1 and one line", res.code, res.stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("a file was written at %s", missing)
	}
}

// sameDecimal compares a cell's number with a decimal string of the JSON.
func sameDecimal(cell, want string) bool {
	c, err1 := strconv.ParseFloat(cell, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	return err1 == nil && err2 == nil && c == w
}
