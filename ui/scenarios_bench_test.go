package ui

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shipmode/logistics"
	"shipmode/ops"
)

// BenchmarkScenarioRunToResult measures, on a real database named by
// SHIPMODE_BENCH_DB (bench/scenario.sh passes its million-order demo), the
// Scenarios screen of issue 12: the time from Run — the UK warehouse with its two
// best sellers, the default 90 days — until the result is on the tiles and chart
// (target ≤ 2 s), and, once, the screen's loading (warehouses, SKUs and their
// demand by destination). The work runs as in the app, on the task runner, here
// drained on the benchmark's goroutine.
func BenchmarkScenarioRunToResult(b *testing.B) {
	path := os.Getenv("SHIPMODE_BENCH_DB")
	if path == "" {
		b.Skip("SHIPMODE_BENCH_DB not set (see bench/scenario.sh)")
	}
	test.NewTempApp(b)
	svc, err := ops.Open(context.Background(), path, "bench")
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	q := &queue{}
	w := test.NewTempWindow(b, widget.NewLabel(""))
	e := &env{win: w, tr: newTranslator(langEnglish), run: q.run, today: func() logistics.Date { return 0 },
		showErr: func(err error) { b.Fatal(err) }}
	s := newScenariosScreen(e, newSource(Deps{Ops: svc}))
	start := time.Now()
	w.SetContent(s.content())
	w.Resize(fyne.NewSize(1280, 800))
	q.drain()
	load := time.Since(start).Seconds()
	s.whSel.SetSelectedIndex(s.warehouseIndex("WH-GB-BHX"))
	s.setPicked(slices.Clone(s.ranked[:2]))
	var times []float64
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		test.Tap(s.runBtn)
		q.drain()
		times = append(times, time.Since(start).Seconds())
		if s.result == nil || s.result.Warehouse != "WH-GB-BHX" {
			b.Fatalf("no result after Run")
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "s-cpu/op")
	slices.Sort(times)
	b.ReportMetric(times[len(times)/2], "s-median")
	b.ReportMetric(times[len(times)-1], "s-max")
	b.ReportMetric(float64(s.result.OrdersMoved), "moved")
	b.ReportMetric(load, "s-load")
}
