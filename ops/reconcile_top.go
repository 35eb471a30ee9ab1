package ops

import (
	"cmp"
	"slices"

	"shipmode/logistics"
)

// TopFindings ranks the reconciled orders a seller should look at first: the
// billed orders with findings, by the size of their variance either way, largest
// first; of two the same size, the one added later comes first. An order whose only
// finding is not_billed is not ranked (it is counted, not listed): it has no bill to
// look at. `shipmode reconcile` prints the first ten; the Invoices screen lists them
// all, above the orders not billed. The zero value keeps every ranked order.
type TopFindings struct {
	// N is how many orders to keep (the N largest); 0 keeps all.
	N      int
	orders []rankedOrder // N > 0: by weight, largest first; N == 0: as added
	added  int
	sorted bool
}

type rankedOrder struct {
	weight int64
	seq    int
	order  ReconciledOrder
}

// Ranked reports whether TopFindings ranks o, and its weight: |variance|.
func Ranked(o *ReconciledOrder) (weight int64, ok bool) {
	if len(o.Findings) == 0 || len(o.Findings) == 1 && o.Findings[0].Kind == logistics.FindNotBilled {
		return 0, false
	}
	w := o.Variance
	if w < 0 {
		w = -w
	}
	return w, true
}

// Add offers o; TopFindings keeps a copy of it if it ranks among the N largest.
func (t *TopFindings) Add(o *ReconciledOrder) {
	w, ok := Ranked(o)
	if !ok {
		return
	}
	seq := t.added
	t.added++
	if t.N <= 0 {
		t.orders = append(t.orders, rankedOrder{w, seq, *o})
		t.sorted = false
		return
	}
	if len(t.orders) == t.N && w <= t.orders[t.N-1].weight {
		return
	}
	// before the orders of the same weight: the later one first
	i, _ := slices.BinarySearchFunc(t.orders, w, func(e rankedOrder, w int64) int { return cmp.Compare(w, e.weight) })
	t.orders = slices.Insert(t.orders, i, rankedOrder{w, seq, *o})
	if len(t.orders) > t.N {
		t.orders = t.orders[:t.N]
	}
}

// Len is the number of orders kept.
func (t *TopFindings) Len() int { return len(t.orders) }

// Orders returns the orders kept, largest variance first.
func (t *TopFindings) Orders() []ReconciledOrder {
	if t.N <= 0 && !t.sorted {
		slices.SortFunc(t.orders, func(a, b rankedOrder) int {
			return cmp.Or(cmp.Compare(b.weight, a.weight), cmp.Compare(b.seq, a.seq))
		})
		t.sorted = true
	}
	out := make([]ReconciledOrder, len(t.orders))
	for i := range t.orders {
		out[i] = t.orders[i].order
	}
	return out
}
