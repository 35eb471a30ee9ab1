package ops

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"shipmode/demo"
	"shipmode/logistics"
	"shipmode/store"
)

// demoStart is the first day of the demo orders: the demo rate book's prices and FX
// rates cover 2025 and 2026, and a fixed start keeps a seed's data the same on every
// day it is generated.
var demoStart = logistics.DateOf(2025, 12, 1)

// DemoRequest says how much demo data to make.
type DemoRequest struct {
	Orders int
	Seed   int64 // the same seed gives the same data
}

// DemoResult says what LoadDemo stored.
type DemoResult struct {
	RateBookVersion int64
	Import          store.ImportResult
	Decisions       int
}

// LoadDemo fills the database with the demo rate book (with its products and
// stock) and the demo orders, then plans every order of the demo year so that
// shipped orders carry the decision they shipped under and open orders the current
// plan. progress counts thousandths of the work.
func (s *Service) LoadDemo(ctx context.Context, req DemoRequest, progress Progress) (DemoResult, error) {
	var res DemoResult
	report := func(f float64) { progress.report(int64(1000*f), 1000) }
	rb := demo.RateBook()
	v, err := s.db.SaveRateBook(ctx, rb, "demo")
	if err != nil {
		return res, fmt.Errorf("save the demo rate book: %w", err)
	}
	res.RateBookVersion = v.ID
	report(0.05)
	n := req.Orders
	var genErr error
	errStop := errors.New("stop")
	orders := func(yield func(store.NewOrder, error) bool) {
		i := 0
		genErr = demo.Orders(demo.OrderSpec{N: n, Seed: req.Seed, Start: demoStart}, func(o logistics.Order, st logistics.Status) error {
			if !yield(store.NewOrder{Order: o, Status: st}, nil) {
				return errStop
			}
			i++
			if i%65536 == 0 {
				report(0.05 + 0.45*float64(i)/float64(max(n, 1)))
			}
			return nil
		})
		if genErr == errStop {
			genErr = nil
		}
	}
	res.Import, err = s.db.ImportOrders(ctx, iter.Seq2[store.NewOrder, error](orders), store.ImportOptions{Source: "demo"})
	if err == nil {
		err = genErr
	}
	if err != nil {
		return res, fmt.Errorf("store the demo orders: %w", err)
	}
	report(0.5)
	eng, err := logistics.NewEngine(&rb)
	if err != nil {
		return res, fmt.Errorf("demo rate book: %w", err)
	}
	in, err := s.db.PlanInput(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil {
		return res, fmt.Errorf("read the demo orders: %w", err)
	}
	// Shipped orders are planned among themselves, as they were when they shipped;
	// then the open orders are planned as Plan plans them, with the stock on hand,
	// so that the demo opens in the state a Plan keeps (planning again changes
	// nothing). The orders are read once for both.
	shipped := make([]logistics.PlanOrder, 0, len(in.Shipped))
	ids := make([]int64, 0, cap(shipped))
	for _, sh := range in.Shipped {
		shipped = append(shipped, logistics.PlanOrder{Order: sh.Order})
		ids = append(ids, sh.ID)
	}
	total, done := len(shipped)+len(in.Orders), 0
	seen := func(*logistics.Decision) error {
		if done++; done%65536 == 0 {
			report(0.5 + 0.5*float64(done)/float64(total))
		}
		return nil
	}
	var runs [2]store.PlanRun
	for k, part := range [2]struct {
		orders []logistics.PlanOrder
		ids    []int64
	}{{shipped, ids}, {in.Orders, in.IDs}} {
		planner := eng.NewPlanner()
		planner.SkipReasons = true // the store rebuilds them when read
		runs[k], _, err = s.planOrders(ctx, planner, part.orders, part.ids, store.PlanRun{RateBookID: v.ID, ReadAt: in.ReadAt}, seen)
		planner.Close()
		if err != nil {
			return res, fmt.Errorf("plan the demo orders: %w", err)
		}
	}
	res.Decisions = runs[0].Decisions + runs[1].Decisions
	// The demo plans its shipped and open orders as two runs, which keep no
	// dashboard sums between them: summed once here, the dashboard opens on them
	// (about 5 s of a 1,000,000-order demo, else spent at its first open).
	if err := s.db.KeepSummary(ctx); err != nil {
		return res, fmt.Errorf("sum the demo's dashboard: %w", err)
	}
	s.audit(ctx, "demo", fmt.Sprintf("rate book version %d, %d orders (%d new), %d decisions", v.ID, req.Orders, res.Import.Inserted, res.Decisions))
	report(1)
	return res, nil
}
