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
// and CPU time of each, and the cores the program wanted meanwhile. With -trace it
// prints every step the planner and the writer report (logistics.PlanTrace) too:
// the pricing, each round, the last decision, the writer's inserts, each index it
// builds again, the commit.
package main

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"sync"
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
	trace := flag.Bool("trace", false, "with -save: print every step the planner and the writer report")
	flag.Parse()
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(800 << 20) // as shipmode's main does
	}
	var err error
	if *save {
		err = planAndSave(*path, *prof, *memprof, *trace)
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

// phases prints the wall and CPU time since the last mark, and how many cores the
// program could use meanwhile: the goroutines running or runnable (at most
// GOMAXPROCS), sampled every millisecond. On a busy machine the wall time says
// little; the cores wanted say how the phase would spread on an idle one (its
// CPU time divided by them is about its wall time there).
type phases struct {
	start, last       time.Time
	startCPU, lastCPU time.Duration

	mu                 sync.Mutex
	wanted, sys, count float64 // since the last mark
}

func newPhases() *phases {
	now, cpu := time.Now(), cpuTime()
	p := &phases{start: now, last: now, startCPU: cpu, lastCPU: cpu}
	go p.sample()
	return p
}

// sample adds up the cores wanted, every millisecond, for as long as the program runs.
func (p *phases) sample() {
	m := []metrics.Sample{{Name: "/sched/goroutines/running:goroutines"}, {Name: "/sched/goroutines/runnable:goroutines"},
		{Name: "/sched/goroutines/not-in-go:goroutines"}}
	procs := float64(runtime.GOMAXPROCS(0))
	for range time.Tick(time.Millisecond) {
		metrics.Read(m)
		var v [3]float64
		for k, s := range m {
			if s.Value.Kind() == metrics.KindUint64 {
				v[k] = float64(s.Value.Uint64())
			}
		}
		n := v[0] + v[1] - 1 // (this goroutine)
		p.mu.Lock()
		p.wanted += min(max(n, 0), procs)
		p.sys += v[2]
		p.count++
		p.mu.Unlock()
	}
}

// mark prints the phase what that just ended; it may be called from any goroutine.
func (p *phases) mark(what string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now, cpu := time.Now(), cpuTime()
	wanted, sys := p.wanted/max(p.count, 1), p.sys/max(p.count, 1)
	p.wanted, p.sys, p.count = 0, 0, 0
	fmt.Printf("  at %6.2f s (%6.2f s CPU): %5.2f s wall %5.2f s CPU %4.2f cores wanted, %4.2f in system calls  %s\n",
		now.Sub(p.start).Seconds(), (cpu - p.startCPU).Seconds(), now.Sub(p.last).Seconds(), (cpu - p.lastCPU).Seconds(), wanted, sys, what)
	p.last, p.lastCPU = now, cpu
}

// planAndSave is ops.Service.Plan with its phases timed.
func planAndSave(path, prof, memprof string, trace bool) error {
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
	if trace {
		ctx = logistics.WithPlanTrace(ctx, func(what string) { ph.mark("· " + what) })
	}
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
	run, err := db.SavePlan(ctx, store.PlanRun{From: logistics.NoDate, To: logistics.NoDate, RateBookID: ver.ID, ReadAt: in.ReadAt, Orders: len(in.Orders)},
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
