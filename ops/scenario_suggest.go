package ops

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"shipmode/logistics"
	"shipmode/store"
)

// SuggestRequest asks which SKUs are worth stocking in which warehouse (SPEC §9).
type SuggestRequest struct {
	Warehouse string         // "": every warehouse of the rate book
	From, To  logistics.Date // 0 or NoDate: the 90 days ending at the latest order date
	CoverDays int            // 0: the rate book's cover_days
	Top       int            // keep the first Top suggestions; 0: all
	// Workers is how many pairs are worked out at once; 0: one per core.
	Workers int
}

// SuggestResult is the ranked suggestions: single-SKU scenarios with a positive
// monthly net, best first.
type SuggestResult struct {
	Currency       string // of every amount
	From, To       logistics.Date
	CoverDays      int
	CapitalCostPct logistics.Dec // per year
	Pairs          int           // (SKU, warehouse) pairs weighed
	Found          int           // suggestions before the Top cut
	Suggestions    []logistics.ScenarioResult
}

// SuggestScenarios weighs every (SKU, warehouse) pair of the rate book — or the
// SKUs in one warehouse — as a single-SKU scenario over the order history and
// keeps those whose monthly net is positive, ranked by monthly net, then payback,
// then SKU and warehouse id (SPEC §9). It reads the history once and gives each
// pair only the orders whose lines are all of its SKU (the only ones it can
// move); the pairs run on every core. progress counts the pairs; a pair whose SKU
// has no such order is counted without work (nothing moves, the net is 0).
func (s *Service) SuggestScenarios(ctx context.Context, req SuggestRequest, progress Progress) (SuggestResult, error) {
	var res SuggestResult
	eng, _, _, err := s.engine(ctx)
	if err != nil {
		return res, err
	}
	pairs, err := eng.SuggestionPairs(req.Warehouse)
	if err != nil {
		return res, &InputError{Err: err}
	}
	total := int64(len(pairs))
	progress.report(0, total)
	from, to, err := s.scenarioPeriod(ctx, req.From, req.To)
	if err != nil {
		return res, err
	}
	in, err := s.db.PlanInput(ctx, from, to)
	if err != nil {
		return res, fmt.Errorf("read the orders: %w", err)
	}
	if len(in.Orders)+len(in.Shipped) == 0 {
		return res, &InputError{Err: fmt.Errorf("%w: no orders from %s to %s", logistics.ErrEmptyPeriod, from, to)}
	}
	// Group the orders by their one SKU, each group allocated once at its size.
	sizes := map[string]int{}
	eachHistoryOrder(&in, func(h logistics.HistoryOrder) {
		if sku, ok := logistics.SingleSKU(&h.Order); ok {
			sizes[sku]++
		}
	})
	bySKU := make(map[string][]logistics.HistoryOrder, len(sizes))
	for sku, n := range sizes {
		bySKU[sku] = make([]logistics.HistoryOrder, 0, n)
	}
	eachHistoryOrder(&in, func(h logistics.HistoryOrder) {
		if sku, ok := logistics.SingleSKU(&h.Order); ok {
			bySKU[sku] = append(bySKU[sku], h)
		}
	})
	in = store.PlanInput{} // the groups hold all the pairs need: let the rest go
	st := eng.Settings()
	res = SuggestResult{Currency: eng.BaseCurrency(), From: from, To: to,
		CoverDays: cmp.Or(req.CoverDays, st.CoverDays), CapitalCostPct: st.CapitalCostPct, Pairs: len(pairs)}

	var work []logistics.Pair
	var done int64
	for _, p := range pairs {
		if len(bySKU[p.SKU]) > 0 {
			work = append(work, p)
		} else {
			done++
		}
	}
	progress.report(done, total)

	type outcome struct {
		res  logistics.ScenarioResult
		keep bool
		err  error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make(chan outcome, len(work))
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := req.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	for range min(workers, len(work)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(work) || ctx.Err() != nil {
					return
				}
				p := work[i]
				sc := logistics.Scenario{Warehouse: p.Warehouse, SKUs: []string{p.SKU}, From: from, To: to,
					CoverDays: res.CoverDays, CapitalCostPct: st.CapitalCostPct}
				r, keep, err := eng.Suggest(sc, bySKU[p.SKU])
				if err != nil {
					err = fmt.Errorf("scenario %s in %s: %w", p.SKU, p.Warehouse, err)
				}
				if !keep {
					r = logistics.ScenarioResult{} // let its moved orders go
				}
				out <- outcome{res: r, keep: keep, err: err}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	var firstErr error
	for o := range out {
		done++
		progress.report(done, total)
		switch {
		case o.err != nil && firstErr == nil:
			firstErr = o.err
			cancel()
		case o.keep:
			res.Suggestions = append(res.Suggestions, o.res)
		}
	}
	if firstErr != nil {
		return SuggestResult{}, firstErr
	}
	if err := ctx.Err(); err != nil {
		return SuggestResult{}, err
	}
	logistics.RankSuggestions(res.Suggestions)
	res.Found = len(res.Suggestions)
	if req.Top > 0 && len(res.Suggestions) > req.Top {
		res.Suggestions = res.Suggestions[:req.Top:req.Top]
	}
	return res, nil
}
