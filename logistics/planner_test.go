package logistics_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"shipmode/demo"
	"shipmode/logistics"
)

// A Planner fed while the orders are still being appended (as store.PlanInputFunc
// does) decides exactly what Engine.Plan decides; run with -race it also checks that
// the background preparation reads only orders already handed over.
func TestPlannerAddWhileReading(t *testing.T) {
	rb := exampleBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	src := synthOrders(&rb, 20_000)
	slices.SortStableFunc(src, func(a, b logistics.PlanOrder) int { return int(a.Order.Date) - int(b.Order.Date) })
	src[3].Override = &logistics.Override{Mode: logistics.ModeDirect, Reason: "test"}

	collect := func(plan func(emit func(int, *logistics.Decision) error) (logistics.PlanStats, error)) ([]string, logistics.PlanStats) {
		var got []string
		st, err := plan(func(i int, d *logistics.Decision) error {
			c, _ := d.ChosenOption()
			got = append(got, src[i].Order.Ref+" "+c.ID+" "+d.Reason)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, st
	}
	want, wantSt := collect(func(emit func(int, *logistics.Decision) error) (logistics.PlanStats, error) {
		return e.Plan(src, emit)
	})

	p := e.NewPlanner()
	defer p.Close()
	orders := make([]logistics.PlanOrder, 0, len(src))
	for i := range src {
		orders = append(orders, src[i]) // written after earlier prefixes were handed over
		if i%1000 == 999 {
			p.Add(orders)
		}
	}
	got, st := collect(func(emit func(int, *logistics.Decision) error) (logistics.PlanStats, error) {
		return p.Plan(context.Background(), orders, emit)
	})
	if st != wantSt {
		t.Errorf("stats: got %+v, want %+v", st, wantSt)
	}
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("decision %d: got %q, want %q", i, got[i], want[i])
			}
		}
		t.Fatalf("got %d decisions, want %d", len(got), len(want))
	}
}

// Plan on a slice other than the one Add saw prepares everything itself.
func TestPlannerOtherSlice(t *testing.T) {
	rb := exampleBook()
	e, _ := logistics.NewEngine(&rb)
	src := synthOrders(&rb, 3000)
	p := e.NewPlanner()
	p.Add(src[:100])
	n := 0
	if _, err := p.Plan(context.Background(), slices.Clone(src), func(int, *logistics.Decision) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != len(src) {
		t.Errorf("got %d decisions, want %d", n, len(src))
	}
}

// An order overridden away from consolidation still shows what its lane would cost
// it: priced with the lane's final batch plus itself, as a quote against the plan
// would price it (its lane drafts are not members, whatever the next order's are).
func TestPlanOverriddenOrderLanePrice(t *testing.T) {
	rb := exampleBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	var orders []logistics.PlanOrder
	for i := range 60 {
		o := logistics.Order{Ref: fmt.Sprintf("R%03d", i), Date: date("2026-03-02"), Country: "FR", PostalCode: "75011",
			Currency: "EUR", Lines: []logistics.Line{{SKU: "TEAPOT-CI", Qty: 3, UnitPrice: 30 * logistics.DecScale}}}
		orders = append(orders, logistics.PlanOrder{Order: o})
	}
	orders[0].Override = &logistics.Override{Mode: logistics.ModeDirect, Reason: "test"}
	var planned []logistics.Planned
	var first logistics.Decision
	if _, err := e.Plan(orders, func(i int, d *logistics.Decision) error {
		if i == 0 {
			first = d.Clone()
		}
		if c, ok := d.ChosenOption(); ok && c.Mode == logistics.ModeConsolidation {
			planned = append(planned, logistics.Planned{Order: orders[i].Order, Mode: c.Mode, Option: c.ID})
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	if len(planned) < 30 {
		t.Fatalf("got %d orders on the lane, want most of the 59 free ones (the test needs a batch)", len(planned))
	}
	q := e.Quote(orders[0].Order, planned)
	lane := func(d *logistics.Decision) logistics.Option {
		for _, o := range d.Options {
			if o.ID == "LANE-SZX-CDG" {
				return o
			}
		}
		t.Fatalf("no LANE-SZX-CDG option in %+v", d.Options)
		return logistics.Option{}
	}
	if got, want := lane(&first), lane(&q); got.Total != want.Total || got.Reason.String() != want.Reason.String() {
		t.Errorf("overridden order's lane: got %d (%s), want %d (%s) as quoted against the plan", got.Total, got.Reason, want.Total, want.Reason)
	}
}

// The decisions do not depend on the order the orders are given in: planning order
// is date, reference, then marketplace, which a store's orders never tie on (a
// reference is unique within its marketplace). Every other order is given a twin
// of the same reference and date in another marketplace, listed before it half of
// the time; the orders are then planned in that order, reversed and shuffled, and
// each time the orders are emitted in the same sequence with the same decisions.
func TestPlanInputOrderIndependent(t *testing.T) {
	rb := exampleBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	src := synthOrders(&rb, 6000)
	var orders []logistics.PlanOrder
	for i, o := range src {
		o.Order.Marketplace = "m2"
		if i%2 == 1 {
			orders = append(orders, o)
			continue
		}
		twin := o
		twin.Order.Marketplace = "m1"
		twin.Order.Lines = slices.Clone(o.Order.Lines)
		twin.Order.Lines[0].Qty++ // a different order, of the same key but its marketplace
		if i%4 == 0 {
			orders = append(orders, o, twin)
		} else {
			orders = append(orders, twin, o)
		}
	}
	orders[5].Override = &logistics.Override{Mode: logistics.ModeDirect, Reason: "test"}
	plan := func(in []logistics.PlanOrder) []string {
		var got []string
		_, err := e.Plan(in, func(i int, d *logistics.Decision) error {
			o := &in[i].Order
			got = append(got, fmt.Sprintf("%s %s %s %d %v %s", o.Date, o.Ref, o.Marketplace, d.Chosen, d.SLARisk, d.Reason))
			for _, op := range d.Options {
				got = append(got, fmt.Sprintf("  %s %v %d %v", op.ID, op.Feasible, op.Total, op.Reason))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	want := plan(orders)
	reversed := slices.Clone(orders)
	slices.Reverse(reversed)
	shuffled := slices.Clone(orders)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for name, in := range map[string][]logistics.PlanOrder{"reversed": reversed, "shuffled": shuffled} {
		got := plan(in)
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("%s: line %d: got %q, want %q", name, i, got[i], want[i])
				}
			}
			t.Fatalf("%s: got %d lines, want %d", name, len(got), len(want))
		}
	}
}

// The rounds' shortcuts — pricing again only the lanes whose batch changed,
// visiting only the orders whose choice may change — decide exactly what pricing
// and assigning every order in every round decides: the same decisions, rounds and
// convergence. The demo's orders and rate book take several rounds, with
// overrides; their stock plentiful, short (warehouses run out, so that a change of
// choice frees stock or takes it from the orders after it, whose lanes did not
// change) and none.
func TestPlanRoundsShortcuts(t *testing.T) {
	var orders []logistics.PlanOrder
	err := demo.Orders(demo.OrderSpec{N: 60_000, Seed: 3, Start: logistics.DateOf(2025, 12, 1)}, func(o logistics.Order, st logistics.Status) error {
		if st == logistics.Open {
			orders = append(orders, logistics.PlanOrder{Order: o})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(orders); i += 997 {
		orders[i].Override = &logistics.Override{Mode: logistics.Mode(1 + i%4), Reason: "test"}
	}
	for _, tc := range []struct {
		name     string
		mul, div int64
		dearer   logistics.Dec // >0: a lane's rate per kg is 1 + its tier's from_kg / dearer
	}{
		{"stock ×10", 10, 1, 0},
		{"stock as in the book", 1, 1, 0},
		{"stock ÷5", 1, 5, 0},
		{"stock ÷20", 1, 20, 0}, // (an order's change of choice takes the stock a later one had)
		{"stock ÷30", 1, 30, 0},
		{"no stock", 0, 1, 0},
		// Orders leave a batch that grew dear for another lane, which grows dear in
		// turn: the rounds do not converge, and from some round on alternate
		// between two sets of members, up to the limit (from an even round here,
		// an odd one below).
		{"big batches dearer", 1, 1, 20},
		{"big batches much dearer", 1, 1, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rb := demo.RateBook()
			for i := range rb.Stock {
				rb.Stock[i].OnHand = rb.Stock[i].OnHand * tc.mul / tc.div
			}
			if tc.dearer > 0 {
				for i := range rb.Tiers {
					rb.Tiers[i].PerKg = 1_000_000_000 + rb.Tiers[i].FromKg/tc.dearer
					rb.Tiers[i].MinBatchCharge = 0
				}
			}
			e, err := logistics.NewEngine(&rb)
			if err != nil {
				t.Fatal(err)
			}
			alternate := "" // the planner's trace of the rounds it did not run
			plan := func(every bool) ([]string, logistics.PlanStats) {
				p := e.NewPlanner()
				if every {
					logistics.PlanEveryOrder(p)
				}
				var got []string
				ctx := logistics.WithPlanTrace(context.Background(), func(what string) {
					if strings.Contains(what, "alternate") {
						alternate = what
					}
				})
				st, err := p.Plan(ctx, orders, func(i int, d *logistics.Decision) error {
					c, _ := d.ChosenOption()
					got = append(got, fmt.Sprintf("%d %s %d %v %s", i, c.ID, c.Total, d.SLARisk, d.Reason))
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				return got, st
			}
			want, wantSt := plan(true)
			got, st := plan(false)
			if st != wantSt {
				t.Errorf("stats: got %+v, want %+v", st, wantSt)
			}
			if !slices.Equal(got, want) {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("decision %d: got %q, want %q", i, got[i], want[i])
					}
				}
				t.Fatalf("got %d decisions, want %d", len(got), len(want))
			}
			if tc.dearer > 0 && alternate == "" {
				t.Error("the rounds did not alternate between two sets of members")
			}
			t.Logf("%d orders, %d rounds, converged %v; %s", len(orders), st.Rounds, st.Converged, alternate)
		})
	}
}
