package cli

import (
	"context"
	"flag"
	"fmt"
	"iter"
	"time"

	"shipmode/demo"
	"shipmode/logistics"
	"shipmode/store"
)

// demoStart is the first day of the demo orders: the demo rate book's prices and FX
// rates cover 2025 and 2026, and a fixed start keeps a seed's data the same on every
// day it is generated.
var demoStart = logistics.DateOf(2025, 12, 1)

func demoCmd(ctx context.Context, g globals, env Env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	n := fs.Int("orders", 20000, "number of orders")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same data")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *n < 0 {
		return usagef("want: demo [--orders N] [--seed S]")
	}
	db, err := openDB(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	res, err := LoadDemo(ctx, db, *n, *seed, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "demo data: rate book version %d, %d orders (%d new, %d updated, %d unchanged), %d decisions, in %.1f s\n",
		res.RateBookVersion, *n, res.Import.Inserted, res.Import.Updated, res.Import.Unchanged, res.Decisions, time.Since(start).Seconds())
	return nil
}

// DemoResult says what LoadDemo stored.
type DemoResult struct {
	RateBookVersion int64
	Import          store.ImportResult
	Decisions       int
}

// LoadDemo fills db with the demo rate book (with its products and stock) and n
// demo orders, then plans every order of the demo year so that shipped orders carry
// the decision they shipped under and open orders the current plan. progress, if
// not nil, is told the share done (0 to 1). The desktop app calls it too.
func LoadDemo(ctx context.Context, db *store.DB, n int, seed int64, progress func(float64)) (DemoResult, error) {
	var res DemoResult
	report := func(f float64) {
		if progress != nil {
			progress(f)
		}
	}
	rb := demo.RateBook()
	v, err := db.SaveRateBook(ctx, rb, "demo")
	if err != nil {
		return res, fmt.Errorf("save the demo rate book: %w", err)
	}
	res.RateBookVersion = v.ID
	report(0.05)
	var genErr error
	orders := func(yield func(store.NewOrder, error) bool) {
		i := 0
		stop := fmt.Errorf("stop")
		genErr = demo.Orders(demo.OrderSpec{N: n, Seed: seed, Start: demoStart}, func(o logistics.Order, s logistics.Status) error {
			if !yield(store.NewOrder{Order: o, Status: s}, nil) {
				return stop
			}
			i++
			if i%65536 == 0 {
				report(0.05 + 0.45*float64(i)/float64(max(n, 1)))
			}
			return nil
		})
		if genErr == stop {
			genErr = nil
		}
	}
	res.Import, err = db.ImportOrders(ctx, iter.Seq2[store.NewOrder, error](orders), store.ImportOptions{Source: "demo"})
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
	in, err := db.PlanInput(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil {
		return res, fmt.Errorf("read the demo orders: %w", err)
	}
	// Shipped orders are planned with the open ones, as they were when they shipped.
	all := make([]logistics.PlanOrder, 0, len(in.Orders)+len(in.Shipped))
	ids := make([]int64, 0, cap(all))
	for _, s := range in.Shipped {
		all = append(all, logistics.PlanOrder{Order: s.Order})
		ids = append(ids, s.ID)
	}
	all = append(all, in.Orders...)
	ids = append(ids, in.IDs...)
	total := len(all)
	run, err := db.SavePlan(ctx, store.PlanRun{RateBookID: v.ID}, func(save func(int64, *logistics.Decision) error) error {
		done := 0
		planner := eng.NewPlanner()
		planner.SkipReasons = true // the store rebuilds them when read
		_, err := planner.Plan(ctx, all, func(i int, d *logistics.Decision) error {
			done++
			if done%65536 == 0 {
				report(0.5 + 0.5*float64(done)/float64(total))
			}
			return save(ids[i], d)
		})
		return err
	})
	if err != nil {
		return res, fmt.Errorf("plan the demo orders: %w", err)
	}
	res.Decisions = run.Decisions
	report(1)
	return res, nil
}
