package logistics

import (
	"context"
	"fmt"
	"shipmode/crash"
	"strings"
	"testing"
)

// TestChooseManyWarehouses: coverage has a bit for each of the first 64 warehouse
// candidates; choose checks the ones beyond against the stock, so an order with 70
// candidates can still get the 66th.
func TestChooseManyWarehouses(t *testing.T) {
	const n = 70
	stock := make([]int64, n)
	s := slimOrder{direct: [2]cand{{total: 5000, days: 30, mode: ModeDirect, id: "POST"}}, nDirect: 1}
	for k := range n {
		// Dearer the further down the list, except the 66th, the cheapest of all.
		total := int64(1000 + k)
		if k == 65 {
			total = 10
		}
		s.whs = append(s.whs, whCand{cand: cand{total: total, days: 5, mode: ModeWarehouse, id: fmt.Sprintf("WH-%02d", k)},
			need: []slotNeed{{slot: int32(k), qty: 1}}})
	}
	r := &rounder{orders: []PlanOrder{{Order: Order{PromisedDays: 10}}}, offs: []int{0}}
	for _, tc := range []struct {
		onHand []int // warehouses with stock
		want   int
	}{
		{nil, -1},           // none covered: the direct option, late
		{[]int{3, 40}, 3},   // the cheaper covered one
		{[]int{40, 65}, 65}, // beyond the 64th
		{[]int{63, 69}, 63},
	} {
		clear(stock)
		for _, k := range tc.onHand {
			stock[k] = 1
		}
		covered := coverage(s.whs, stock)
		for k := range 64 {
			if got, want := covered>>k&1 == 1, stock[k] == 1; got != want {
				t.Errorf("stock at %v: coverage bit %d is %v, want %v", tc.onHand, k, got, want)
			}
		}
		if got := r.choose(0, &s, covered, stock); got != tc.want {
			t.Errorf("stock at %v: chose %d, want %d", tc.onHand, got, tc.want)
		}
	}
}

// TestStockReasonsShared: a plan's ledger gives the same reason of missing stock
// as the same sentence, and remembers a bounded number of them; a quote's makes
// each.
func TestStockReasonsShared(t *testing.T) {
	plan := stockLedger{why: map[stockWhy]*Sentence{}}
	a, b := plan.reason("WH-1", "MUG", 0, 2), plan.reason("WH-1", "MUG", 0, 2)
	if a != b || a.String() != "WH-1 has 0 of MUG, needs 2" {
		t.Errorf("got %p %q and %p %q, want one sentence", a, a.String(), b, b.String())
	}
	if c := plan.reason("WH-1", "MUG", 1, 2); c == a || c.String() != "WH-1 has 1 of MUG, needs 2" {
		t.Errorf("got %q, want a sentence of its own", c.String())
	}
	for i := range 3 * maxStockWhy {
		plan.reason("WH-1", "MUG", int64(i), 1e6)
		if len(plan.why) > maxStockWhy {
			t.Fatalf("after %d reasons: %d remembered, want at most %d", i+1, len(plan.why), maxStockWhy)
		}
	}
	var quote stockLedger
	if a, b := quote.reason("W", "S", 0, 1), quote.reason("W", "S", 0, 1); a == b || a.String() != b.String() {
		t.Errorf("quote: got %p and %p, want two sentences that say the same", a, b)
	}
}

// TestParallelRaisesAWorkersPanic: a panic on one of parallel's workers reaches the
// caller's goroutine with the worker's stack (the program's crash handler is
// there), and the other workers are not left blocked.
func TestParallelRaisesAWorkersPanic(t *testing.T) {
	defer func() {
		p, ok := recover().(*crash.Panic)
		if !ok || p.Value != "order 5000" || !strings.Contains(string(p.Stack), "TestParallelRaisesAWorkersPanic.func") {
			t.Fatalf("got %#v, want a *crash.Panic of the worker", p)
		}
	}()
	parallel(context.Background(), 100000, func(_, i int) {
		if i == 5000 {
			panic("order 5000")
		}
	})
	t.Fatal("parallel returned")
}
