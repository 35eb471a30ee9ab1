package demo

import (
	"testing"

	"shipmode/logistics"
)

func TestRateBookValid(t *testing.T) {
	rb := RateBook()
	for _, p := range rb.Validate() {
		t.Errorf("got problem %s", p)
	}
}

// TestPlanDemo plans the open demo orders with the demo rate book: every mode must
// win some orders, and few orders may be unassignable or miss their promise.
func TestPlanDemo(t *testing.T) {
	rb := RateBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	var open []logistics.PlanOrder
	err = Orders(OrderSpec{N: 20000, Seed: 1, Start: start}, func(o logistics.Order, s logistics.Status) error {
		if s == logistics.Open {
			open = append(open, logistics.PlanOrder{Order: o})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mix := map[string]int{}
	var unassignable, sla int
	var total int64
	_, err = e.Plan(open, func(_ int, d *logistics.Decision) error {
		opt, ok := d.ChosenOption()
		if !ok {
			unassignable++
			return nil
		}
		mix[opt.Mode.String()]++
		mix[opt.ID]++
		total += opt.Total
		if d.SLARisk {
			sla++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := len(open)
	t.Logf("%d open orders: mix %v, %d unassignable, %d SLA risks, average %.2f USD", n, mix, unassignable, sla, float64(total)/100/float64(n-unassignable))
	for _, m := range logistics.Modes {
		if mix[m.String()] < n/200 {
			t.Errorf("got %d orders by %s of %d, want at least 1 %%", mix[m.String()], m, n)
		}
	}
	if unassignable > n*3/100 {
		t.Errorf("got %d unassignable orders of %d, want at most 3 %%", unassignable, n)
	}
	if sla > n*15/100 {
		t.Errorf("got %d SLA risks of %d, want at most 15 %%", sla, n)
	}
	if avg := total / int64(n-unassignable); avg < 300 || avg > 4000 {
		t.Errorf("got an average cost of %d cents per order, want 3–40 USD", avg)
	}
}
