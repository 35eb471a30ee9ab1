package logistics_test

import (
	"slices"
	"testing"

	"shipmode/demo"
	"shipmode/logistics"
)

// TestDemoReasonsReadBack plans demo orders, some of them overridden, and reads every
// explanation and every option's reason back through the phrase catalog: a reason no
// phrase reads must be a compliance note of the rate book.
func TestDemoReasonsReadBack(t *testing.T) {
	rb := demo.RateBook()
	e, err := logistics.NewEngine(&rb)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, r := range rb.Compliance {
		notes = append(notes, r.Note)
	}
	var orders []logistics.PlanOrder
	err = demo.Orders(demo.OrderSpec{N: 3000, Seed: 11, Start: logistics.DateOf(2025, 12, 1)}, func(o logistics.Order, _ logistics.Status) error {
		po := logistics.PlanOrder{Order: o}
		if n := len(orders); n%37 == 0 {
			po.Override = &logistics.Override{Mode: logistics.Modes[n%4],
				Option: []string{"", "", "NO-SUCH-OPTION"}[n%3], Reason: []string{"", "customer asked (VIP): express"}[n%2]}
		}
		orders = append(orders, po)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]int{}
	_, err = e.Plan(orders, func(i int, d *logistics.Decision) error {
		o := &orders[i]
		x, ok := logistics.ParseExplanation(d.Reason, d.Options, o.Order.PromisedDays, d.Currency)
		if !ok {
			t.Errorf("order %s: explanation %q not read back", d.OrderRef, d.Reason)
			return nil
		}
		if (x.Override == nil) != (o.Override == nil) {
			t.Errorf("order %s: got override %v, want %v", d.OrderRef, x.Override, o.Override)
		}
		var b []byte
		for _, s := range x.Sentences(d.Options, d.Currency) {
			keys[s.Key]++
			b = s.Append(b, nil, nil)
		}
		if string(b) != d.Reason {
			t.Errorf("order %s: got sentences %q, want %q", d.OrderRef, b, d.Reason)
		}
		for _, opt := range d.Options {
			s := logistics.ParseReason(opt.Reason)
			keys[s.Key]++
			if got := s.String(); got != opt.Reason {
				t.Errorf("order %s option %s: got %q read back, want %q", d.OrderRef, opt.ID, got, opt.Reason)
			}
			if s.Key == "reason.note" && opt.Reason != "" && !slices.Contains(notes, opt.Reason) {
				t.Errorf("order %s option %s: reason %q is no phrase of the catalog", d.OrderRef, opt.ID, opt.Reason)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"explain.cheapest", "explain.runnerUp", "explain.override", "reason.zone", "reason.viaZone", "reason.stock", "reason.batch"} {
		if keys[k] == 0 {
			t.Errorf("no decision used %s: the demo does not exercise it", k)
		}
	}
	t.Logf("sentences by phrase: %v", keys)
}
