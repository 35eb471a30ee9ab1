package logistics

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Pair is a (SKU, warehouse) pair that scenario suggestions weigh: "stock this one
// SKU in this warehouse" (SPEC §9).
type Pair struct {
	SKU, Warehouse string
}

// SuggestionPairs lists every (SKU, warehouse) pair of the rate book — every
// product with every warehouse, or with the one named by warehouse when it is not
// empty — by SKU, then warehouse id.
func (e *Engine) SuggestionPairs(warehouse string) ([]Pair, error) {
	var whs []string
	for _, w := range e.warehouses {
		if warehouse == "" || w.ID == warehouse {
			whs = append(whs, w.ID)
		}
	}
	if len(whs) == 0 && warehouse != "" {
		return nil, fmt.Errorf("%w: %q", ErrUnknownWarehouse, warehouse)
	}
	slices.Sort(whs)
	skus := make([]string, 0, len(e.products))
	for s := range e.products {
		skus = append(skus, s)
	}
	slices.Sort(skus)
	pairs := make([]Pair, 0, len(skus)*len(whs))
	for _, s := range skus {
		for _, w := range whs {
			pairs = append(pairs, Pair{SKU: s, Warehouse: w})
		}
	}
	return pairs, nil
}

// SingleSKU returns the SKU of an order whose lines are all of one SKU. Only such
// an order can move in a single-SKU scenario (every line's SKU must be in S), so
// a pair's scenario over the history's orders of its SKU gives what it gives over
// the whole history, except that it may find the period empty or not served
// (ErrEmptyPeriod, ErrNotServed) where nothing would move anyway.
func SingleSKU(o *Order) (string, bool) {
	if len(o.Lines) == 0 {
		return "", false
	}
	sku := o.Lines[0].SKU
	for _, l := range o.Lines[1:] {
		if l.SKU != sku {
			return "", false
		}
	}
	return sku, true
}

// Suggest works out the single-SKU scenario of a pair (sc.SKUs is its one SKU,
// sc.Warehouse its warehouse) over history, which may be only the orders of that
// SKU (SingleSKU), and reports whether it is a suggestion: its monthly net is
// positive (SPEC §9). A period without orders or a warehouse that serves none of
// their destinations is no suggestion, not an error.
func (e *Engine) Suggest(sc Scenario, history []HistoryOrder) (ScenarioResult, bool, error) {
	res, err := e.Scenario(sc, history)
	switch {
	case errors.Is(err, ErrEmptyPeriod), errors.Is(err, ErrNotServed):
		return res, false, nil
	case err != nil:
		return res, false, err
	}
	return res, res.MonthlyNet > 0, nil
}

// RankSuggestions orders suggestions as SPEC §9 ranks them: by monthly net,
// largest first, then by payback, shortest first, then by SKU and warehouse id.
func RankSuggestions(rs []ScenarioResult) {
	slices.SortFunc(rs, func(a, b ScenarioResult) int {
		return cmp.Or(
			cmp.Compare(b.MonthlyNet, a.MonthlyNet),
			cmp.Compare(paybackKey(&a), paybackKey(&b)),
			slices.Compare(a.SKUs, b.SKUs),
			cmp.Compare(a.Warehouse, b.Warehouse),
		)
	})
}

// paybackKey sorts a result without payback after every result with one.
func paybackKey(r *ScenarioResult) int64 {
	if !r.HasPayback {
		return 1<<63 - 1
	}
	return r.PaybackTenths
}
