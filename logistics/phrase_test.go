package logistics_test

import (
	"slices"
	"testing"

	"shipmode/demo"
	"shipmode/logistics"
)

// TestDemoReasonsAreSentences plans demo orders, some of them overridden: every
// option's reason is a sentence of the catalog with a value for each placeholder
// (a compliance note holds the rate book's words), and the explanation's sentences
// say the decision's English.
func TestDemoReasonsAreSentences(t *testing.T) {
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
	// the reasons of the orders that ship on each departure of a lane
	type departure struct {
		lane string
		date logistics.Date
	}
	batches := map[departure]map[*logistics.Sentence]int{}
	stock := map[string]*logistics.Sentence{} // the reasons of missing stock, by their English
	st, err := e.Plan(orders, func(i int, d *logistics.Decision) error {
		if c, ok := d.ChosenOption(); ok && c.Mode == logistics.ModeConsolidation {
			k := departure{c.ID, c.Departure}
			if batches[k] == nil {
				batches[k] = map[*logistics.Sentence]int{}
			}
			batches[k][c.Reason]++
		}
		x := logistics.Explain(d.Options, d.Promise, d.Override)
		if (x.Override == nil) != (orders[i].Override == nil) {
			t.Errorf("order %s: got override %v, want %v", d.OrderRef, x.Override, orders[i].Override)
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
			where := d.OrderRef + " option " + opt.ID
			if opt.Reason.IsZero() {
				t.Errorf("order %s: no reason", where)
				continue
			}
			keys[opt.Reason.Key]++
			if opt.Reason.Key == "reason.stock" {
				english := opt.Reason.String()
				if s, ok := stock[english]; ok && s != opt.Reason {
					t.Errorf("order %s: %q is a sentence of its own, want the one the plan gave before", where, english)
				}
				stock[english] = opt.Reason
			}
			checkSentence(t, where, opt.Reason)
			if opt.Reason.Key == "reason.note" && !slices.Contains(notes, opt.Reason.String()) {
				t.Errorf("order %s: note %q is not in the rate book", where, opt.Reason)
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
	// the members of a batch share its reason, as options share a zone's
	members := 0
	for k, reasons := range batches {
		if len(reasons) > 1 && st.Converged {
			t.Errorf("%v: the members of the batch have %d reasons, want one sentence", k, len(reasons))
		}
		for _, n := range reasons {
			members += n
		}
	}
	if members <= len(batches) {
		t.Errorf("%d orders on %d departures: the demo has no batch of two", members, len(batches))
	}
	t.Logf("sentences by phrase: %v; %d orders on %d departures", keys, members, len(batches))
}

// checkSentence fails t unless s is a sentence of the engine's catalog with one
// value, named after it, for each of its placeholders, and so are the sentences in it.
func checkSentence(t *testing.T, where string, s *logistics.Sentence) {
	t.Helper()
	p, ok := logistics.PhraseOf(s.Key)
	if !ok || p != s.Phrase {
		t.Errorf("%s: %q is no phrase of the catalog", where, s.Key)
		return
	}
	names := p.Placeholders()
	if len(s.Args) != len(names) {
		t.Errorf("%s: %s has %d values, want %d", where, s.Key, len(s.Args), len(names))
		return
	}
	for i, a := range s.Args {
		if a.Name != names[i] || a.Kind == 0 || (a.Kind == logistics.ArgReason) != (a.Inner != nil) {
			t.Errorf("%s: %s: value %d is %+v, want {%s}", where, s.Key, i, a, names[i])
		}
		if a.Inner != nil {
			checkSentence(t, where, a.Inner)
		}
	}
}
