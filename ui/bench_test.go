package ui

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"shipmode/logistics"
	"shipmode/store"
)

// BenchmarkFilterToFirstRows measures, on a real database named by
// SHIPMODE_BENCH_DB (bench/ui.sh makes one with a million demo orders), the time from
// a filter change to the first block of rows on screen. Each change does what the
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
		if len(l) > 0 {
			sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
			b.Logf("%+v: median %v, max %v of %d", filters[k], l[len(l)/2].Round(time.Millisecond/10), l[len(l)-1].Round(time.Millisecond/10), len(l))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "ms-p95")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "ms-max")
	b.ReportMetric(float64(n), "orders")
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
