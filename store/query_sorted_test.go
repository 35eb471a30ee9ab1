package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"shipmode/logistics"
)

// sortedFixture is eight orders whose order by shipping cost is worked out by hand
// (the ties of a total by date): ref, day, country and the decision's total (-1:
// unassignable, which stores 0; -2: no decision).
//
//	A day 3 DE unassignable   B day 1 FR 500   C day 2 DE unassignable   D day 1 DE 700
//	E day 4 FR unassignable   F day 2 DE 500   G day 5 US unplanned      H day 0 DE unassignable
var sortedFixture = []struct {
	ref     string
	day     int
	country string
	total   int64
}{
	{"A", 3, "DE", -1}, {"B", 1, "FR", 500}, {"C", 2, "DE", -1}, {"D", 1, "DE", 700},
	{"E", 4, "FR", -1}, {"F", 2, "DE", 500}, {"G", 5, "US", -2}, {"H", 0, "DE", -1},
}

func sortedDecision(o logistics.Order, total int64) logistics.Decision {
	d := logistics.Decision{OrderRef: o.Ref, Date: o.Date, Country: o.Country, Currency: "EUR", Chosen: -1,
		Options: []logistics.Option{{Mode: logistics.ModeDirect, ID: "FDX-IP", Reason: zoneEU}}}
	if total >= 0 {
		d.Options[0].Feasible, d.Options[0].TransitDays = true, 6
		d.Options[0].Components, d.Options[0].Total = logistics.Components{Freight: total}, total
		d.Chosen = 0
	}
	d.Reason = reasonOf(&d)
	return d
}

// TestOrdersByTotalChunks: the orders sorted by shipping cost, whose ties (most
// orders unassignable, total 0) go by date; the orders without a decision; and a
// country's orders by cost — with the values read in chunks of 1 and 10 decisions
// (fewOrders 1: a total of two or more orders is read along the orders by date) and
// as the window's database reads them.
func TestOrdersByTotalChunks(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	d0 := logistics.DateOf(2026, 3, 1)
	orders := map[string]logistics.Order{}
	seq := func(yield func(NewOrder, error) bool) {
		for _, s := range sortedFixture {
			o := logistics.Order{Ref: s.ref, Marketplace: "ebay", Date: d0 + logistics.Date(s.day), Country: s.country,
				PostalCode: "10115", Currency: "EUR", Lines: []logistics.Line{{SKU: "SKU-001", Qty: 1, UnitPrice: 10_000_000_000}}}
			orders[s.ref] = o
			if !yield(NewOrder{Order: o}, nil) {
				return
			}
		}
	}
	mustImport(t, db, seq, "sorted")
	ids := map[string]int64{}
	refs := map[int64]string{}
	for _, s := range sortedFixture {
		o, err := db.FindOrder(ctx, "ebay", s.ref)
		if err != nil {
			t.Fatal(err)
		}
		ids[s.ref], refs[o.ID] = o.ID, s.ref
	}
	plan := func(only string) {
		t.Helper()
		_, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
			for _, s := range sortedFixture {
				if (only == "" && s.total == -2) || (only != "" && s.ref != only) {
					continue
				}
				total := s.total
				if total == -2 {
					total = 900 // G, planned later
				}
				d := sortedDecision(orders[s.ref], total)
				if err := save(ids[s.ref], &d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	plan("")
	check := func(name string, f OrderFilter, want []string) {
		t.Helper()
		got := func(rows []OrderRow) []string {
			var s []string
			for _, r := range rows {
				s = append(s, r.Ref)
			}
			return s
		}
		rows, err := db.ListOrders(ctx, f, 0, 50)
		if err != nil || !slices.Equal(got(rows), want) {
			t.Errorf("%s: ListOrders: got %v, %v; want %v", name, got(rows), err, want)
		}
		// every page of 3 from every offset
		for off := range len(want) + 1 {
			rows, err := db.ListOrders(ctx, f, off, 3)
			if w := want[off:min(off+3, len(want))]; err != nil || !slices.Equal(got(rows), w) {
				t.Errorf("%s: ListOrders(%d, 3): got %v, %v; want %v", name, off, got(rows), err, w)
			}
		}
		all, err := db.OrderIDs(ctx, f)
		var allRefs []string
		for _, id := range all {
			allRefs = append(allRefs, refs[id])
		}
		if err != nil || !slices.Equal(allRefs, want) {
			t.Errorf("%s: OrderIDs: got %v, %v; want %v", name, allRefs, err, want)
		}
		if n, err := db.CountOrders(ctx, f); err != nil || n != len(want) {
			t.Errorf("%s: CountOrders: got %d, %v; want %d", name, n, err, len(want))
		}
	}
	for _, few := range []int{0, 1} {
		db.fewOrders = few
		t.Run(fmt.Sprintf("few %d", few), func(t *testing.T) {
			// up: G (no decision) first; the 0s by date: H 0, C 2, A 3, E 4; the 500s: B 1,
			// F 2; D 700
			check("by total", OrderFilter{Sort: SortTotal}, []string{"G", "H", "C", "A", "E", "B", "F", "D"})
			// down: D 700; the 500s by date down: F 2, B 1; the 0s: E 4, A 3, C 2, H 0; G last
			check("by total down", OrderFilter{Sort: SortTotal, Desc: true}, []string{"D", "F", "B", "E", "A", "C", "H", "G"})
			// DE only (A, C, D, F, H): D 700, F 500, then the 0s down by date: A 3, C 2, H 0
			check("DE by total down", OrderFilter{Sort: SortTotal, Desc: true, Country: "DE"}, []string{"D", "F", "A", "C", "H"})
			check("FR by total", OrderFilter{Sort: SortTotal, Country: "FR"}, []string{"E", "B"})
			check("unplanned", OrderFilter{Unplanned: true}, []string{"G"})
			// by mode: the unassignable (no mode) and G first by date: H 0, C 2, A 3, E 4,
			// G 5; then direct by date: B 1, D 1 (by id: B's is lower), F 2
			check("by mode", OrderFilter{Sort: SortMode}, []string{"H", "C", "A", "E", "G", "B", "D", "F"})
		})
	}
	// G planned (900): no order is unplanned, the total's first part is empty
	plan("G")
	for _, few := range []int{0, 1} {
		db.fewOrders = few
		t.Run(fmt.Sprintf("all planned, few %d", few), func(t *testing.T) {
			check("unplanned", OrderFilter{Unplanned: true}, nil)
			check("by total", OrderFilter{Sort: SortTotal}, []string{"H", "C", "A", "E", "B", "F", "D", "G"})
			check("by total down", OrderFilter{Sort: SortTotal, Desc: true}, []string{"G", "D", "F", "B", "E", "A", "C", "H"})
			check("US by total down", OrderFilter{Sort: SortTotal, Desc: true, Country: "US"}, []string{"G"})
		})
	}
	// cancelling G drops its decision (a row version): it is unplanned again
	if err := db.SetStatus(ctx, ids["G"], logistics.Cancelled); err != nil {
		t.Fatal(err)
	}
	db.fewOrders = 1
	check("unplanned after a cancel", OrderFilter{Unplanned: true}, []string{"G"})
	check("by total after a cancel", OrderFilter{Sort: SortTotal}, []string{"G", "H", "C", "A", "E", "B", "F", "D"})
}

// TestOrdersByTotalRareCountry: a country's orders (DE) rare among those of another
// (FR) by shipping cost — 25 FR totals 1001 … 1025, 12 FR orders unassignable — are
// matched against the country's ids once a chunk has not filled the page, over
// the values up to the next value of many orders (the 0 of 14 unassignable orders,
// with fewOrders 1: more than 10).
//
//	P day 1 DE 1012   Q day 2 DE unassignable   R day 0 DE unassignable   S day 4 DE 300
func TestOrdersByTotalRareCountry(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	d0 := logistics.DateOf(2026, 3, 1)
	type spec struct {
		ref     string
		day     int
		country string
		total   int64
	}
	specs := []spec{{"P", 1, "DE", 1012}, {"Q", 2, "DE", -1}, {"R", 0, "DE", -1}, {"S", 4, "DE", 300}}
	for i := 1; i <= 25; i++ {
		specs = append(specs, spec{fmt.Sprintf("X%02d", i), i % 3, "FR", int64(1000 + i)})
	}
	for i := 1; i <= 12; i++ {
		specs = append(specs, spec{fmt.Sprintf("Z%02d", i), i % 5, "FR", -1})
	}
	orders := map[string]logistics.Order{}
	seq := func(yield func(NewOrder, error) bool) {
		for _, s := range specs {
			o := logistics.Order{Ref: s.ref, Marketplace: "ebay", Date: d0 + logistics.Date(s.day), Country: s.country,
				PostalCode: "10115", Currency: "EUR", Lines: []logistics.Line{{SKU: "SKU-001", Qty: 1, UnitPrice: 10_000_000_000}}}
			orders[s.ref] = o
			if !yield(NewOrder{Order: o}, nil) {
				return
			}
		}
	}
	mustImport(t, db, seq, "rare")
	ids := map[string]int64{}
	for _, s := range specs {
		o, err := db.FindOrder(ctx, "ebay", s.ref)
		if err != nil {
			t.Fatal(err)
		}
		ids[s.ref] = o.ID
	}
	_, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
		for _, s := range specs {
			d := sortedDecision(orders[s.ref], s.total)
			if err := save(ids[s.ref], &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, few := range []int{0, 1} {
		db.fewOrders = few
		for _, c := range []struct {
			f    OrderFilter
			want []string
		}{
			// down: P 1012, S 300, the 0s down by date: Q 2, R 0
			{OrderFilter{Sort: SortTotal, Desc: true, Country: "DE"}, []string{"P", "S", "Q", "R"}},
			// up: the 0s by date: R 0, Q 2; S 300, P 1012
			{OrderFilter{Sort: SortTotal, Country: "DE"}, []string{"R", "Q", "S", "P"}},
		} {
			for off := range len(c.want) + 1 {
				rows, err := db.ListOrders(ctx, c.f, off, 2)
				var got []string
				for _, r := range rows {
					got = append(got, r.Ref)
				}
				if w := c.want[off:min(off+2, len(c.want))]; err != nil || !slices.Equal(got, w) {
					t.Errorf("few %d, %+v: ListOrders(%d, 2): got %v, %v; want %v", few, c.f, off, got, err, w)
				}
			}
		}
	}
}

// TestOrdersByTotalCountryWalk: a country's orders (DE) among another's (FR 2001 …
// 2020, and 12 unassignable: a value of many orders with fewOrders 1) by shipping
// cost, read by the walk of the values' index (countryRun) in batches of 1, 4, 16
// … decisions with fewOrders 1: the ties of 1500 and of 2010 (a FR order's total)
// over several batches, by date then id; a marketplace that the walk's orders must
// still pass (amazon: K4, K8). DE's 12 orders are more than 10 × fewOrders 1 (the
// decisions are tested in memory) and fewer than 10 × 2,000 (on SQLite, by SQLite).
//
//	K1 day 2 2010   K2 day 1 1500   K3 day 3 1500   K4 day 2 1500 amazon
//	K5 day 3 1500   K6 day 0 700    K7 day 4 unassignable   K8 day 1 unassignable amazon
//	L1, L2, L3, L4 day 9 unassignable
func TestOrdersByTotalCountryWalk(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	d0 := logistics.DateOf(2026, 3, 1)
	type spec struct {
		ref, market string
		day         int
		country     string
		total       int64
	}
	var specs []spec
	for i := 1; i <= 20; i++ {
		specs = append(specs, spec{fmt.Sprintf("F%02d", i), "ebay", i % 3, "FR", int64(2000 + i)})
	}
	for i := 1; i <= 12; i++ {
		specs = append(specs, spec{fmt.Sprintf("Z%02d", i), "ebay", i % 5, "FR", -1})
	}
	specs = append(specs, spec{"K1", "ebay", 2, "DE", 2010}, spec{"K2", "ebay", 1, "DE", 1500},
		spec{"K3", "ebay", 3, "DE", 1500}, spec{"K4", "amazon", 2, "DE", 1500}, spec{"K5", "ebay", 3, "DE", 1500},
		spec{"K6", "ebay", 0, "DE", 700}, spec{"K7", "ebay", 4, "DE", -1}, spec{"K8", "amazon", 1, "DE", -1})
	for i := 1; i <= 4; i++ {
		specs = append(specs, spec{fmt.Sprintf("L%d", i), "ebay", 9, "DE", -1})
	}
	orders := map[string]logistics.Order{}
	seq := func(yield func(NewOrder, error) bool) {
		for _, s := range specs {
			o := logistics.Order{Ref: s.ref, Marketplace: s.market, Date: d0 + logistics.Date(s.day), Country: s.country,
				PostalCode: "10115", Currency: "EUR", Lines: []logistics.Line{{SKU: "SKU-001", Qty: 1, UnitPrice: 10_000_000_000}}}
			orders[s.ref] = o
			if !yield(NewOrder{Order: o}, nil) {
				return
			}
		}
	}
	mustImport(t, db, seq, "walk")
	ids := map[string]int64{}
	refs := map[int64]string{}
	for _, s := range specs {
		o, err := db.FindOrder(ctx, s.market, s.ref)
		if err != nil {
			t.Fatal(err)
		}
		ids[s.ref], refs[o.ID] = o.ID, s.ref
	}
	if ids["K5"] < ids["K3"] || ids["L2"] < ids["L1"] || ids["L3"] < ids["L2"] || ids["L4"] < ids["L3"] {
		t.Fatalf("ids %v: the ties by id below assume K3 < K5 and L1 < L2 < L3 < L4", ids)
	}
	_, err := db.SavePlan(ctx, PlanRun{}, func(save func(int64, *logistics.Decision) error) error {
		for _, s := range specs {
			d := sortedDecision(orders[s.ref], s.total)
			if err := save(ids[s.ref], &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, few := range []int{0, 1} {
		db.fewOrders = few
		for _, c := range []struct {
			f    OrderFilter
			want []string
		}{
			// down: K1 2010; the 1500s by date down, then id down: K5 3, K3 3, K4 2,
			// K2 1; K6 700; the 0s by date down, then id down: L4, L3, L2, L1 (day 9),
			// K7 4, K8 1
			{OrderFilter{Sort: SortTotal, Desc: true, Country: "DE"},
				[]string{"K1", "K5", "K3", "K4", "K2", "K6", "L4", "L3", "L2", "L1", "K7", "K8"}},
			// up: the 0s: K8 1, K7 4, L1 … L4 (day 9, by id); K6 700; the 1500s by date,
			// then id: K2 1, K4 2, K3 3, K5 3; K1 2010
			{OrderFilter{Sort: SortTotal, Country: "DE"},
				[]string{"K8", "K7", "L1", "L2", "L3", "L4", "K6", "K2", "K4", "K3", "K5", "K1"}},
			// ebay only: K4 and K8 left out
			{OrderFilter{Sort: SortTotal, Desc: true, Country: "DE", Marketplace: "ebay"},
				[]string{"K1", "K5", "K3", "K2", "K6", "L4", "L3", "L2", "L1", "K7"}},
			// amazon only: K4 1500, K8 0 (down); up, the other way
			{OrderFilter{Sort: SortTotal, Desc: true, Country: "DE", Marketplace: "amazon"}, []string{"K4", "K8"}},
			{OrderFilter{Sort: SortTotal, Country: "DE", Marketplace: "amazon"}, []string{"K8", "K4"}},
			// days 1 to 2: K1 2, K4 2, K2 1, K8 1 (down)
			{OrderFilter{Sort: SortTotal, Desc: true, Country: "DE", From: d0 + 1, To: d0 + 2}, []string{"K1", "K4", "K2", "K8"}},
		} {
			for _, size := range []int{1, 2, 50} {
				for off := range len(c.want) + 1 {
					rows, err := db.ListOrders(ctx, c.f, off, size)
					var got []string
					for _, r := range rows {
						got = append(got, r.Ref)
					}
					if w := c.want[off:min(off+size, len(c.want))]; err != nil || !slices.Equal(got, w) {
						t.Errorf("few %d, %+v: ListOrders(%d, %d): got %v, %v; want %v", few, c.f, off, size, got, err, w)
					}
				}
			}
			all, err := db.OrderIDs(ctx, c.f)
			var allRefs []string
			for _, id := range all {
				allRefs = append(allRefs, refs[id])
			}
			if err != nil || !slices.Equal(allRefs, c.want) {
				t.Errorf("few %d, %+v: OrderIDs: got %v, %v; want %v", few, c.f, allRefs, err, c.want)
			}
		}
	}
}
