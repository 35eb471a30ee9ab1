package ui

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"shipmode/logistics"
	"shipmode/store"
)

// BenchmarkFilterToFirstRows measures, on a real database named by
// SHIPMODE_BENCH_DB (bench/ui.sh makes one with a million demo orders), the time from
// a filter change to the first block of rows on screen, the screen opened (the
// references read for searches started) as the setup ends. Each change does what the
// orders screen does: the previous query's reads are cancelled, the first block is
// read, and the clock stops when it has been applied; then the count and the id list
// start (and run into the next change, which cancels them).
func BenchmarkFilterToFirstRows(b *testing.B) {
	path := os.Getenv("SHIPMODE_BENCH_DB")
	if path == "" {
		b.Skip("SHIPMODE_BENCH_DB not set (see bench/ui.sh)")
	}
	test.NewTempApp(b)
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	a := &storeAdapter{db: db}
	prepareSearch(a) // (as the orders screen does when it opens)
	n, err := db.CountOrders(ctx, store.OrderFilter{})
	if err != nil {
		b.Fatal(err)
	}
	sum, err := db.Summary(ctx, logistics.NoDate, logistics.NoDate)
	if err != nil {
		b.Fatal(err)
	}
	country := "US"
	if len(sum.ByCountry) > 1 {
		country = sum.ByCountry[1].Country
	}
	filters := []store.OrderFilter{
		{},
		{Mode: logistics.ModeConsolidation},
		{Country: country},
		{SLARisk: true},
		{Sort: store.SortTotal, Desc: true},
		{Status: logistics.Shipped, Sort: store.SortRef},
		{Search: "1"},
		{Unplanned: true},
		// issue 15: anywhere in a reference (one order of the demo), in a SKU, any case
		{Search: "8301356"},
		{Search: "smart"},
		{Sort: store.SortTotal},
		{Mode: logistics.ModeWarehouse, Desc: true},
	}
	arrived := make(chan struct{}, 1)
	rows := newRowBlocks[store.OrderRow](goRunner, nil, func() {
		select {
		case arrived <- struct{}{}:
		default:
		}
	}, func(err error) { b.Error(err) })
	var cancel context.CancelFunc = func() {}
	var lat []time.Duration
	byFilter := make([][]time.Duration, len(filters))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		f := filters[i%len(filters)]
		start := time.Now()
		cancel()
		var qctx context.Context
		qctx, cancel = context.WithCancel(ctx)
		q := &orderQuery{f: f}
		rows.reset(q.fetch(a))
		rows.prefetch(0)
		<-arrived
		lat = append(lat, time.Since(start))
		byFilter[i%len(filters)] = append(byFilter[i%len(filters)], time.Since(start))
		if rows.firstLen() == blockSize {
			go func() { _, _ = a.CountOrders(qctx, f) }()
			go func() {
				if ids, err := a.OrderIDs(qctx, f); err == nil {
					q.ids.Store(&ids)
				}
			}()
		}
	}
	cancel()
	b.StopTimer()
	for k, l := range byFilter {
		logSpread(b, fmt.Sprintf("%+v", filters[k]), l)
	}
	reportLatencies(b, lat)
	b.ReportMetric(float64(n), "orders")
}

// logSpread logs the median and the largest of latencies l (sorting them), under
// label.
func logSpread(b *testing.B, label string, l []time.Duration) {
	if len(l) > 0 {
		slices.Sort(l)
		b.Logf("%s: median %v, max %v of %d", label, l[len(l)/2].Round(time.Millisecond/10), l[len(l)-1].Round(time.Millisecond/10), len(l))
	}
}

// reportLatencies reports the median, p95 and largest of latencies lat (sorting
// them) in ms.
func reportLatencies(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "ms-p95")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "ms-max")
}

// BenchmarkDeepBlock measures reading one block deep in a million orders once the
// ids are known (what scrolling costs), against reading it by offset.
func BenchmarkDeepBlock(b *testing.B) {
	path := os.Getenv("SHIPMODE_BENCH_DB")
	if path == "" {
		b.Skip("SHIPMODE_BENCH_DB not set (see bench/ui.sh)")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ids, err := db.OrderIDs(ctx, store.OrderFilter{})
	if err != nil {
		b.Fatal(err)
	}
	deep := len(ids) * 3 / 4 / blockSize * blockSize
	b.Run("by-ids", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.OrderRows(ctx, ids[deep:min(len(ids), deep+blockSize)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("by-offset", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.ListOrders(ctx, store.OrderFilter{}, deep, blockSize); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSearchAfterOpen measures what a seller meets who searches at once: the
// database just opened (its connections' caches empty, no reference in memory),
// the orders screen opened on it as the window opens it (its first block, then
// its count and id list, and the references read for searches), and a search
// typed d after the database opened, d from 0 to 2 s; the clock runs from the
// search to its first block applied, with the screen's count and id list
// cancelled as a filter change cancels them. Each search at each delay, median,
// p95 and max of them all, and of the process's CPU time over the same span (the
// references' read it may wait for included): on a busy machine the wall clock
// mostly measures the wait for a core.
func BenchmarkSearchAfterOpen(b *testing.B) {
	path := os.Getenv("SHIPMODE_BENCH_DB")
	if path == "" {
		b.Skip("SHIPMODE_BENCH_DB not set (see bench/ui.sh)")
	}
	test.NewTempApp(b)
	ctx := context.Background()
	searches := []string{"8301356", "smart", "-31308-", "1"}
	delays := []time.Duration{0, 100 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second}
	arrived := make(chan struct{}, 1)
	rows := newRowBlocks[store.OrderRow](goRunner, nil, func() {
		select {
		case arrived <- struct{}{}:
		default:
		}
	}, func(err error) { b.Error(err) })
	// screenQuery does what the orders screen does for f: its first block, then
	// its count and id list until cancel.
	screenQuery := func(a *storeAdapter, f store.OrderFilter) (first time.Duration, cancel context.CancelFunc) {
		start := time.Now()
		qctx, cancel := context.WithCancel(ctx)
		q := &orderQuery{f: f}
		rows.reset(q.fetch(a))
		rows.prefetch(0)
		<-arrived
		first = time.Since(start)
		if rows.firstLen() == blockSize {
			go func() {
				if _, err := a.CountOrders(qctx, f); err == nil {
					if ids, err := a.OrderIDs(qctx, f); err == nil {
						q.ids.Store(&ids)
					}
				}
			}()
		}
		return first, cancel
	}
	var lat []time.Duration
	var cpu []float64 // ms of the process's CPU from each search to its first rows
	byDelay := make([][]time.Duration, len(delays))
	var opened time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := delays[i%len(delays)]
		s := searches[i/len(delays)%len(searches)]
		start := time.Now()
		db, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		a := &storeAdapter{db: db}
		_, cancel := screenQuery(a, newestFirst(store.OrderFilter{}))
		prepareSearch(a) // (as the screen does when it opens)
		opened += time.Since(start)
		time.Sleep(time.Until(start.Add(d)))
		cancel()
		cpu0 := cpuSeconds()
		took, cancel := screenQuery(a, newestFirst(store.OrderFilter{Search: s}))
		cpu = append(cpu, (cpuSeconds()-cpu0)*1000)
		cancel()
		rows.stop()
		lat = append(lat, took)
		byDelay[i%len(delays)] = append(byDelay[i%len(delays)], took)
		b.Logf("search %q %v after opening: %v (%.1f ms of CPU)", s, d, took.Round(time.Millisecond/10), cpu[len(cpu)-1])
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	for k, l := range byDelay {
		logSpread(b, fmt.Sprintf("searched %v after opening", delays[k]), l)
	}
	reportLatencies(b, lat)
	b.ReportMetric(float64(opened.Microseconds())/1000/float64(len(lat)), "ms-open")
	sort.Float64s(cpu)
	b.ReportMetric(cpu[len(cpu)/2], "ms-cpu-median")
	b.ReportMetric(cpu[len(cpu)*95/100], "ms-cpu-p95")
}
