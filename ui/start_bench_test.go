package ui

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shipmode/ops"
)

// BenchmarkStartToDashboard measures issue 15's start-up figures on a real database
// named by SHIPMODE_BENCH_DB (bench/ui.sh: the million-order demo, or a PostgreSQL
// URL), each run from nothing open: the database opened (ops.Open: the schema
// checked) and the window built and drawn once — the first frame —, then until the
// dashboard shows its figures (the summary of all time and the plan's state read
// and put on the tiles). It reports the medians and the 95th percentiles, in ms.
// The process's own start (loading the binary, the fonts' init) is not in them:
// bench/ui.sh times it apart.
func BenchmarkStartToDashboard(b *testing.B) {
	path := os.Getenv("SHIPMODE_BENCH_DB")
	if path == "" {
		b.Skip("SHIPMODE_BENCH_DB not set (see bench/ui.sh)")
	}
	a := test.NewTempApp(b)
	ctx := context.Background()
	var frame, figures []time.Duration
	for b.Loop() {
		t0 := time.Now()
		svc, err := ops.Open(ctx, path, "bench")
		if err != nil {
			b.Fatal(err)
		}
		w := a.NewWindow("Shipmode")
		w.Resize(fyne.NewSize(1280, 800))
		var s *shell
		fyne.DoAndWait(func() {
			s = start(a, w, Deps{Ops: svc}, goRunner)
			w.Show()
			w.Canvas().Capture()
		})
		frame = append(frame, time.Since(t0))
		for shown := false; !shown; {
			fyne.DoAndWait(func() {
				d := s.dashboard
				shown = d != nil && d.loading == nil && d.status != nil && d.status.Text == "" && d.cur != ""
			})
			if !shown {
				if time.Since(t0) > time.Minute {
					b.Fatal("the dashboard showed no figures within a minute")
				}
				time.Sleep(time.Millisecond)
			}
		}
		figures = append(figures, time.Since(t0))
		fyne.DoAndWait(func() {
			s.e.cancelAll()
			s.stopAll()
			w.Close()
		})
		svc.Close()
	}
	b.StopTimer()
	report := func(l []time.Duration, name string) {
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		b.ReportMetric(float64(l[len(l)/2].Microseconds())/1000, name+"-ms-median")
		b.ReportMetric(float64(l[(len(l)*95+99)/100-1].Microseconds())/1000, name+"-ms-p95")
	}
	report(frame, "first-frame")
	report(figures, "dashboard")
}
