package ops

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"shipmode/logistics"
	"shipmode/store"
)

// ScenarioRequest asks "stock these SKUs in this warehouse" (SPEC §9).
type ScenarioRequest struct {
	Warehouse string
	SKUs      []string
	From, To  logistics.Date // 0 or NoDate: the 90 days ending at the latest order date
	CoverDays int            // 0: the rate book's cover_days
}

// ScenarioResult is a scenario's figures with the base currency they are in.
type ScenarioResult struct {
	logistics.ScenarioResult
	Currency string
	// MovedIDs[i] is the store id of the order Moved[i] (to open its detail).
	MovedIDs []int64
}

// historyDays is the default history of a scenario: 90 days.
const historyDays = 90

// Scenario works out a scenario over the order history (not cancelled) with the
// current rate book: the orders the warehouse would take at a lower cost, the stock
// and capital that needs, and when it pays back (logistics.Engine.Scenario). Its
// errors are the user's when they name a warehouse, a SKU or a period that does not
// work (exit 1 on the command line). progress is told the start and the end.
//
// It reads only the orders that can move — those whose every line is of the SKUs,
// found through the order lines' SKU index (store.ScenarioOrders) — and asks the
// store about the rest of the period only what the figures depend on: whether it
// has orders, and, when no order read is one the warehouse serves, whether another
// is (logistics.Engine.ScenarioOf).
func (s *Service) Scenario(ctx context.Context, req ScenarioRequest, progress Progress) (ScenarioResult, error) {
	progress.report(0, 1)
	eng, _, _, err := s.engine(ctx)
	if err != nil {
		return ScenarioResult{}, err
	}
	from, to, err := s.scenarioPeriod(ctx, req.From, req.To)
	if err != nil {
		return ScenarioResult{}, err
	}
	st := eng.Settings()
	sc := logistics.Scenario{Warehouse: req.Warehouse, SKUs: req.SKUs, From: from, To: to,
		CoverDays: cmp.Or(req.CoverDays, st.CoverDays), CapitalCostPct: st.CapitalCostPct}
	if _, err := eng.SuggestionPairs(req.Warehouse); err != nil {
		return ScenarioResult{}, &InputError{Err: err} // an unknown warehouse, before reading anything
	}
	orders, err := s.db.ScenarioOrders(ctx, from, to, req.SKUs)
	if err != nil {
		return ScenarioResult{}, fmt.Errorf("read the orders: %w", err)
	}
	history := make([]logistics.HistoryOrder, len(orders))
	ids := make(map[*logistics.Order]int64, len(orders))
	for i := range orders {
		o := &orders[i]
		history[i] = logistics.HistoryOrder{Order: o.Order, Assigned: o.Mode != 0, Baseline: o.Total}
		ids[&history[i].Order] = o.ID
	}
	facts := logistics.PeriodFacts{Served: func() (bool, error) {
		return s.db.AnyDestination(ctx, from, to, func(country, postal string) bool {
			return eng.Serves(req.Warehouse, country, postal)
		})
	}}
	if len(history) == 0 {
		if facts.HasOrders, err = s.db.HasOrders(ctx, from, to); err != nil {
			return ScenarioResult{}, err
		}
	}
	res, err := eng.ScenarioOf(sc, history, facts)
	switch {
	case errors.Is(err, logistics.ErrUnknownWarehouse), errors.Is(err, logistics.ErrUnknownProduct),
		errors.Is(err, logistics.ErrEmptyPeriod), errors.Is(err, logistics.ErrNotServed):
		return ScenarioResult{}, &InputError{Err: err}
	case err != nil:
		return ScenarioResult{}, fmt.Errorf("scenario: %w", err)
	}
	out := ScenarioResult{ScenarioResult: res, Currency: eng.BaseCurrency(), MovedIDs: make([]int64, len(res.Moved))}
	for i, m := range res.Moved {
		out.MovedIDs[i] = ids[m.Order]
	}
	progress.report(1, 1)
	return out, nil
}

// scenarioPeriod is a scenario's period: an end left at 0 or NoDate makes it the
// 90 days ending at the latest order date.
func (s *Service) scenarioPeriod(ctx context.Context, from, to logistics.Date) (logistics.Date, logistics.Date, error) {
	if to == 0 || to == logistics.NoDate {
		latest, ok, err := s.db.LatestOrderDate(ctx)
		if err != nil {
			return from, to, err
		}
		if !ok {
			return from, to, &InputError{Err: fmt.Errorf("%w: no orders yet", logistics.ErrEmptyPeriod)}
		}
		to = latest
	}
	if from == 0 || from == logistics.NoDate {
		from = to.AddDays(-(historyDays - 1))
	}
	return from, to, nil
}

// eachHistoryOrder gives f every order of in, open and shipped, with its recorded
// decision: a scenario's history.
func eachHistoryOrder(in *store.PlanInput, f func(logistics.HistoryOrder)) {
	add := func(o logistics.Order, a store.Assignment) {
		f(logistics.HistoryOrder{Order: o, Assigned: a.Mode != 0, Baseline: a.Total})
	}
	for i := range in.Orders {
		add(in.Orders[i].Order, in.Current[i])
	}
	for _, sh := range in.Shipped {
		add(sh.Order, sh.Assignment)
	}
}
