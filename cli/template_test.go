package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"shipmode/demo"
	"shipmode/logistics"
)

// The template round-trips: ratebook template → import ratebook → the same quotes as
// the demo rate book priced in memory, for a spread of demo orders.
func TestTemplateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rt.db")
	book := filepath.Join(dir, "ratebook.xlsx")
	mustRun(t, "--db", db, "ratebook", "template", book)
	mustRun(t, "--db", db, "import", "ratebook", book)

	rb := demo.RateBook()
	eng, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	var orders []logistics.Order
	if err := demo.Orders(demo.OrderSpec{N: 400, Seed: 3, Start: logistics.DateOf(2026, 1, 1)}, func(o logistics.Order, _ logistics.Status) error {
		if len(orders) < 40 && len(orders)*10 <= int(o.Date-logistics.DateOf(2026, 1, 1)) {
			orders = append(orders, o)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, o := range orders {
		path := filepath.Join(dir, o.Ref+".json")
		writeOrderJSON(t, path, o)
		out := mustRun(t, "--db", db, "quote", "--json", path)
		var got struct {
			Chosen  *struct{ Mode, Option string }
			Options []struct {
				Option   string
				Feasible bool
				Total    *string
			}
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		want := eng.Quote(o, nil)
		if len(got.Options) != len(want.Options) {
			t.Fatalf("%s: %d options through the workbook, %d in memory", o.Ref, len(got.Options), len(want.Options))
		}
		for i, w := range want.Options {
			g := got.Options[i]
			total := ""
			if g.Total != nil {
				total = *g.Total
			}
			wantTotal := ""
			if w.Feasible {
				wantTotal = logistics.FormatMinor(w.Total, 2)
			}
			if g.Option != w.ID || g.Feasible != w.Feasible || total != wantTotal {
				t.Errorf("%s %s: got %v %s, want %v %s", o.Ref, w.ID, g.Feasible, total, w.Feasible, wantTotal)
			}
		}
	}
	if len(orders) < 20 {
		t.Fatalf("only %d orders tried", len(orders))
	}
}

func writeOrderJSON(t *testing.T, path string, o logistics.Order) {
	t.Helper()
	type line struct {
		SKU       string          `json:"sku"`
		Qty       int64           `json:"qty"`
		UnitPrice json.RawMessage `json:"unit_price"`
	}
	v := map[string]any{
		"order_ref": o.Ref, "marketplace": o.Marketplace, "order_date": o.Date.String(), "country": o.Country,
		"postal_code": o.PostalCode, "currency": o.Currency, "promised_days": nil,
	}
	if o.PromisedDays > 0 {
		v["promised_days"] = o.PromisedDays
	}
	var lines []line
	for _, l := range o.Lines {
		lines = append(lines, line{l.SKU, l.Qty, json.RawMessage(fmt.Sprint(l.UnitPrice))})
	}
	v["lines"] = lines
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
