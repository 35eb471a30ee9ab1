package ops

import (
	"context"
	"errors"
	"fmt"
	"time"

	"shipmode/logistics"
	"shipmode/store"
)

// PlanRequest says what to plan.
type PlanRequest struct {
	From, To logistics.Date // the order dates planned (NoDate: open)
	// Decisions, if set, is given every decision as it is made, with its
	// explanation (for the JSON of `plan --json`); an error from it stops the
	// plan and stores nothing.
	Decisions func(*logistics.Decision) error
	// On a database server one desktop plans at a time: when another is planning,
	// Plan fails with a *store.PlanLockedError naming it — or, with Wait, calls
	// Waiting (if set) with that error and waits for it.
	Wait    bool
	Waiting func(*store.PlanLockedError)
}

// ModeTotal is what a plan assigned to one mode.
type ModeTotal struct {
	Orders int
	Spend  int64 // base-currency minor units
}

// PlanResult is the one-screen account of a plan.
type PlanResult struct {
	Run       store.PlanRun
	Currency  string // the base currency of every amount
	Orders    int    // open orders planned
	Shipped   int    // shipped orders of the period, kept as shipped
	Rounds    int    // planning rounds run
	Converged bool   // the rounds stopped because no batch changed (else: the round limit)
	// PerMode is indexed by logistics.Mode.
	PerMode      [len(logistics.Modes) + 1]ModeTotal
	Spend        int64
	Savings      logistics.Savings // against all direct mail (SPEC §6)
	SLARisks     int
	Unassignable int
	Elapsed      time.Duration
}

func (r *PlanResult) add(d *logistics.Decision) {
	r.Orders++
	c, ok := d.ChosenOption()
	if !ok {
		r.Unassignable++
		return
	}
	r.PerMode[c.Mode].Orders++
	r.PerMode[c.Mode].Spend += c.Total
	r.Spend += c.Total
	if d.SLARisk {
		r.SLARisks++
	}
	r.Savings.Add(d)
}

// Plan plans the open orders dated from..to (SPEC §5 planning) with the current
// rate book and stores the decisions in one transaction. Cancelling ctx stops it
// promptly and stores nothing. progress counts the decisions made.
func (s *Service) Plan(ctx context.Context, req PlanRequest, progress Progress) (PlanResult, error) {
	start := s.now()
	eng, _, ver, err := s.engine(ctx)
	if err != nil {
		return PlanResult{}, err
	}
	release, err := s.db.LockPlan(ctx, s.who.String(), req.Wait, req.Waiting)
	if err != nil {
		return PlanResult{}, err
	}
	defer release()
	// Pricing starts on the orders read so far while the rest are read.
	planner := eng.NewPlanner()
	planner.SkipReasons = req.Decisions == nil // the store rebuilds them when read
	defer planner.Close()
	in, err := s.db.PlanOrders(ctx, req.From, req.To, planner.Add)
	if err != nil {
		return PlanResult{}, fmt.Errorf("read orders: %w", err)
	}
	res := PlanResult{Currency: eng.BaseCurrency(), Shipped: len(in.Shipped)}
	total := int64(len(in.Orders))
	run := store.PlanRun{StartedAt: start, From: req.From, To: req.To, RateBookID: ver.ID, ReadAt: in.ReadAt, Orders: len(in.Orders)}
	run, st, err := s.planOrders(ctx, planner, in.Orders, in.IDs, run, func(d *logistics.Decision) error {
		res.add(d)
		if res.Orders%4096 == 0 {
			progress.report(int64(res.Orders), total)
		}
		if req.Decisions != nil {
			return req.Decisions(d)
		}
		return nil
	})
	if err != nil {
		return PlanResult{}, fmt.Errorf("plan: %w", err)
	}
	res.Run, res.Rounds, res.Converged = run, st.Rounds, st.Converged
	res.Elapsed = s.now().Sub(start)
	s.audit(ctx, "plan", fmt.Sprintf("%d orders (%s), run %d, rate book version %d", res.Orders, periodText(req.From, req.To), run.ID, ver.ID))
	progress.report(total, total)
	return res, nil
}

// planOrders plans orders (ids[i] is the store id of orders[i]) with planner and
// stores the decisions as the run, in one transaction; each decision is given to
// seen first (an error from it stops the plan and stores nothing).
func (s *Service) planOrders(ctx context.Context, planner *logistics.Planner, orders []logistics.PlanOrder, ids []int64,
	run store.PlanRun, seen func(*logistics.Decision) error) (store.PlanRun, logistics.PlanStats, error) {
	var st logistics.PlanStats
	run, err := s.db.SavePlan(ctx, run, func(save func(int64, *logistics.Decision) error) error {
		var err error
		st, err = planner.Plan(ctx, orders, func(i int, d *logistics.Decision) error {
			if err := seen(d); err != nil {
				return err
			}
			return save(ids[i], d)
		})
		return err
	})
	return run, st, err
}

// PlanState says whether the plan is out of date for the whole database: the rate
// book or the orders changed since the latest plan (or there is a rate book and
// no plan yet).
// Open orders without a decision are counted by the store's summaries.
type PlanState struct {
	RateBook        bool // there is a rate book to plan with
	Planned         bool // a plan was run
	RateBookChanged bool // the current rate book is not the one the latest plan priced with
	// OrdersChanged: orders were overridden, updated, cancelled or added since the
	// latest plan read them (an override takes effect at the next plan, which also
	// re-forms the consolidation batches it changes).
	OrdersChanged bool
}

// PlanState reads the plan's state; with no rate book it is the zero value.
func (s *Service) PlanState(ctx context.Context) (PlanState, error) {
	_, ver, err := s.db.RateBook(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return PlanState{}, nil
	}
	if err != nil {
		return PlanState{}, err
	}
	run, ok, err := s.db.LatestPlanRun(ctx)
	if err != nil {
		return PlanState{}, err
	}
	st := PlanState{RateBook: true, Planned: ok, RateBookChanged: ok && run.RateBookID != ver.ID}
	if ok && run.ReadAt > 0 {
		latest, err := s.db.LatestChange(ctx)
		if err != nil {
			return PlanState{}, err
		}
		st.OrdersChanged = latest > run.ReadAt
	}
	return st, nil
}
