// Command planbench plans the open orders of a shipmode database, to measure and
// profile planning:
//
//	planbench -db FILE [-runs N] [-cpuprofile FILE]
//
// plans in memory, as `shipmode plan` does but without writing the decisions, to
// measure the engine alone. Each run prints its wall and CPU time and a hash of the
// decisions (order, chosen option, total, SLA flag, every option's total), which
// must not change when the engine is only made faster.
//
//	planbench -db FILE -save [-cpuprofile FILE] [-memprofile FILE]
//
// plans and stores the decisions as `shipmode plan` does (so give it a copy of the
// database), and prints when each phase ended — reading, the rounds (the first
// decision), emitting, the writer and the commit, closing the file — with the wall
// and CPU time of each.
package main

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"time"

	"shipmode/logistics"
	"shipmode/store"
)

func main() {
	path := flag.String("db", "", "shipmode database")
	runs := flag.Int("runs", 1, "plans to run")
	save := flag.Bool("save", false, "store the decisions too (one run), printing each phase's time")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the plans (with -save: of everything) to this file")
	memprof := flag.String("memprofile", "", "with -save: write an allocation profile to this file")
	flag.Parse()
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(800 << 20) // as shipmode's main does
	}
	var err error
	if *save {
		err = planAndSave(*path, *prof, *memprof)
	} else {
		err = run(*path, *runs, *prof)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "planbench:", err)
		os.Exit(1)
	}
}

func run(path string, runs int, prof string) error {
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	rb, _, err := db.RateBook(ctx)
	if err != nil {
		return err
	}
	eng, err := logistics.NewEngine(&rb)
	if err != nil {
		return err
	}
	start, cpu := time.Now(), cpuTime()
	in, err := db.PlanInputFunc(ctx, logistics.NoDate, logistics.NoDate, nil)
	if err != nil {
		return err
	}
	fmt.Printf("read %d open orders in %.2f s, %.2f s CPU\n", len(in.Orders), time.Since(start).Seconds(), (cpuTime() - cpu).Seconds())
	if prof != "" {
		f, err := os.Create(prof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for range runs {
		h := fnv.New64a()
		var b []byte
		start, cpu := time.Now(), cpuTime()
		p := eng.NewPlanner()
		p.SkipReasons = true
		st, err := p.Plan(ctx, in.Orders, func(i int, d *logistics.Decision) error {
			b = strconv.AppendInt(b[:0], int64(i), 10)
			b = strconv.AppendInt(append(b, ' '), int64(d.Chosen), 10)
			b = strconv.AppendBool(append(b, ' '), d.SLARisk)
			for _, o := range d.Options {
				b = append(append(b, ';'), o.ID...)
				b = strconv.AppendBool(append(b, ' '), o.Feasible)
				b = strconv.AppendInt(append(b, ' '), o.Total, 10)
				b = strconv.AppendInt(append(b, ' '), int64(o.TransitDays), 10)
				b = strconv.AppendInt(append(b, ' '), int64(o.Departure), 10)
			}
			h.Write(b)
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Printf("plan: %.2f s, %.2f s CPU, %d rounds (converged %v), decisions %016x\n",
			time.Since(start).Seconds(), (cpuTime() - cpu).Seconds(), st.Rounds, st.Converged, h.Sum64())
	}
	return nil
}

// phases prints the wall and CPU time since the last mark.
type phases struct {
	start, last       time.Time
	startCPU, lastCPU time.Duration
}

func newPhases() *phases {
	now, cpu := time.Now(), cpuTime()
	return &phases{start: now, last: now, startCPU: cpu, lastCPU: cpu}
}

func (p *phases) mark(what string) {
	now, cpu := time.Now(), cpuTime()
	fmt.Printf("  %-34s %6.2f s wall %6.2f s CPU   (at %6.2f s, %6.2f s CPU)\n", what,
		now.Sub(p.last).Seconds(), (cpu - p.lastCPU).Seconds(), now.Sub(p.start).Seconds(), (cpu - p.startCPU).Seconds())
	p.last, p.lastCPU = now, cpu
}

// planAndSave is ops.Service.Plan with its phases timed.
func planAndSave(path, prof, memprof string) error {
	ctx := context.Background()
	if prof != "" {
		f, err := os.Create(prof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if memprof != "" {
		runtime.MemProfileRate = 64 << 10
	}
	ph := newPhases()
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	rb, ver, err := db.RateBook(ctx)
	if err != nil {
		return err
	}
	eng, err := logistics.NewEngine(&rb)
	if err != nil {
		return err
	}
	ph.mark("open, rate book")
	planner := eng.NewPlanner()
	planner.SkipReasons = true
	defer planner.Close()
	in, err := db.PlanOrders(ctx, logistics.NoDate, logistics.NoDate, planner.Add)
	if err != nil {
		return err
	}
	ph.mark(fmt.Sprintf("read %d orders", len(in.Orders)))
	var st logistics.PlanStats
	first := true
	run, err := db.SavePlan(ctx, store.PlanRun{From: logistics.NoDate, To: logistics.NoDate, RateBookID: ver.ID},
		func(save func(int64, *logistics.Decision) error) error {
			var err error
			st, err = planner.Plan(ctx, in.Orders, func(i int, d *logistics.Decision) error {
				if first {
					first = false
					ph.mark("prepare the rest, rounds")
				}
				return save(in.IDs[i], d)
			})
			if err == nil {
				ph.mark("emit, encode")
			}
			return err
		})
	if err != nil {
		return err
	}
	ph.mark(fmt.Sprintf("writer, commit (%d decisions)", run.Decisions))
	if memprof != "" {
		f, err := os.Create(memprof)
		if err != nil {
			return err
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
		f.Close()
	}
	if err := db.Close(); err != nil {
		return err
	}
	ph.mark("close (checkpoint)")
	fmt.Printf("total %.2f s wall, %.2f s CPU; %d rounds (converged %v)\n", time.Since(ph.start).Seconds(),
		(cpuTime() - ph.startCPU).Seconds(), st.Rounds, st.Converged)
	return nil
}
