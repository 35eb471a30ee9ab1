// Command planbench plans the open orders of a shipmode database in memory, as
// `shipmode plan` does but without writing the decisions, to measure and profile
// the engine alone: planbench -db FILE [-runs N] [-cpuprofile FILE]. Each run prints
// its wall and CPU time and a hash of the decisions (order, chosen option, total, SLA flag, every
// option's total), which must not change when the engine is only made faster.
package main

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"shipmode/logistics"
	"shipmode/store"
)

func main() {
	path := flag.String("db", "", "shipmode database")
	runs := flag.Int("runs", 1, "plans to run")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the plans (not the reading) to this file")
	flag.Parse()
	if err := run(*path, *runs, *prof); err != nil {
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
	start := time.Now()
	in, err := db.PlanInputFunc(ctx, logistics.NoDate, logistics.NoDate, nil)
	if err != nil {
		return err
	}
	fmt.Printf("read %d open orders in %.2f s\n", len(in.Orders), time.Since(start).Seconds())
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
