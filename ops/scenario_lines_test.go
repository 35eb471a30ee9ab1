package ops_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"shipmode/logistics"
	"shipmode/ops"
)

// TestScenarioReadsOnlyTheSKUsOrders: Scenario reads only the orders of the
// scenario's SKUs (the order lines' index) and asks the store the rest, and gives
// what the engine gives over the whole history — figures, moved orders in order,
// and the errors of an empty period or a warehouse serving none of the period's
// destinations — for one SKU, two, a mixed set and every SKU, over the default
// period and single days. MovedIDs name the moved orders.
func TestScenarioReadsOnlyTheSKUsOrders(t *testing.T) {
	ctx := context.Background()
	svc := demoService(t, 3000)
	rb, _, err := svc.DB().RateBook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	latest, _, err := svc.DB().LatestOrderDate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in, err := svc.DB().PlanInput(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The whole history, as ops read it before the order lines: open orders in
	// planning order, then shipped ones.
	var history []logistics.HistoryOrder
	for i := range in.Orders {
		a := in.Current[i]
		history = append(history, logistics.HistoryOrder{Order: in.Orders[i].Order, Assigned: a.Mode != 0, Baseline: a.Total})
	}
	for _, sh := range in.Shipped {
		history = append(history, logistics.HistoryOrder{Order: sh.Order, Assigned: sh.Mode != 0, Baseline: sh.Total})
	}
	var all []string
	for _, p := range rb.Products {
		all = append(all, p.SKU)
	}
	// A day whose orders WH-JP-NRT serves none of, and one it serves some of but
	// none of CHOPSTICKS alone.
	var notServed, othersServed logistics.Date
	for d := latest; d > latest-60 && (notServed == 0 || othersServed == 0); d-- {
		jp, chop := false, false
		for _, h := range history {
			if h.Order.Date == d && eng.Serves("WH-JP-NRT", h.Order.Country, h.Order.PostalCode) {
				jp = true
				chop = chop || (len(h.Order.Lines) > 0 && !slices.ContainsFunc(h.Order.Lines, func(l logistics.Line) bool { return l.SKU != "CHOPSTICKS" }))
			}
		}
		if !jp && notServed == 0 {
			notServed = d
		}
		if jp && !chop && othersServed == 0 {
			othersServed = d
		}
	}
	// The SKU that moves most orders alone into WH-US-ONT.
	best, most := "", 0
	for _, sku := range all {
		r, err := eng.Scenario(logistics.Scenario{Warehouse: "WH-US-ONT", SKUs: []string{sku}, From: latest - 89, To: latest, CoverDays: 30}, history)
		if err == nil && r.OrdersMoved > most {
			best, most = sku, r.OrdersMoved
		}
	}
	if notServed == 0 || othersServed == 0 {
		t.Fatalf("the demo has no day for the served cases (%s, %s)", notServed, othersServed)
	}
	tests := []struct {
		name     string
		req      ops.ScenarioRequest
		wantErr  error
		wantMove bool
	}{
		{"two SKUs", ops.ScenarioRequest{Warehouse: "WH-GB-BHX", SKUs: []string{"RUN-SHOES", "CHOPSTICKS"}}, nil, true},
		{"one SKU", ops.ScenarioRequest{Warehouse: "WH-US-ONT", SKUs: []string{best}}, nil, true},
		{"mixed set", ops.ScenarioRequest{Warehouse: "WH-DE-LEJ", SKUs: []string{"PERFUME-50", "ESS-OIL-6", "LIPSTICK-SET", "SHEET-MASK-10"}, CoverDays: 45}, nil, true},
		{"every SKU", ops.ScenarioRequest{Warehouse: "WH-US-ONT", SKUs: all}, nil, true},
		{"no order of the SKU", ops.ScenarioRequest{Warehouse: "WH-GB-BHX", SKUs: []string{"CHOPSTICKS"}, From: othersServed, To: othersServed}, nil, false},
		{"the SKU's orders are not served, others are", ops.ScenarioRequest{Warehouse: "WH-JP-NRT", SKUs: []string{"CHOPSTICKS"}, From: othersServed, To: othersServed}, nil, false},
		{"not served", ops.ScenarioRequest{Warehouse: "WH-JP-NRT", SKUs: []string{"MUG-350", "CHOPSTICKS"}, From: notServed, To: notServed}, logistics.ErrNotServed, false},
		{"empty period", ops.ScenarioRequest{Warehouse: "WH-GB-BHX", SKUs: []string{"MUG-350"}, From: latest + 1, To: latest + 9}, logistics.ErrEmptyPeriod, false},
		{"unknown SKU", ops.ScenarioRequest{Warehouse: "WH-GB-BHX", SKUs: []string{"MUG-350", "NOPE"}}, logistics.ErrUnknownProduct, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.Scenario(ctx, tt.req, nil)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			from, to := tt.req.From, tt.req.To
			if to == 0 {
				from, to = latest-89, latest
			}
			sc := logistics.Scenario{Warehouse: tt.req.Warehouse, SKUs: tt.req.SKUs, From: from, To: to,
				CoverDays: max(tt.req.CoverDays, 30), CapitalCostPct: logistics.DecInt(25)}
			want, werr := eng.Scenario(sc, history)
			if !errors.Is(werr, tt.wantErr) {
				t.Fatalf("the engine over the whole history: got error %v, want %v", werr, tt.wantErr)
			}
			if err != nil {
				return
			}
			if tt.wantMove != (got.OrdersMoved > 0) {
				t.Errorf("got %d orders moved, want some: %v", got.OrdersMoved, tt.wantMove)
			}
			if g, w := movedText(got.Moved), movedText(want.Moved); !slices.Equal(g, w) {
				t.Errorf("moved orders: got %d %.3v…, want %d %.3v…", len(g), g, len(w), w)
			}
			got.Moved, want.Moved = nil, nil
			if !reflect.DeepEqual(got.ScenarioResult, want) {
				t.Errorf("got  %+v\nwant %+v", got.ScenarioResult, want)
			}
			if len(got.MovedIDs) != got.OrdersMoved {
				t.Fatalf("got %d ids of %d moved orders", len(got.MovedIDs), got.OrdersMoved)
			}
		})
	}
	res, err := svc.Scenario(ctx, tests[0].req, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range res.MovedIDs {
		o, err := svc.DB().Order(ctx, id)
		if err != nil || o.Ref != res.Moved[i].Order.Ref {
			t.Fatalf("moved order %d: id %d is %q (%v), want %q", i, id, o.Ref, err, res.Moved[i].Order.Ref)
		}
	}
}

func movedText(ms []logistics.MovedOrder) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = fmt.Sprintf("%s/%d/%d/%d", m.Order.Ref, m.Baseline, m.Total, m.Saving)
	}
	return out
}
