package logistics_test

import (
	"testing"

	"pgregory.net/rapid"

	"shipmode/logistics"
)

// directBook is miniBook with three direct services for the order of miniOrder
// (WIDGET, 400 g, to DE): POST 2 + 10 × 0.4 = 6.00 EUR in 1 + 10 = 11 days, ALSO
// 6.50 in 9 days, EXPRESS 20.00 in 4 days.
func directBook() logistics.RateBook {
	rb := miniBook()
	rb.Services = append(rb.Services,
		logistics.Service{ID: "ALSO", Mode: logistics.ServiceDirect, Currency: "EUR", IncrementG: 1, TransitMaxDays: 8},
		logistics.Service{ID: "EXPRESS", Mode: logistics.ServiceDirect, Currency: "EUR", IncrementG: 1, TransitMaxDays: 3})
	rb.Zones = append(rb.Zones,
		logistics.Zone{ServiceID: "ALSO", Country: "DE", Zone: "A"},
		logistics.Zone{ServiceID: "EXPRESS", Country: "DE", Zone: "E"})
	rb.Rates = append(rb.Rates,
		logistics.Rate{ServiceID: "ALSO", Zone: "A", FromG: 0, Fixed: d("6.5")},
		logistics.Rate{ServiceID: "EXPRESS", Zone: "E", FromG: 0, Fixed: d("20")})
	return rb
}

func TestDirectBaseline(t *testing.T) {
	tests := []struct {
		name    string
		promise int
		maxG    int64 // every service's max_weight_g (0: none)
		want    int64
		ok      bool
	}{
		{"no promise: the cheapest", 0, 0, 600, true},
		{"the cheapest keeps the promise", 11, 0, 600, true},
		// POST (6.00, 11 days) breaks 10 days; ALSO (6.50, 9 days) keeps it. The
		// promise-blind cheapest direct option would say 6.00.
		{"the cheapest breaks the promise, a dearer one keeps it", 10, 0, 650, true},
		{"only the dearest keeps the promise", 5, 0, 2000, true},
		// nothing keeps 3 days: the fastest, EXPRESS in 4 days
		{"none keeps the promise: the fastest", 3, 0, 2000, true},
		// 400 g over every service's 100 g limit
		{"no feasible direct option", 0, 100, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := directBook()
			for i := range rb.Services {
				rb.Services[i].MaxWeightG = tt.maxG
			}
			o := miniOrder()
			o.PromisedDays = tt.promise
			dec := quote(t, rb, o)
			got, ok := logistics.DirectBaseline(dec.Options, tt.promise)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got baseline %d, %v; want %d, %v", got, ok, tt.want, tt.ok)
			}
			// every option is direct: the plan's choice is the baseline, saving 0
			c, assigned := dec.ChosenOption()
			if assigned != tt.ok {
				t.Fatalf("assigned %v, want %v", assigned, tt.ok)
			}
			if !assigned {
				return
			}
			if base, saving := logistics.AgainstDirectMail(got, ok, c.Total); base != c.Total || saving != 0 {
				t.Errorf("all direct mail: got baseline %d saving %d, want %d and 0", base, saving, c.Total)
			}
		})
	}
}

// The baseline looks at direct options only, whatever the other modes offer, and
// the same tie-breaks as the choice (fewer days, then the smaller id).
func TestDirectBaselineIgnoresOtherModes(t *testing.T) {
	opts := []logistics.Option{
		{Mode: logistics.ModeWarehouse, ID: "WH", Feasible: true, TransitDays: 2, Total: 300},
		{Mode: logistics.ModeConsolidation, ID: "LANE", Feasible: true, TransitDays: 20, Total: 100},
		{Mode: logistics.ModeDirect, ID: "B", Feasible: true, TransitDays: 9, Total: 700},
		{Mode: logistics.ModeDirect, ID: "A", Feasible: true, TransitDays: 9, Total: 700},
		{Mode: logistics.ModeDirect, ID: "CHEAP", Feasible: false, TransitDays: 1, Total: 50},
		{Mode: logistics.ModeDirect, ID: "SLOW", Feasible: true, TransitDays: 15, Total: 650},
	}
	tests := []struct {
		promise int
		want    int64
	}{
		{0, 650},  // SLOW, the cheapest feasible direct option
		{15, 650}, // SLOW keeps 15 days
		{14, 700}, // A and B tie; either way 7.00
		{5, 700},  // none keeps 5 days: A and B are the fastest
	}
	for _, tt := range tests {
		if got, ok := logistics.DirectBaseline(opts, tt.promise); !ok || got != tt.want {
			t.Errorf("promise %d: got %d, %v; want %d, true", tt.promise, got, ok, tt.want)
		}
	}
	if got, ok := logistics.DirectBaseline(opts[:2], 0); ok || got != 0 {
		t.Errorf("without direct options: got %d, %v; want 0, false", got, ok)
	}
}

func TestAgainstDirectMail(t *testing.T) {
	tests := []struct {
		name                 string
		baseline             int64
		ok                   bool
		total                int64
		wantBase, wantSaving int64
	}{
		{"cheaper than direct mail", 2000, true, 1250, 2000, 750},
		{"dearer than direct mail (kept on an override)", 600, true, 900, 600, -300},
		{"planned on its direct baseline", 650, true, 650, 650, 0},
		// no direct option: the order counts at its planned cost and saves nothing
		{"no direct option", 0, false, 1250, 1250, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, saving := logistics.AgainstDirectMail(tt.baseline, tt.ok, tt.total)
			if base != tt.wantBase || saving != tt.wantSaving {
				t.Errorf("got baseline %d saving %d, want %d and %d", base, saving, tt.wantBase, tt.wantSaving)
			}
		})
	}
}

// A plan that is all direct mail saves exactly 0 against the direct-mail baseline
// (SPEC §6): plan random orders of the example book, each kept on direct mail by an
// override, and compare.
func TestPropertyAllDirectMailSavesZero(t *testing.T) {
	rb := exampleBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 12).Draw(t, "orders")
		orders := make([]logistics.PlanOrder, n)
		for i := range orders {
			orders[i] = logistics.PlanOrder{Order: genOrder(t, &rb), Override: &logistics.Override{Mode: logistics.ModeDirect}}
		}
		var base, saving int64
		_, err := e.Plan(orders, func(i int, d *logistics.Decision) error {
			c, ok := d.ChosenOption()
			if !ok {
				if _, has := logistics.DirectBaseline(d.Options, d.Promise); has {
					t.Fatalf("%s: unassignable with a feasible direct option", d.OrderRef)
				}
				return nil
			}
			direct, has := logistics.DirectBaseline(d.Options, d.Promise)
			if !has {
				t.Fatalf("%s: kept on direct mail without a feasible direct option", d.OrderRef)
			}
			b, s := logistics.AgainstDirectMail(direct, has, c.Total)
			base, saving = base+b, saving+s
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if saving != 0 {
			t.Fatalf("all direct mail saves %d against a baseline of %d, want 0", saving, base)
		}
	})
}
