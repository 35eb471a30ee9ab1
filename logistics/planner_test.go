package logistics_test

import (
	"slices"
	"testing"

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
		return p.Plan(orders, emit)
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
	if _, err := p.Plan(slices.Clone(src), func(int, *logistics.Decision) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != len(src) {
		t.Errorf("got %d decisions, want %d", n, len(src))
	}
}
