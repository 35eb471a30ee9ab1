package logistics_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"shipmode/logistics"
)

// The golden examples of ../shared/examples (copied to testdata/examples): every
// decision, option, component and total must match to the cent.

type expDecision struct {
	OrderRef string `json:"order_ref"`
	Chosen   *struct {
		Mode   string `json:"mode"`
		Option string `json:"option"`
	} `json:"chosen"`
	SLARisk bool `json:"sla_risk"`
	Options []struct {
		Mode        string            `json:"mode"`
		Option      string            `json:"option"`
		Feasible    bool              `json:"feasible"`
		TransitDays *int              `json:"transit_days"`
		ChargeableG *int64            `json:"chargeable_g"`
		Components  map[string]string `json:"components"`
		Total       *string           `json:"total"`
	} `json:"options"`
}

func loadOrderJSON(t *testing.T, path string) logistics.Order {
	t.Helper()
	var oj struct {
		OrderRef     string `json:"order_ref"`
		Marketplace  string `json:"marketplace"`
		OrderDate    string `json:"order_date"`
		Country      string `json:"country"`
		PostalCode   string `json:"postal_code"`
		Currency     string `json:"currency"`
		PromisedDays *int   `json:"promised_days"`
		Lines        []struct {
			SKU       string      `json:"sku"`
			Qty       int64       `json:"qty"`
			UnitPrice json.Number `json:"unit_price"`
		} `json:"lines"`
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &oj); err != nil {
		t.Fatal(err)
	}
	o := logistics.Order{Ref: oj.OrderRef, Marketplace: oj.Marketplace, Date: date(oj.OrderDate),
		Country: oj.Country, PostalCode: oj.PostalCode, Currency: oj.Currency}
	if oj.PromisedDays != nil {
		o.PromisedDays = *oj.PromisedDays
	}
	for _, l := range oj.Lines {
		o.Lines = append(o.Lines, logistics.Line{SKU: l.SKU, Qty: l.Qty, UnitPrice: d(l.UnitPrice.String())})
	}
	return o
}

func loadExpected(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

var componentNames = []string{"freight", "surcharges", "fuel", "fees", "storage", "headhaul", "duties"}

func money(v int64) string { return logistics.FormatMinor(v, 2) }

// compareDecision reports every difference between got and want.
func compareDecision(t *testing.T, got *logistics.Decision, want *expDecision) {
	t.Helper()
	if c, ok := got.ChosenOption(); ok != (want.Chosen != nil) {
		t.Errorf("%s: chosen %v, want %v", want.OrderRef, ok, want.Chosen)
	} else if ok && (c.Mode.String() != want.Chosen.Mode || c.ID != want.Chosen.Option) {
		t.Errorf("%s: chose %s %s, want %s %s", want.OrderRef, c.Mode, c.ID, want.Chosen.Mode, want.Chosen.Option)
	}
	if got.SLARisk != want.SLARisk {
		t.Errorf("%s: sla_risk %v, want %v", want.OrderRef, got.SLARisk, want.SLARisk)
	}
	if len(got.Options) != len(want.Options) {
		var ids []string
		for _, o := range got.Options {
			ids = append(ids, o.Mode.String()+" "+o.ID)
		}
		t.Fatalf("%s: %d options %v, want %d", want.OrderRef, len(got.Options), ids, len(want.Options))
	}
	for i, w := range want.Options {
		g := got.Options[i]
		where := fmt.Sprintf("%s option %s %s", want.OrderRef, w.Mode, w.Option)
		if g.Mode.String() != w.Mode || g.ID != w.Option {
			t.Errorf("%s: got option %s %s in its place", where, g.Mode, g.ID)
			continue
		}
		if g.Feasible != w.Feasible {
			t.Errorf("%s: feasible %v (%s), want %v", where, g.Feasible, g.Reason, w.Feasible)
			continue
		}
		if !g.Feasible {
			continue
		}
		if g.TransitDays != *w.TransitDays {
			t.Errorf("%s: transit %d, want %d", where, g.TransitDays, *w.TransitDays)
		}
		if g.ChargeableG != *w.ChargeableG {
			t.Errorf("%s: chargeable %d g, want %d", where, g.ChargeableG, *w.ChargeableG)
		}
		c := g.Components
		gotC := []int64{c.Freight, c.Surcharges, c.Fuel, c.Fees, c.Storage, c.Headhaul, c.Duties}
		for k, name := range componentNames {
			if money(gotC[k]) != w.Components[name] {
				t.Errorf("%s: %s %s, want %s", where, name, money(gotC[k]), w.Components[name])
			}
		}
		if money(g.Total) != *w.Total {
			t.Errorf("%s: total %s, want %s", where, money(g.Total), *w.Total)
		}
	}
}

func exampleEngine(t testing.TB) *logistics.Engine {
	rb := exampleBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestExampleQuotes(t *testing.T) {
	e := exampleEngine(t)
	for i := 1; i <= 10; i++ {
		name := fmt.Sprintf("quote-%02d", i)
		t.Run(name, func(t *testing.T) {
			o := loadOrderJSON(t, filepath.Join("testdata/examples", name+".json"))
			var want expDecision
			loadExpected(t, filepath.Join("testdata/examples", name+".expected.json"), &want)
			got := e.Quote(o, nil)
			compareDecision(t, &got, &want)
		})
	}
}

// loadGenericCSV reads the generic order layout of SPEC §7 (test-only reader).
func loadGenericCSV(t *testing.T, path string) []logistics.PlanOrder {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var out []logistics.PlanOrder
	byRef := map[string]int{}
	for _, r := range recs[1:] {
		ref := r[col["order_ref"]]
		i, ok := byRef[ref]
		if !ok {
			o := logistics.Order{Ref: ref, Marketplace: r[col["marketplace"]], Date: date(r[col["order_date"]]),
				Country: r[col["country"]], PostalCode: r[col["postal_code"]], Currency: r[col["currency"]]}
			if p := strings.TrimSpace(r[col["promised_days"]]); p != "" {
				o.PromisedDays, _ = strconv.Atoi(p)
			}
			out = append(out, logistics.PlanOrder{Order: o})
			i = len(out) - 1
			byRef[ref] = i
		}
		qty, _ := strconv.ParseInt(r[col["qty"]], 10, 64)
		out[i].Order.Lines = append(out[i].Order.Lines, logistics.Line{SKU: r[col["sku"]], Qty: qty, UnitPrice: d(r[col["unit_price"]])})
	}
	return out
}

func TestExamplePlan(t *testing.T) {
	e := exampleEngine(t)
	orders := loadGenericCSV(t, "testdata/examples/plan-orders.csv")
	var want []expDecision
	loadExpected(t, "testdata/examples/plan.expected.json", &want)
	var got []logistics.Decision
	st, err := e.Plan(orders, func(_ int, d *logistics.Decision) error {
		got = append(got, d.Clone())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Converged || st.Rounds != 2 {
		t.Errorf("rounds %d converged %v, want 2 rounds converged", st.Rounds, st.Converged)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d decisions, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].OrderRef != want[i].OrderRef {
			t.Fatalf("decision %d is %s, want %s (planning order)", i, got[i].OrderRef, want[i].OrderRef)
		}
		compareDecision(t, &got[i], &want[i])
	}
}
