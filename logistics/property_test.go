package logistics_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"shipmode/logistics"
)

// genOrder draws a random order against the example book's products and countries.
func genOrder(t *rapid.T, rb *logistics.RateBook) logistics.Order {
	countries := []string{"FR", "IT", "ES", "PL", "CA", "AU", "CZ", "DE"}
	postal := map[string][]string{
		"FR": {"75011", "92100", "33000", "20000", "69002"}, "IT": {"98055", "98100", "20121"}, "ES": {"28013", "08001"},
		"PL": {"00-950", "31-042"}, "CA": {"M5V 2T6", ""}, "AU": {"2000"}, "CZ": {"11000"}, "DE": {"10115"},
	}
	c := rapid.SampledFrom(countries).Draw(t, "country")
	o := logistics.Order{
		Ref:          fmt.Sprintf("P-%d", rapid.IntRange(1, 1e6).Draw(t, "ref")),
		Date:         date("2026-01-01") + logistics.Date(rapid.IntRange(0, 360).Draw(t, "day")),
		Country:      c,
		PostalCode:   rapid.SampledFrom(postal[c]).Draw(t, "postal"),
		Currency:     rapid.SampledFrom([]string{"EUR", "USD", "PLN", "CAD"}).Draw(t, "currency"),
		PromisedDays: rapid.SampledFrom([]int{0, 0, 2, 5, 7, 14, 20, 30}).Draw(t, "promise"),
	}
	for range rapid.IntRange(1, 3).Draw(t, "lines") {
		p := rapid.SampledFrom(rb.Products).Draw(t, "product")
		o.Lines = append(o.Lines, logistics.Line{SKU: p.SKU, Qty: int64(rapid.IntRange(1, 4).Draw(t, "qty")),
			UnitPrice: logistics.Dec(rapid.Int64Range(0, 400_00).Draw(t, "cents") * 10_000_000)})
	}
	return o
}

func TestPropertyDecisions(t *testing.T) {
	rb := exampleBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		o := genOrder(t, &rb)
		dec := e.Quote(o, nil)
		for _, opt := range dec.Options {
			if opt.Feasible && opt.Total != opt.Components.Total() {
				t.Fatalf("%s: total %d != Σ components %d", opt.ID, opt.Total, opt.Components.Total())
			}
			if !opt.Feasible && opt.Reason.IsZero() {
				t.Fatalf("%s infeasible without a reason", opt.ID)
			}
		}
		keeps := func(opt logistics.Option) bool {
			return opt.Feasible && (o.PromisedDays == 0 || opt.TransitDays <= o.PromisedDays)
		}
		c, ok := dec.ChosenOption()
		if !ok {
			if slices.ContainsFunc(dec.Options, func(opt logistics.Option) bool { return opt.Feasible }) {
				t.Fatalf("unassignable with a feasible option")
			}
			return
		}
		if !c.Feasible {
			t.Fatalf("chose infeasible %s", c.ID)
		}
		for _, opt := range dec.Options {
			if dec.SLARisk {
				if keeps(opt) {
					t.Fatalf("SLA risk although %s keeps the promise", opt.ID)
				}
				if opt.Feasible && opt.TransitDays < c.TransitDays {
					t.Fatalf("SLA risk chose %s (%d days) over faster %s (%d)", c.ID, c.TransitDays, opt.ID, opt.TransitDays)
				}
				continue
			}
			if keeps(opt) && opt.Total < c.Total {
				t.Fatalf("chose %s at %d over cheaper %s at %d within the promise", c.ID, c.Total, opt.ID, opt.Total)
			}
		}
	})
}

// Freight never decreases as the weight grows, for every service and zone of the
// example book (parcels of the drawn weight, no volume).
func TestPropertyFreightMonotonic(t *testing.T) {
	rb := exampleBook()
	rb.Compliance = nil
	rb.Products = append(rb.Products, logistics.Product{SKU: "GRAM", WeightG: 1, LengthMM: 1, WidthMM: 1, HeightMM: 1, Category: "general", Currency: "CNY"})
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		o := genOrder(t, &rb)
		o.Lines = []logistics.Line{{SKU: "GRAM", Qty: 1}}
		o.Parcel = &logistics.Parcel{LengthMM: 10, WidthMM: 10, HeightMM: 10}
		w1 := rapid.Int64Range(1, 40_000).Draw(t, "w1")
		w2 := rapid.Int64Range(w1, 40_000).Draw(t, "w2")
		o.Parcel.WeightG = w1
		a := e.Quote(o, nil)
		o.Parcel.WeightG = w2
		b := e.Quote(o, nil)
		for i := range a.Options {
			oa, ob := a.Options[i], b.Options[i]
			if oa.Mode != logistics.ModeDirect || !oa.Feasible || !ob.Feasible {
				continue
			}
			if ob.Components.Freight < oa.Components.Freight {
				t.Fatalf("%s: freight %d at %d g but %d at %d g", oa.ID, oa.Components.Freight, w1, ob.Components.Freight, w2)
			}
		}
	})
}

// The order of a rate book's rows changes nothing.
func TestPropertyRowOrder(t *testing.T) {
	rb := exampleBook()
	base, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		sh := exampleBook()
		shuffle(t, "fx", sh.FX)
		shuffle(t, "services", sh.Services)
		shuffle(t, "zones", sh.Zones)
		shuffle(t, "rates", sh.Rates)
		shuffle(t, "surcharges", sh.Surcharges)
		shuffle(t, "warehouses", sh.Warehouses)
		shuffle(t, "lanes", sh.Lanes)
		shuffle(t, "tiers", sh.Tiers)
		shuffle(t, "duties", sh.Duties)
		shuffle(t, "compliance", sh.Compliance)
		shuffle(t, "products", sh.Products)
		shuffle(t, "stock", sh.Stock)
		e, err := logistics.NewEngine(&sh)
		if err != nil {
			t.Fatal(err)
		}
		var orders []logistics.PlanOrder
		for range rapid.IntRange(1, 6).Draw(t, "orders") {
			orders = append(orders, logistics.PlanOrder{Order: genOrder(t, &rb)})
		}
		want := planAll(t, base, orders)
		got := planAll(t, e, orders)
		if !slices.EqualFunc(got, want, func(a, b logistics.Decision) bool {
			return a.Chosen == b.Chosen && a.SLARisk == b.SLARisk && reflect.DeepEqual(a.Options, b.Options)
		}) {
			t.Fatalf("shuffled rate book decided differently:\n got %+v\nwant %+v", got, want)
		}
	})
}

func planAll(t *rapid.T, e *logistics.Engine, orders []logistics.PlanOrder) []logistics.Decision {
	var out []logistics.Decision
	if _, err := e.Plan(orders, func(_ int, d *logistics.Decision) error {
		out = append(out, d.Clone())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func shuffle[T any](t *rapid.T, label string, s []T) {
	perm := rapid.Permutation(s).Draw(t, label)
	copy(s, perm)
}

// A converged plan is a fixed point: every consolidation decision was priced with a
// batch of exactly the orders the plan put on its lane and departure.
func TestPropertyPlanFixedPoint(t *testing.T) {
	rb := exampleBook()
	for i := range rb.Stock {
		rb.Stock[i].OnHand = 2
	}
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		var orders []logistics.PlanOrder
		for range rapid.IntRange(1, 40).Draw(t, "orders") {
			o := genOrder(t, &rb)
			if rapid.Bool().Draw(t, "toFrance") {
				o.Country, o.PostalCode = "FR", "33000"
				o.Date = date("2026-05-01") + logistics.Date(rapid.IntRange(0, 20).Draw(t, "mayDay"))
			}
			orders = append(orders, logistics.PlanOrder{Order: o})
		}
		type key struct {
			lane string
			dep  logistics.Date
		}
		onLane := map[key]int{}
		claimed := map[key][]int{}
		st, err := e.Plan(orders, func(_ int, d *logistics.Decision) error {
			c, ok := d.ChosenOption()
			if !ok || c.Mode != logistics.ModeConsolidation {
				return nil
			}
			k := key{c.ID, c.Departure}
			onLane[k]++
			var kg string
			var n int
			reason := c.Reason.String()
			if _, err := fmt.Sscanf(reason[strings.Index(reason, "batch "):], "batch %s kg (%d parcels)", &kg, &n); err != nil {
				return fmt.Errorf("reason %q: %v", reason, err)
			}
			claimed[k] = append(claimed[k], n)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !st.Converged {
			return
		}
		for k, ns := range claimed {
			for _, n := range ns {
				if n != onLane[k] {
					t.Fatalf("%v: a decision was priced with %d parcels, the plan puts %d there", k, n, onLane[k])
				}
			}
		}
	})
}
